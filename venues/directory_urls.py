from django.urls import path

from . import directory

app_name = "directory"

urlpatterns = [
    path("", directory.index, name="index"),
    path("near/", directory.near, name="near"),
    path("<int:pk>/", directory.place, name="place"),
    path("photo/<int:person_id>/", directory.photo, name="photo"),
]
