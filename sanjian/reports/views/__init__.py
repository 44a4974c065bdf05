"""The reports app's pages, one module per kind of page."""

from sanjian.reports.views.overview import company, dashboard

__all__ = ["company", "dashboard"]
