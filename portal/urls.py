from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from portal import privacy_views, views
from portal.sitemaps import SITEMAPS

# The admin's login goes through allauth (its rate limits and MFA apply there too).
admin.site.login = secure_admin_login(admin.site.login)
admin.site.site_header = "Idéburna"
admin.site.site_title = "Idéburna admin"

urlpatterns = [
    path("", views.home, name="home"),
    path("om/", views.about, name="about"),
    path("tillganglighet/", views.accessibility, name="accessibility"),
    path("integritet/", views.privacy, name="privacy"),
    path("mina-sidor/", views.dashboard, name="dashboard"),
    path("mina-sidor/forening/", views.switch_association, name="switch_association"),
    path("mina-sidor/mina-uppgifter/", privacy_views.my_data, name="my_data"),
    path(
        "mina-sidor/mina-uppgifter/ladda-ner/",
        privacy_views.my_data_download,
        name="my_data_download",
    ),
    path("mina-sidor/radera-konto/", privacy_views.delete_account, name="delete_account"),
    path("mina-sidor/", include("portal.reports.urls")),
    path("healthz", views.healthz, name="healthz"),
    path("livez", views.livez, name="livez"),
    path("konto/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("foreningar/", include("associations.urls")),
    path("uppdrag/", include("associations.volunteer_urls")),
    path("lokaler/", include("resources.urls")),
    path("bokningar/", include("bookings.urls")),
    path("samhallsrad/", include("councils.urls")),
    path("mikrofond/", include("microfund.urls")),
]

handler400 = "portal.views.bad_request"
handler403 = "portal.views.permission_denied"
handler404 = "portal.views.page_not_found"
handler500 = "portal.views.server_error"
