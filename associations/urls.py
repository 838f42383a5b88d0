from django.urls import path

from associations import views

app_name = "associations"

urlpatterns = [
    path("", views.directory, name="directory"),
    path("foreningar.csv", views.directory_csv, name="directory_csv"),
    path("foreningar.json", views.directory_json, name="directory_json"),
    path("registrera/", views.register, name="register"),
    path("inbjudan/<str:token>/", views.accept_invitation, name="accept_invitation"),
    path("<slug:slug>/", views.detail, name="detail"),
    path("<slug:slug>/redigera/", views.edit, name="edit"),
    path("<slug:slug>/skicka-in/", views.submit, name="submit"),
    path("<slug:slug>/arsuppdatering/", views.annual_update, name="annual_update"),
    path("<slug:slug>/medlemmar/", views.members, name="members"),
    path("<slug:slug>/medlemmar/<int:pk>/roll/", views.member_role, name="member_role"),
    path("<slug:slug>/medlemmar/<int:pk>/ta-bort/", views.member_remove, name="member_remove"),
    path("<slug:slug>/lamna/", views.leave, name="leave"),
]
