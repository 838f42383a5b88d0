from importlib import import_module

from django.core.management.base import BaseCommand
from django.db import transaction

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
        with transaction.atomic():
            for path in SEEDERS:
                try:
                    module = import_module(path)
                except ModuleNotFoundError as exc:
                    if exc.name == path:
                        continue
                    raise
                module.seed(ctx)
        self.stdout.write(self.style.SUCCESS("Demo data is in place."))
        demo.print_logins(self.stdout)
