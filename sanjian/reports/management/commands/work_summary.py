"""``manage.py work_summary --community yangyi --from 2026-01 --to 2026-10 --format docx -o FILE``:
the work summary for scheduled runs, exactly as the secretary would download it."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from sanjian.lib.dates import Month
from sanjian.reports import documents
from sanjian.tenancy.models import Community


class Command(BaseCommand):
    help = "Write the work summary of a community and a period as Word, PDF or HTML."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--community", required=True, help="the community's slug")
        parser.add_argument("--from", dest="first", required=True, help="first month, YYYY-MM")
        parser.add_argument("--to", dest="last", required=True, help="last month, YYYY-MM")
        parser.add_argument("--format", choices=("docx", "pdf", "html"), default="docx")
        parser.add_argument("-o", "--output", required=True, help="the file to write")
        parser.add_argument("--language", default="zh-hans")

    def handle(self, *args: object, **options: object) -> None:
        community = Community.objects.filter(slug=options["community"]).first()
        if community is None:
            raise CommandError(f"no community {options['community']!r}")
        never = Month(1, 1)
        first, last = Month.parse(options["first"], never), Month.parse(options["last"], never)
        if never in (first, last) or last < first:
            raise CommandError("--from and --to are months YYYY-MM, --to not before --from")
        with translation.override(options["language"]):
            document = documents.summary_document(community, first.start, last.end)
            if options["format"] == "docx":
                content = documents.as_docx(document)
            elif options["format"] == "pdf":
                content = documents.as_pdf(document)
            else:
                content = documents.as_html(document).encode()
        Path(str(options["output"])).write_bytes(content)
        self.stdout.write(f"{options['output']}: {document.title} ({len(content)} bytes)")
