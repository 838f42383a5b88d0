from django.urls import path

from councils import feeds, views
from portal.pagecache import cache_public_page

app_name = "councils"

urlpatterns = [
    path("", views.index, name="index"),
    path("sok/", views.search, name="search"),
    path("bilaga/<int:pk>/", views.attachment, name="attachment"),
    path("flode/rss/", cache_public_page("councils")(feeds.MinutesRssFeed()), name="feed_rss"),
    path("flode/atom/", cache_public_page("councils")(feeds.MinutesAtomFeed()), name="feed_atom"),
    path("kalender.ics", feeds.calendar, name="calendar"),
    path("oppna-data/", feeds.export, name="export"),
    path("prenumerera/", views.subscribe, name="subscribe"),
    path("prenumerera/bekrafta/<str:token>/", views.confirm, name="confirm"),
    path("prenumerera/avsluta/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("<slug:slug>/", views.council, name="council"),
    path("<slug:slug>/ledamoter/", views.members, name="members"),
    path("<slug:slug>/mote/<int:pk>/", views.meeting, name="meeting"),
    path("<slug:slug>/mote/<int:pk>/data.json", feeds.meeting_json, name="meeting_json"),
    path("<slug:slug>/mote/<int:pk>/paragraf/<int:number>/", views.decision, name="decision"),
    path("<slug:slug>/<str:day>/<int:number>/", views.cite, name="cite"),
]
