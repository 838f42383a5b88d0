from django.urls import path

from associations import views

app_name = "associations"

urlpatterns = [
    path("", views.directory, name="directory"),
    path("<slug:slug>/", views.detail, name="detail"),
]
