from django.urls import path
from rest_framework.routers import DefaultRouter

from . import views

app_name = "organizations-api"

router = DefaultRouter()
router.register("federations", views.FederationViewSet)
router.register("member-units", views.MemberUnitViewSet)
router.register("women-organizations", views.WomenOrganizationViewSet)
router.register("clusters", views.JointBuildingClusterViewSet)

urlpatterns = [path("coverage/", views.CoverageView.as_view(), name="coverage"), *router.urls]
