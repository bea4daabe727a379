from django.urls import path
from rest_framework.routers import DefaultRouter

from . import views

app_name = "venues-api"

router = DefaultRouter()
router.register("venues", views.VenueViewSet)
router.register("clusters", views.VenueClusterViewSet)
router.register("memberships", views.ClusterMembershipViewSet)
router.register("community-centres", views.CommunityCentreViewSet)
router.register("upgrades", views.UpgradeViewSet)
router.register("upgrade-photos", views.UpgradePhotoViewSet)
router.register("online-services", views.OnlineServiceViewSet)
router.register("consultations", views.ConsultationRequestViewSet)

urlpatterns = [
    path("consultations/precision/", views.ConsultationPrecisionView.as_view(), name="consultation-precision"),
    *router.urls,
]
