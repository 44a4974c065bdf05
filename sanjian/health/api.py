"""The health API under /api/v1/c/<community>/health/."""

urlpatterns: list = []
