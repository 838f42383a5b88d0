from django.contrib.sitemaps import Sitemap

from resources.models import Resource


class ResourceSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return Resource.objects.active().order_by("pk")
