from django.urls import path

from portal.reports import views

app_name = "reports"

urlpatterns = [
    path("samordnare/", views.dashboard, name="dashboard"),
    path("samordnare/nyckeltal/", views.keyfigures, name="keyfigures"),
    path("samordnare/nyckeltal/sektor/", views.sector_figures, name="sector_figures"),
    path("samordnare/rapporter/", views.runs, name="runs"),
    path("samordnare/rapporter/<int:pk>/", views.run_detail, name="run_detail"),
    path("samordnare/rapporter/<int:pk>/status/", views.run_status, name="run_status"),
    path("samordnare/rapporter/<int:pk>/<str:fmt>/", views.run_download, name="run_download"),
    path("nyckeltal/", views.association_figures, name="association_figures"),
]
