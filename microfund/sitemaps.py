from django.contrib.sitemaps import Sitemap
from django.urls import reverse


class MicrofundSitemap(Sitemap):
    """The microfund's only public page: how to apply. Applications are private."""

    changefreq = "monthly"

    def items(self):
        return ["microfund:index"]

    def location(self, item):
        return reverse(item)
