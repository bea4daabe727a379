from rest_framework.routers import DefaultRouter

app_name = "evaluations-api"

router = DefaultRouter()

urlpatterns = router.urls
