from rest_framework.routers import DefaultRouter

from . import views

app_name = "organizations-api"

router = DefaultRouter()
router.register("federations", views.FederationViewSet)

urlpatterns = router.urls
