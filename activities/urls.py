from django.urls import path

from . import review_views, views

app_name = "activities"

urlpatterns = [
    path("", views.activity_list, name="list"),
    path("new/", views.activity_create, name="create"),
    path("<int:pk>/edit/", views.activity_edit, name="edit"),
    path("<int:pk>/withdraw/", views.activity_withdraw, name="withdraw"),
    path("month/", views.month_view, name="month"),
    path("review/", review_views.review_list, name="review"),
    path("photos/hold/", views.hold_photos, name="hold-photos"),
    path("search/", views.search, name="search"),
]
