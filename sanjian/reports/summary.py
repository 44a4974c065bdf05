"""The work summary (工作总结) that writes itself from the records.

The generated text is a *source*: plain lines in which every figure is a bound address
``[[app.key]]`` (and ``[[app.key|change]]`` for how it moved against the same months a year
before). The secretary edits the words; each time the document is made the addresses are
resolved against the records of that moment, so that the figures are always current and never
typed by hand. A line ``# `` is the title, ``## `` a section heading, any other line a paragraph.

What is written follows the report's own shape: a title, an opening paragraph, the three
platforms as sections, and in each the points 一是/二是/三是. A sentence is written only when
every figure it names has something to say, a point only when one of its sentences is, and a
section only when one of its points is: nothing is claimed that the records do not support.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from sanjian.reports import phrases
from sanjian.reports.figures import Figures, written
from sanjian.tenancy.models import Community

TOKEN = re.compile(r"\[\[([a-z_]+\.[a-z0-9_]+)(\|change)?\]\]")


@dataclass(frozen=True)
class Sentence:
    text: object  # a lazy message naming its figures as [[app.key]]
    needs: tuple[str, ...]


@dataclass(frozen=True)
class Point:
    lead: object
    sentences: tuple[Sentence, ...]


@dataclass(frozen=True)
class Part:
    heading: object
    points: tuple[Point, ...]


def S(text: object, *needs: str) -> Sentence:
    return Sentence(text, needs)


#: The body of the summary: the three platforms of the report, their points and sentences.
PARTS: tuple[Part, ...] = (
    Part(
        gettext_lazy("Building the target-assessment platform: a stronger community organisation"),
        (
            Point(
                gettext_lazy("a firmer organisation"),
                (
                    S(gettext_lazy("The community has [[org.branches]] party branches."), "org.branches"),
                    S(
                        gettext_lazy(
                            "[[org.branches_meeting]] of them meet the standardised branch checklist "
                            "([[org.standard_share]])."
                        ),
                        "org.branches_meeting",
                    ),
                    S(gettext_lazy("[[org.documents]] rules and documents are in force."), "org.documents"),
                ),
            ),
            Point(
                gettext_lazy("regular party life"),
                (
                    S(
                        gettext_lazy("The community has [[members.party_members]] party members."),
                        "members.party_members",
                    ),
                    S(
                        gettext_lazy(
                            "The branches held [[members.meetings]] meetings[[members.meetings|change]], "
                            "with an attendance of [[members.attendance]]."
                        ),
                        "members.meetings",
                        "members.attendance",
                    ),
                ),
            ),
            Point(
                gettext_lazy("refined target assessment"),
                (
                    S(
                        gettext_lazy(
                            "[[assessment.periods]] monthly assessments were published, scoring "
                            "[[assessment.units]] units, with an average of [[assessment.average_score]] points."
                        ),
                        "assessment.periods",
                        "assessment.average_score",
                    ),
                    S(
                        gettext_lazy(
                            "[[assessment.alerts]] early warnings were raised and followed up by dynamic assessment."
                        ),
                        "assessment.periods",
                        "assessment.alerts",
                    ),
                ),
            ),
        ),
    ),
    Part(
        gettext_lazy("Building the competing-for-excellence platform: service windows as positions"),
        (
            Point(
                gettext_lazy("benchmark windows serving the people"),
                (
                    S(
                        gettext_lazy(
                            "Following the five standards, [[windows.windows]] benchmark service windows "
                            "were built."
                        ),
                        "windows.windows",
                    ),
                    S(
                        gettext_lazy("[[windows.benchmark_titles]] windows were named benchmark windows."),
                        "windows.benchmark_titles",
                    ),
                    S(
                        gettext_lazy(
                            "Residents rated the windows [[windows.ratings]] times[[windows.ratings|change]], "
                            "with a satisfaction of [[windows.satisfaction]]."
                        ),
                        "windows.ratings",
                    ),
                    S(
                        gettext_lazy(
                            "[[windows.inspections]] inspections were made, with an average score of "
                            "[[windows.average_inspection_score]] points."
                        ),
                        "windows.inspections",
                    ),
                    S(
                        gettext_lazy(
                            "[[windows.tickets]] rectification tickets were opened and [[windows.tickets_closed]] closed."
                        ),
                        "windows.tickets",
                    ),
                ),
            ),
            Point(
                gettext_lazy("party members' dedication projects"),
                (
                    S(
                        gettext_lazy(
                            "[[dedication.dedication_projects]] party members' dedication projects and "
                            "[[dedication.double_hundred_projects]] double-hundred dedication activity projects "
                            "were carried out."
                        ),
                        "dedication.dedication_projects",
                    ),
                    S(
                        gettext_lazy("[[dedication.activities]] volunteer activities were held."),
                        "dedication.activities",
                    ),
                ),
            ),
            Point(
                gettext_lazy("party members in the lead"),
                (
                    S(
                        gettext_lazy(
                            "Party cadres gave [[dedication.cadre_hours]] hours of voluntary work"
                            "[[dedication.cadre_hours|change]]."
                        ),
                        "dedication.cadre_hours",
                    ),
                    S(
                        gettext_lazy(
                            "[[dedication.volunteers]] people gave [[dedication.hours]] verified volunteer hours in all."
                        ),
                        "dedication.hours",
                    ),
                    S(
                        gettext_lazy(
                            "The projects brought [[dedication.benefit]] yuan of direct economic benefit."
                        ),
                        "dedication.benefit",
                    ),
                ),
            ),
        ),
    ),
    Part(
        gettext_lazy("Building the civilised-service platform: achievements"),
        (
            Point(
                gettext_lazy("quality service"),
                (
                    S(
                        gettext_lazy(
                            "The community won the company's quality-service mobile red flag [[service.flags_won]] "
                            "times ([[service.flag_months]])."
                        ),
                        "service.flags_won",
                        "service.flag_months",
                    ),
                    S(
                        gettext_lazy(
                            "The community won the company's quality-service mobile red flag [[service.flags_won]] times."
                        ),
                        "service.flags_won",
                    ),
                    S(
                        gettext_lazy(
                            "The dormitories keep [[service.beds]] beds in [[service.rooms]] rooms, "
                            "[[service.occupied_beds]] of them occupied."
                        ),
                        "service.rooms",
                        "service.beds",
                    ),
                    S(
                        gettext_lazy(
                            "Cleaning covers [[service.cleaned_area_m2]] square metres; [[service.inspections]] "
                            "service inspections averaged [[service.average_inspection_score]] points."
                        ),
                        "service.cleaned_area_m2",
                        "service.inspections",
                    ),
                    S(
                        gettext_lazy(
                            "The staff canteen served [[service.dishes]] dishes of the week and held "
                            "[[service.banquets]] hero and birthday banquets."
                        ),
                        "service.dishes",
                    ),
                ),
            ),
            Point(
                gettext_lazy("angels in white in the community"),
                (
                    S(
                        gettext_lazy("[[health.archives]] health archives were kept."),
                        "health.archives",
                    ),
                    S(
                        gettext_lazy(
                            "[[health.visits]] follow-up visits were made, [[health.on_time_rate]] of them on time."
                        ),
                        "health.visits",
                        "health.on_time_rate",
                    ),
                    S(
                        gettext_lazy(
                            "[[health.outreach_events]] outreach events served [[health.people_served]] people."
                        ),
                        "health.outreach_events",
                    ),
                ),
            ),
            Point(
                gettext_lazy("a civilised community"),
                (
                    S(
                        gettext_lazy("The community and its units won [[honours.titles]]."),
                        "honours.titles",
                    ),
                ),
            ),
        ),
    ),
)

#: Two sentences of a point saying the same (the red flags with and without their months):
#: the first that can be written wins.
ALTERNATIVES = {"service.flags_won"}


def _point_text(point: Point, figures: Figures, number: int) -> str | None:
    said: list[str] = []
    seen_alternative: set[str] = set()
    for sentence in point.sentences:
        if not figures.has(*sentence.needs):
            continue
        lead_need = sentence.needs[0]
        if lead_need in ALTERNATIVES:
            if lead_need in seen_alternative:
                continue
            seen_alternative.add(lead_need)
        said.append(str(sentence.text))
    if not said:
        return None
    lead = pgettext("summary point", "%(ordinal)s, %(lead)s.") % {
        "ordinal": phrases.point_number(number),
        "lead": point.lead,
    }
    text = lead
    for sentence in said:
        text = pgettext("summary sentences", "%(text)s %(sentence)s") % {"text": text, "sentence": sentence}
    return text


def title(community: Community, start: datetime.date, end: datetime.date) -> str:
    return _("Work summary of %(branch)s for %(period)s") % {
        "branch": community.general_branch_name or community.name,
        "period": phrases.period(start, end),
    }


def generate(figures: Figures) -> str:
    """The source text of the summary, as it writes itself from ``figures``."""
    community = figures.community
    lines = [
        "# " + title(community, figures.start, figures.end),
        _(
            "In %(period)s, %(branch)s took building the organisation, building the service windows and "
            "building achievements as its lever, and ran the three platforms of target assessment, "
            "competing for excellence and civilised service. The work is summarised as follows."
        )
        % {
            "period": phrases.period(figures.start, figures.end),
            "branch": community.general_branch_name or community.name,
        },
    ]
    number = 0
    for part in PARTS:
        points = []
        for point in part.points:
            text = _point_text(point, figures, len(points) + 1)
            if text is not None:
                points.append(text)
        if points:
            number += 1
            lines.append("## " + phrases.section_number(number) + str(part.heading))
            lines.extend(points)
    lines.append(
        _(
            "Next, %(branch)s will keep to the three platforms, keep every record in the system as the work "
            "is done, and let the figures show where the work stands."
        )
        % {"branch": community.general_branch_name or community.name}
    )
    return "\n".join(lines)


# --- Reading a source back ------------------------------------------------------------------------


@dataclass
class Run:
    text: str
    address: str = ""  # the figure's address when the run is a bound figure


@dataclass
class Block:
    kind: str  # "title", "heading" or "paragraph"
    runs: list[Run] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "".join(run.text for run in self.runs)


def resolve(text: str, figures: Figures) -> list[Block]:
    """The source ``text`` as blocks whose bound figures carry the records' current values."""
    blocks = []
    for raw in text.replace("\r\n", "\n").split("\n"):
        line = raw.strip()
        if not line:
            continue
        kind = "paragraph"
        if line.startswith("## "):
            kind, line = "heading", line[3:].strip()
        elif line.startswith("# "):
            kind, line = "title", line[2:].strip()
        blocks.append(Block(kind, _runs(line, figures)))
    return blocks


def _runs(line: str, figures: Figures) -> list[Run]:
    runs, position = [], 0
    for match in TOKEN.finditer(line):
        if match.start() > position:
            runs.append(Run(line[position : match.start()]))
        address, is_change = match.group(1), bool(match.group(2))
        if is_change:
            phrase = phrases.change(figures.get(address), figures.get_previous(address))
            if phrase:
                runs.append(Run(phrase, address))
        else:
            runs.append(Run(written(address.partition(".")[2], figures.get(address)), address))
        position = match.end()
    if position < len(line):
        runs.append(Run(line[position:]))
    return runs


def addresses(text: str) -> set[str]:
    """The figures a source text names."""
    return {m.group(1) for m in TOKEN.finditer(text)}
