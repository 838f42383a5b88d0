from django.contrib.sitemaps import Sitemap

from councils.models import AgendaItem, Meeting, Minutes


class CouncilMeetingSitemap(Sitemap):
    """Meetings with published minutes, and their decisions. Never drafts."""

    changefreq = "yearly"
    limit = 5000

    def items(self):
        meetings = list(
            Meeting.objects.with_published_minutes()
            .select_related("council", "minutes")
            .order_by("-starts_at")[:2000]
        )
        decisions = list(
            AgendaItem.objects.filter(meeting__minutes__status=Minutes.Status.PUBLISHED)
            .select_related("meeting__council", "meeting__minutes")
            .order_by("-meeting__starts_at", "number")[:3000]
        )
        return meetings + decisions

    def lastmod(self, obj):
        minutes = obj.minutes if isinstance(obj, Meeting) else obj.meeting.minutes
        return minutes.published_at
