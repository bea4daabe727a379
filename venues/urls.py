from django.urls import path

from . import views

app_name = "venues"

urlpatterns = [
    path("", views.VenueList.as_view(), name="list"),
    path("clusters/", views.ClusterList.as_view(), name="clusters"),
    path("map/", views.VenueMap.as_view(), name="map"),
    path("map/data/", views.map_data, name="map-data"),
    path("clusters/<int:pk>/", views.ClusterDetail.as_view(), name="cluster"),
    path("<int:pk>/", views.VenueDetail.as_view(), name="venue"),
]
