from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from microfund.sitemaps import MicrofundSitemap


class StaticSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return ["home", "about", "accessibility", "privacy"]

    def location(self, item):
        return reverse(item)


# Each app adds its public objects here (published minutes, public associations, ...).
SITEMAPS = {"microfund": MicrofundSitemap, "static": StaticSitemap}
