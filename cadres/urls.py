from django.urls import path

from . import views

app_name = "cadres"

urlpatterns = [
    path("gaps/", views.gap_list, name="gaps"),
    path("rotation/", views.rotation, name="rotation"),
    path("import/", views.import_people, name="import"),
    path("import/template/", views.import_template, name="import-template"),
    path("import/<int:pk>/", views.import_job, name="import-job"),
]
