from typing import Any

from django.core.management.base import BaseCommand

from belong.people.demo.personas import print_demo_logins


class Command(BaseCommand):
    help = "Print the demo company's persona logins."

    def handle(self, *args: Any, **options: Any) -> None:
        print_demo_logins(self.stdout)
