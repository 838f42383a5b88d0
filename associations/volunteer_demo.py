"""Demo data of volunteer brokering: skills, assignments of the seed's associations, a profile
for the demo volunteer (Birgitta Berg) with an application. Idempotent (get_or_create)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.text import slugify

from associations.models import Application, Assignment, Skill, Slot, VolunteerProfile

SKILLS = [
    ("Läxhjälp", "Homework help"),
    ("Matlagning", "Cooking"),
    ("Chaufför", "Driver"),
    ("IT", "IT"),
    ("Språk", "Languages"),
    ("Idrottsledare", "Sports coach"),
    ("Snickeri", "Carpentry"),
    ("Evenemang", "Events"),
]

# (association, title, category, skills, district or None = remote, days ahead or None =
#  ongoing, hours per week, slots, places, description)
ASSIGNMENTS = [
    ("Hjärta till Hjärta Motala", "Läxhjälp för mellanstadiebarn", "Hjälporganisation",
     ["Läxhjälp", "Språk"], "Motala centrum", None, 2, Slot.WEEKDAY_AFTERNOON, 3,
     "Vi söker vuxna som vill hjälpa barn i årskurs 4–6 med läxorna, tisdagar och torsdagar "
     "efter skolan. Ingen lärarbakgrund behövs – bara tålamod och nyfikenhet."),
    ("Motala Återvinningsförening (Återvinningen)", "Matlagning till sopplunchen",
     "Socialt företag", ["Matlagning"], "Motala centrum", None, 3, Slot.WEEKDAY_MORNING, 2,
     "Hjälp till att laga soppa av räddade råvaror till vår sopplunch varje onsdag. "
     "Vi lagar för cirka 40 personer."),
    ("Föreningen Verkstadsliv", "Chaufför till höstmarknaden i Folkets hus", "Intresseförening/folkbildning",
     ["Chaufför", "Evenemang"], "Borensberg", 12, None, 0, 2,
     "Kör föreningens minibuss mellan Borensberg och Gamla Folkets hus i Motala med "
     "utställare och besökare. B-körkort krävs."),
    ("Kooperativet Grenverket", "IT-stöd på distans", "Kooperativ", ["IT"], None, None, 1,
     Slot.WEEKDAY_EVENING, 1,
     "Hjälp vårt kooperativ att hålla ordning på datorer, e-post och hemsida. "
     "Det mesta går att göra hemifrån på kvällstid."),
    ("Speedwayklubben Piraterna", "Idrottsledare för ungdomsgruppen", "Idrott",
     ["Idrottsledare"], "Motala centrum", None, 3, Slot.WEEKEND_MORNING, 2,
     "Var med och träna våra yngsta förare på lördagsförmiddagarna. Vi ordnar ledarutbildning."),
    ("Tjällmo Hembygdsförening", "Servering på bygdedagen", "Kultur",
     ["Matlagning", "Evenemang"], "Tjällmo", 30, None, 0, 6,
     "Baka, koka kaffe och servera när bygden samlas vid hembygdsgården."),
    ("Vätternrundan", "Funktionär vid depån i Motala", "Idrott", ["Evenemang"],
     "Motala centrum", 45, None, 0, 20,
     "Dela ut mat och dryck till cyklisterna i depån natten mot lördag. Vi bjuder på "
     "funktionärströja och middag."),
]  # fmt: skip


def seed(ctx) -> None:
    skills = {}
    for position, (name, name_en) in enumerate(SKILLS):
        skills[name], _ = Skill.objects.get_or_create(
            slug=slugify(name), defaults={"name": name, "name_en": name_en, "position": position}
        )
    now = timezone.now()
    created_assignments = {}
    for (
        association_name, title, category, skill_names, district, days, hours, slots, places,
        description,
    ) in ASSIGNMENTS:  # fmt: skip
        association = ctx.associations.get(association_name)
        if association is None:
            continue
        starts = None
        if days is not None:
            day = timezone.localtime(now + dt.timedelta(days=days)).replace(
                hour=17, minute=0, second=0, microsecond=0
            )
            starts = day
        assignment, created = Assignment.objects.get_or_create(
            association=association,
            title=title,
            defaults={
                "description": description,
                "category": ctx.categories.get(category),
                "district": ctx.districts.get(district) if district else None,
                "is_remote": district is None,
                "starts_at": starts,
                "ends_at": starts + dt.timedelta(hours=5) if starts else None,
                "hours_per_week": hours,
                "slots": int(slots),
                "places": places,
                "status": Assignment.Status.PUBLISHED,
                "published_at": now,
                "apply_by": (starts.date() - dt.timedelta(days=2)) if starts else None,
            },
        )
        if created:
            assignment.skills.set([skills[s] for s in skill_names])
        created_assignments[title] = assignment

    volunteer = ctx.users.get("volontar@ideburna.se")
    if volunteer is None:
        return
    profile, created = VolunteerProfile.objects.get_or_create(
        user=volunteer,
        defaults={
            "presentation": "Pensionerad lågstadielärare i Motala. Tycker om att laga mat och "
            "hjälpa barn med läxorna.",
            "contactable": True,
            "availability": Slot.WEEKDAY_MORNING | Slot.WEEKDAY_AFTERNOON | Slot.WEEKEND_MORNING,
        },
    )
    if created:
        profile.skills.set([skills["Läxhjälp"], skills["Matlagning"]])
        profile.districts.set([ctx.districts["Motala centrum"]])
        if "Hjälporganisation" in ctx.categories:
            profile.categories.set([ctx.categories["Hjälporganisation"]])
    soup = created_assignments.get("Matlagning till sopplunchen")
    if soup is not None:
        Application.objects.get_or_create(
            assignment=soup,
            volunteer=volunteer,
            defaults={"message": "Jag lagar gärna soppa på onsdagar!"},
        )
    ctx.log(f"  volunteering: {len(created_assignments)} assignments, 1 volunteer profile")
