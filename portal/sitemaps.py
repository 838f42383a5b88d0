from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from associations.sitemaps import AssociationSitemap
from associations.volunteer_sitemaps import VolunteeringSitemap
from councils.sitemaps import CouncilMeetingSitemap
from microfund.sitemaps import MicrofundSitemap
from resources.sitemaps import ResourceSitemap


class StaticSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return ["home", "about", "accessibility", "privacy"]

    def location(self, item):
        return reverse(item)


# Each app adds its public objects here (published minutes, public associations, ...).
SITEMAPS = {
    "associations": AssociationSitemap,
    "councils": CouncilMeetingSitemap,
    "microfund": MicrofundSitemap,
    "resources": ResourceSitemap,
    "static": StaticSitemap,
    "volunteering": VolunteeringSitemap,
}
