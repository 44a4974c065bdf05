from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from sanjian.lib.records import record_save
from sanjian.tenancy.models import Community, Company
from sanjian.tenancy.roles import Role
from sanjian.tenancy.services import membership_grant


class Command(BaseCommand):
    help = "Add a community to a company and make a user its secretary (creating the user if needed)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--company", required=True, help="the company's slug, e.g. hankuang")
        parser.add_argument("--name", required=True, help="the community's name, as people write it")
        parser.add_argument("--slug", required=True, help="short name in addresses, e.g. yangyi")
        parser.add_argument("--secretary", required=True, help="username of the community's secretary")
        parser.add_argument("--password", help="password for a new secretary account")

    @transaction.atomic
    def handle(self, *args: Any, **options: Any) -> None:
        company = Company.objects.filter(slug=options["company"]).first()
        if company is None:
            raise CommandError(f"no company with slug {options['company']!r}")
        community = Community(company=company, name=options["name"], slug=options["slug"])
        try:
            record_save(community, actor=None)
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        user_model = get_user_model()
        user = user_model.objects.filter(username=options["secretary"]).first()
        if user is None:
            if not options["password"]:
                raise CommandError("the secretary account does not exist: give --password to create it")
            user = user_model.objects.create_user(options["secretary"], password=options["password"])
        membership_grant(user=user, role=Role.SECRETARY, community=community, actor=None)
        self.stdout.write(self.style.SUCCESS(f"{community.name} is at /c/{community.slug}/, run by {user}"))
