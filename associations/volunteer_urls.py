from django.urls import path

from associations import volunteer_views as views

app_name = "volunteering"

urlpatterns = [
    path("", views.assignment_list, name="list"),
    path("<int:pk>/", views.assignment_detail, name="detail"),
    path("<int:pk>/anmal/", views.apply, name="apply"),
    path("forslag/", views.suggestions, name="suggestions"),
    path("profil/", views.profile_edit, name="profile"),
    path("profil/export/", views.profile_export, name="profile_export"),
    path("profil/radera/", views.profile_delete, name="profile_delete"),
    path("mina-anmalningar/", views.my_applications, name="my_applications"),
    path("anmalan/<int:pk>/aterta/", views.withdraw, name="withdraw"),
    path("kalender/<str:token>.ics", views.calendar_feed, name="calendar"),
    path("forening/", views.manage, name="manage"),
    path("forening/nytt/", views.assignment_create, name="create"),
    path("<int:pk>/redigera/", views.assignment_edit, name="edit"),
    path("<int:pk>/publicera/", views.assignment_publish, name="publish"),
    path("<int:pk>/stang/", views.assignment_close, name="close"),
    path("<int:pk>/sokande/", views.applicants, name="applicants"),
    path("<int:pk>/kandidater/", views.candidates, name="candidates"),
    path("<int:pk>/kandidater/<int:profile_pk>/", views.invite, name="invite"),
    path("anmalan/<int:pk>/<slug:action>/", views.decide, name="decide"),
    path("<int:pk>/avpublicera/", views.unpublish, name="unpublish"),
    path("<int:pk>/godkann/", views.approve, name="approve"),
]
