from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from associations.models import Assignment


class VolunteeringSitemap(Sitemap):
    changefreq = "daily"

    def items(self):
        return ["list", *Assignment.objects.open().order_by("pk")]

    def location(self, item):
        if item == "list":
            return reverse("volunteering:list")
        return item.get_absolute_url()

    def lastmod(self, item):
        return None if item == "list" else item.updated_at
