from django.urls import path

from bookings import views

app_name = "bookings"

urlpatterns = [
    path("", views.mine, name="mine"),
    path("boka/<slug:slug>/", views.create, name="create"),
    path("boka/<slug:slug>/staende/", views.create_series, name="series"),
    path("boka/<slug:slug>/vantelista/", views.join_waiting_list, name="waiting_list"),
    path("godkannande/", views.queue, name="queue"),
    path("godkannande/beslut/", views.decide, name="decide"),
    path("anvandning/", views.utilisation, name="utilisation"),
    path("kalenderlank/", views.feed_token, name="feed_token"),
    path("kalender/<str:token>.ics", views.association_feed, name="feed"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/avboka/", views.cancel, name="cancel"),
    path("<int:pk>/flytta/", views.move, name="move"),
    path("<int:pk>/narvaro/", views.attendance, name="attendance"),
    path("<int:pk>/bokning.ics", views.booking_ics, name="ics"),
]
