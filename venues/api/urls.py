from rest_framework.routers import DefaultRouter

app_name = "venues-api"

router = DefaultRouter()

urlpatterns = router.urls
