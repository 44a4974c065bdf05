"""Pages of the dedication app under /c/<community>/dedication/.

The web pages (views.py, owned by the web work) and the certificate pages
(certificate_views.py) keep their patterns in separate lists so that they grow apart.
"""

from sanjian.dedication import certificate_urls, web_urls

app_name = "dedication"
urlpatterns = [*web_urls.urlpatterns, *certificate_urls.urlpatterns]
