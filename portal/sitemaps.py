from django.contrib.sitemaps import Sitemap
from django.urls import reverse


class StaticSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return ["home", "about", "accessibility", "privacy"]

    def location(self, item):
        return reverse(item)


# Each app adds its public objects here (published minutes, public associations, ...).
from resources.sitemaps import ResourceSitemap  # noqa: E402

SITEMAPS = {"resources": ResourceSitemap, "static": StaticSitemap}
