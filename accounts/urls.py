from django.urls import path

from . import inbox_views, views

urlpatterns = [
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("password/done/", views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("inbox/", inbox_views.inbox_list, name="inbox"),
    path("inbox/<int:pk>/", inbox_views.message_detail, name="inbox-message"),
    path("inbox/<int:pk>/read/", inbox_views.message_read, name="inbox-read"),
    path("inbox/read-all/", inbox_views.read_all, name="inbox-read-all"),
]
