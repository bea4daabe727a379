from django.urls import path
from rest_framework.routers import DefaultRouter

from . import views

app_name = "accounts-api"

router = DefaultRouter()
router.register("users", views.UserViewSet)
router.register("messages", views.MessageViewSet, basename="message")

urlpatterns = [
    path("me/", views.MeView.as_view(), name="me"),
    path("me/tokens/", views.OwnTokensView.as_view(), name="me-tokens"),
    path("me/password/", views.OwnPasswordView.as_view(), name="me-password"),
    *router.urls,
]
