"""The service app's interface under /api/…/service/ (DRF on ``tenancy.api.CommunityViewSetMixin``)."""

urlpatterns: list = []
