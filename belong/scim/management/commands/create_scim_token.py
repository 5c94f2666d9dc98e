"""Create a SCIM bearer token for an identity provider and print its secret once."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from belong.scim.services import scim_token_create


class Command(BaseCommand):
    help = "Create a SCIM bearer token (printed once; only its hash is stored)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--name", required=True, help="What the token is for, e.g. 'Okta'.")

    def handle(self, *args: Any, **options: Any) -> None:
        name = options["name"].strip()
        if not name:
            raise CommandError("Give the token a name with --name.")
        token, secret = scim_token_create(name=name)
        self.stderr.write(
            f"Created SCIM token '{token.name}' (starts with scim_{token.prefix}). "
            "Copy the secret now: it is not shown again."
        )
        self.stdout.write(secret)
