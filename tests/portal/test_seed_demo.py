"""`make run` seeds the demo: the logins are what a newcomer reads, not a wall of e-mails and task
logs; the demo's own e-mails (to made-up addresses) are held, never sent."""

from __future__ import annotations

import io

import pytest
from django.core import mail
from django.core.management import call_command

from tests.factories import make_role_groups

# transaction=True: the command's own transaction is the outermost, so its tasks run on commit
pytestmark = pytest.mark.django_db(transaction=True)


def test_seeding_holds_the_demos_mail_and_ends_with_the_logins(capsys, caplog):
    make_role_groups()  # an earlier transactional test may have emptied them
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    text = out.getvalue()
    printed = capsys.readouterr().out
    assert "Content-Type:" not in printed and "Subject:" not in printed  # no console e-mail
    assert not [r for r in caplog.records if r.name == "celery.app.trace"]
    assert mail.outbox == []  # held during seeding, not sent afterwards either
    assert "held from seeding the demo" in text
    assert text.rstrip().splitlines()[-1].startswith("or print the current code")
    assert "koordinator@ideburna.se" in text
