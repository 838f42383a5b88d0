"""Authorization matrix of the councils app. Everything public is public to all; drafts (and
their decisions, attachments and data) are GONE for everyone, secretaries included — they work
on drafts in the admin, where each one sees only the councils they are named on."""

from __future__ import annotations

from tests.access import GONE, PERSONAS, REDIRECT, Access, public


def _gone():
    return dict.fromkeys(PERSONAS, GONE)


def _council(world):
    from tests.councils import factories as cf

    return {"slug": cf.CouncilFactory().slug}


def _published(world):
    from tests.councils import factories as cf

    world.meeting = cf.published_meeting(items=2)
    return world.meeting


def _meeting_kwargs(world):
    meeting = _published(world)
    return {"slug": meeting.council.slug, "pk": meeting.pk}


def _draft(world):
    from tests.councils import factories as cf

    minutes = cf.MinutesFactory()
    cf.DecisionFactory(item=cf.AgendaItemFactory(meeting=minutes.meeting, number=1))
    return minutes.meeting


def _draft_kwargs(world):
    meeting = _draft(world)
    return {"slug": meeting.council.slug, "pk": meeting.pk}


def _notice_only_kwargs(world):
    meeting = _draft(world)
    meeting.notice_published = True
    meeting.save()
    return {"slug": meeting.council.slug, "pk": meeting.pk}


def _decision_kwargs(world):
    return {**_meeting_kwargs(world), "number": 1}


def _draft_decision_kwargs(world):
    return {**_draft_kwargs(world), "number": 1}


def _notice_decision_kwargs(world):
    return {**_notice_only_kwargs(world), "number": 1}


def _cite_kwargs(world):
    meeting = _published(world)
    return {"slug": meeting.council.slug, "day": f"{meeting.date:%Y-%m-%d}", "number": 1}


def _draft_cite_kwargs(world):
    meeting = _draft(world)
    return {"slug": meeting.council.slug, "day": f"{meeting.date:%Y-%m-%d}", "number": 1}


def _attachment(meeting):
    from tests.councils import factories as cf

    return {"pk": cf.AttachmentFactory(meeting=meeting).pk}


def _subscription(confirmed=False):
    from django.utils import timezone

    from councils.models import Subscription

    return Subscription.objects.create(
        email="medborgare@example.se", confirmed_at=timezone.now() if confirmed else None
    )


def _confirm_kwargs(world):
    from councils.subscriptions import confirm_token

    return {"token": confirm_token(_subscription())}


def _unsubscribe_kwargs(world):
    from councils.subscriptions import unsubscribe_token

    return {"token": unsubscribe_token(_subscription(confirmed=True))}


RULES = [
    Access("councils:index", public()),
    Access("councils:search", public()),
    Access("councils:feed_rss", public()),
    Access("councils:feed_atom", public()),
    Access("councils:calendar", public()),
    Access("councils:export", public()),
    Access("councils:subscribe", public()),
    Access(
        "councils:subscribe",
        dict.fromkeys(PERSONAS, REDIRECT),
        method="post",
        data=lambda world: {"email": "ny@example.se"},
        label="subscribe",
    ),  # fmt: skip
    Access("councils:confirm", public(), setup=_confirm_kwargs),
    Access(
        "councils:confirm",
        dict.fromkeys(PERSONAS, REDIRECT),
        setup=_confirm_kwargs,
        method="post",
        label="confirm",
    ),  # fmt: skip
    Access("councils:confirm", _gone(), setup=lambda w: {"token": "forged"}, label="forged"),
    Access("councils:unsubscribe", public(), setup=_unsubscribe_kwargs),
    Access(
        "councils:unsubscribe",
        dict.fromkeys(PERSONAS, REDIRECT),
        setup=_unsubscribe_kwargs,
        method="post",
        label="one-click",
    ),  # fmt: skip
    Access("councils:council", public(), setup=_council),
    Access("councils:members", public(), setup=_council),
    Access("councils:meeting", public(), setup=_meeting_kwargs),
    Access("councils:meeting", public(), setup=_notice_only_kwargs, label="notice only"),
    Access("councils:meeting", _gone(), setup=_draft_kwargs, label="draft"),
    Access("councils:meeting_json", public(), setup=_meeting_kwargs),
    Access("councils:meeting_json", _gone(), setup=_notice_only_kwargs, label="notice only"),
    Access("councils:meeting_json", _gone(), setup=_draft_kwargs, label="draft"),
    Access("councils:decision", public(), setup=_decision_kwargs),
    Access("councils:decision", _gone(), setup=_notice_decision_kwargs, label="notice only"),
    Access("councils:decision", _gone(), setup=_draft_decision_kwargs, label="draft"),
    Access("councils:cite", dict.fromkeys(PERSONAS, REDIRECT), setup=_cite_kwargs),
    Access("councils:cite", _gone(), setup=_draft_cite_kwargs, label="draft"),
    Access("councils:attachment", public(), setup=lambda w: _attachment(_published(w))),
    Access("councils:attachment", _gone(), setup=lambda w: _attachment(_draft(w)), label="draft"),
]
