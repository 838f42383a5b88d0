import logging
from importlib import import_module

from django.core import mail
from django.core.management.base import BaseCommand
from django.db import transaction
from django.test.utils import override_settings

from portal import demo

# Order matters: later apps use what earlier ones created.
SEEDERS = [
    "portal.demo",
    "associations.demo",
    "associations.volunteer_demo",
    "resources.demo",
    "bookings.demo",
    "councils.demo",
    "microfund.demo",
    "portal.reports.demo",
]


class Command(BaseCommand):
    help = "Create or refresh the demo data (idempotent) and print the demo logins."

    def handle(self, *args, **options):
        ctx = demo.DemoContext(stdout=self.stdout)
        # The e-mails the demo's own actions trigger (to made-up addresses) are kept in memory:
        # never sent, and not printed over the demo logins by the console backend.
        held = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
        # Eager tasks log each run at INFO: hundreds of lines before the logins otherwise.
        trace = logging.getLogger("celery.app.trace")
        level = trace.level
        trace.setLevel(logging.WARNING)
        try:
            count = self._seed(ctx, held)
        finally:
            trace.setLevel(level)
        self.stdout.write(self.style.SUCCESS("Demo data is in place."))
        if count:
            what = "1 e-mail was" if count == 1 else f"{count} e-mails were"
            self.stdout.write(f"({what} held from seeding the demo, not sent.)")
        demo.print_logins(self.stdout)

    def _seed(self, ctx, held) -> int:
        previous = getattr(mail, "outbox", None)  # the test runner's, when seeding in a test
        with override_settings(MAILERS=held):
            mail.outbox = []
            with transaction.atomic():  # the tasks it queues run on commit, still held
                for path in SEEDERS:
                    try:
                        module = import_module(path)
                    except ModuleNotFoundError as exc:
                        if exc.name == path:
                            continue
                        raise
                    module.seed(ctx)
            count = len(mail.outbox)
        if previous is None:
            del mail.outbox
        else:
            mail.outbox = previous
        return count
