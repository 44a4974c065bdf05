"""Pages of the health app under /c/<community>/health/."""

app_name = "health"
urlpatterns: list = []
