"""The committee's pages under /company/<company_slug>/windows/."""

from django.urls import path

from sanjian.windows.views import ranking

app_name = "windows_company"
urlpatterns = [path("", ranking.company_ranking, name="ranking")]
