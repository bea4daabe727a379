from rest_framework.routers import DefaultRouter

app_name = "activities-api"

router = DefaultRouter()

urlpatterns = router.urls
