app_name = "activities"

urlpatterns = []
