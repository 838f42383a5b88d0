from django.contrib.sitemaps import Sitemap

from associations.models import Association


class AssociationSitemap(Sitemap):
    changefreq = "weekly"
    limit = 5000

    def items(self):
        return Association.objects.public().only("slug", "updated_at").order_by("pk")

    def lastmod(self, association):
        return association.updated_at
