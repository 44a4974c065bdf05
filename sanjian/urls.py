from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.i18n import set_language
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from sanjian.reports import views as reports
from sanjian.service import urls as service_urls
from sanjian.web import views as web
from sanjian.windows import urls as windows_urls

# Each app's community pages hang under /c/<community_slug>/, which CommunityMiddleware resolves.
community_patterns = [
    path("", include("sanjian.reports.urls")),
    path("p/<slug:section>/", web.platform, name="platform"),
    path("home/", web.my_home, name="my_home"),
    path("org/", include("sanjian.org.urls")),
    path("members/", include("sanjian.members.urls")),
    path("windows/", include("sanjian.windows.urls")),
    path("assessment/", include("sanjian.assessment.urls")),
    path("dedication/", include("sanjian.dedication.urls")),
    path("service/", include("sanjian.service.urls")),
    path("health/", include("sanjian.health.urls")),
]
api_patterns = [
    path("org/", include("sanjian.org.api")),
    path("members/", include("sanjian.members.api")),
    path("windows/", include("sanjian.windows.api")),
    path("assessment/", include("sanjian.assessment.api")),
    path("dedication/", include("sanjian.dedication.api")),
    path("service/", include("sanjian.service.api")),
    path("health/", include("sanjian.health.api")),
]

# The committee's pages hang under /company/<company_slug>/, resolved by the same middleware.
company_patterns = [
    path("", reports.company, name="company"),
    path("windows/", include((windows_urls.company_urlpatterns, "windows_company"))),
    path("service/", include((service_urls.company_urlpatterns, "service_company"))),
]

urlpatterns = [
    path("", web.home, name="home"),
    path("healthz", web.healthz, name="healthz"),
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("c/<slug:community_slug>/", include(community_patterns)),
    path("company/<slug:company_slug>/", include(company_patterns)),
    path("api/v1/c/<slug:community_slug>/", include(api_patterns)),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves its script as a file, so the docs page keeps the Content-Security-Policy.
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="api-docs"),
    path("admin/", admin.site.urls),
]

# Errors the code did not expect: JSON for the interface, the Chinese page for people, 503 while
# the database cannot be reached.
handler500 = "sanjian.web.views.server_error"
