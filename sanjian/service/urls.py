"""Pages of the service app under /c/<community>/service/."""

app_name = "service"
urlpatterns: list = []
