import pytest

from microfund import ledger
from microfund.models import Application, Loan
from portal import demo

pytestmark = pytest.mark.django_db


def test_demo_is_idempotent_and_balanced():
    from microfund import demo as microfund_demo

    for _ in range(2):
        ctx = demo.DemoContext()
        demo.seed(ctx)
        microfund_demo.seed(ctx)
    assert Application.objects.filter(title="Utökad second hand-butik").count() == 1
    loan = Loan.objects.get()
    assert loan.status == Loan.Status.ACTIVE and loan.payments.count() == 3
    assert not ledger.unbalanced_transactions().exists()
    assert Application.objects.values("state").distinct().count() >= 4


def test_home_and_dashboard_show_the_microfund(client):
    from microfund import demo as microfund_demo

    ctx = demo.DemoContext()
    demo.seed(ctx)
    microfund_demo.seed(ctx)
    page = client.get("/").content.decode()
    assert "1 lån på sammanlagt 150" in page
    client.force_login(ctx.users["ordforande@ideburna.se"])
    page = client.get("/mina-sidor/").content.decode()
    assert "/mikrofond/kommitte/" in page
