"""The work summary as a document: figures gathered, source chosen, then HTML, Word or PDF.

Rendering lives apart from the writing (``summary``) and the figures (``figures``), as pretix
keeps its renderers apart from its models.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import pgettext
from django_scopes import scope

from sanjian.lib.pdf import render_pdf
from sanjian.reports import phrases, word
from sanjian.reports.figures import Figures, collect, year_before
from sanjian.reports.models import Summary
from sanjian.reports.summary import Block, generate, resolve
from sanjian.tenancy.models import Community


def summary_figures(community: Community, start: datetime.date, end: datetime.date) -> Figures:
    """Every figure the summary may name, with the same months a year before to compare."""
    from sanjian.reports import honours  # the register reads the apps' titles too

    figures = collect(community, start, end, previous=year_before(start, end))
    titles = honours.headline(community, start, end)
    if titles:
        figures.apps["honours"] = titles
    return figures


@dataclass
class SummaryDocument:
    community: Community
    start: datetime.date
    end: datetime.date
    figures: Figures
    source: str
    generated: str
    saved: Summary | None
    blocks: list[Block]
    signed_on: datetime.date

    @property
    def title(self) -> str:
        titles = [b.text for b in self.blocks if b.kind == "title"]
        return titles[0] if titles else ""

    @property
    def body(self) -> list[Block]:
        return [b for b in self.blocks if b.kind != "title"]

    @property
    def signature(self) -> str:
        return self.community.general_branch_name or self.community.name

    @property
    def date_text(self) -> str:
        return date_format(self.signed_on, "DATE_FORMAT")

    @property
    def edited(self) -> bool:
        return self.saved is not None


def summary_document(community: Community, start: datetime.date, end: datetime.date) -> SummaryDocument:
    """The summary of the period: the secretary's edited words when there are some, else the
    generated ones; either way with the figures of this moment."""
    figures = summary_figures(community, start, end)
    generated = generate(figures)
    with scope(community=community.pk):
        saved = Summary.objects.filter(start=start, end=end).first()
    source = saved.text if saved else generated
    return SummaryDocument(
        community=community,
        start=start,
        end=end,
        figures=figures,
        source=source,
        generated=generated,
        saved=saved,
        blocks=resolve(source, figures),
        signed_on=timezone.localdate(),
    )


def _lead_end(text: str) -> int:
    """Where the lead of a point (一是夯实组织基础。) ends, or 0 when the paragraph has none."""
    ordinals = [phrases.point_number(n) for n in range(1, 9)]
    if not any(text.startswith(o) for o in ordinals):
        return 0
    stop = pgettext("sentence end", ".")
    position = text.find(stop)
    return position + len(stop) if position > 0 else 0


def as_docx(document: SummaryDocument) -> bytes:
    out = word.new_document()
    for block in document.blocks:
        if block.kind == "title":
            word.title(out, block.text)
        elif block.kind == "heading":
            word.heading(out, block.text)
        else:
            text = block.text
            lead = _lead_end(text)
            word.paragraph(out, [(text[:lead], True), (text[lead:], False)] if lead else [(text, False)])
    word.signature(out, document.signature, document.date_text)
    return word.to_bytes(out)


def as_pdf(document: SummaryDocument) -> bytes:
    return render_pdf("reports/summary_pdf.html", {"document": document})


def as_html(document: SummaryDocument) -> str:
    """A page on its own (for the command line and scheduled runs)."""
    return render_to_string("reports/summary_file.html", {"document": document})
