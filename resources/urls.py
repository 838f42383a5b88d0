from django.urls import path

from resources import views

app_name = "resources"

urlpatterns = [
    path("", views.resource_list, name="list"),
    path("ledigt/", views.free_slot_search, name="search"),
    path("<slug:slug>/", views.resource_detail, name="detail"),
    path("<slug:slug>/kalender/", views.resource_calendar, name="calendar"),
    path("<slug:slug>/kalender/<str:token>.ics", views.resource_feed, name="feed"),
]
