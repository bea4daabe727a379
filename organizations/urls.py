from django.urls import path

from . import views

app_name = "organizations"

urlpatterns = [
    path("tree/", views.tree, name="tree"),
    path("tree/children/", views.tree_children, name="tree-children"),
    path("tree/search/", views.tree_search, name="tree-search"),
]
