"""``manage.py person_data --community yangyi --person 12 --user secretary export -o FILE`` and
``… anonymise --reason "…" --yes``: a person's data rights from the shell, exactly as the
secretary exercises them on the person's page (the same services, the same logs, the same
refusals), acting as ``--user``, who must hold the right in the community."""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation
from django_scopes import scope

from sanjian.members.models import Person
from sanjian.members.services import person_anonymise, person_data_export
from sanjian.tenancy.access import Access
from sanjian.tenancy.models import Community


class Command(BaseCommand):
    help = "Export everything about a person as .xlsx, or anonymise the person where the law allows."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--community", required=True, help="the community's slug")
        parser.add_argument("--person", required=True, type=int, help="the person's id")
        parser.add_argument("--user", required=True, help="the login acting (it needs members.data_rights)")
        parser.add_argument("--language", default="zh-hans")
        actions = parser.add_subparsers(dest="action", required=True)
        export = actions.add_parser("export", help="write the person's workbook")
        export.add_argument("-o", "--output", required=True, help="the .xlsx file to write")
        anonymise = actions.add_parser("anonymise", help="replace what identifies the person")
        anonymise.add_argument("--reason", required=True, help="why: recorded in history")
        anonymise.add_argument("--yes", action="store_true", help="confirm: it cannot be undone")

    def handle(self, *args: object, **options: object) -> None:
        community = Community.objects.filter(slug=options["community"]).first()
        if community is None:
            raise CommandError(f"no community {options['community']!r}")
        user = get_user_model().objects.filter(username=options["user"]).first()
        access = Access.resolve(user, community) if user is not None else None
        if access is None or not access.can("members.data_rights"):
            raise CommandError(f"{options['user']!r} may not exercise data rights in {community.slug}")
        with translation.override(str(options["language"])), scope(community=community.pk):
            person = Person.objects.filter(pk=options["person"]).first()
            if person is None:
                raise CommandError(f"no person {options['person']} in {community.slug}")
            if options["action"] == "export":
                content, _name = person_data_export(
                    community=community, person=person, actor=user, can=access.can
                )
                Path(str(options["output"])).write_bytes(content)
                self.stdout.write(f"{options['output']}: {len(content)} bytes")
                return
            if not options["yes"]:
                raise CommandError("anonymising cannot be undone: add --yes to confirm")
            try:
                person_anonymise(
                    community=community, person=person, actor=user, reason=str(options["reason"])
                )
            except ValidationError as exc:
                raise CommandError(" ".join(exc.messages)) from exc
            self.stdout.write(f"person {person.pk} anonymised")
