"""The printed catalogue of capacity-building activities (B1: the database "in electronic and print formats").

What the activity list shows (an :class:`~tegdesk.core.activity_types.ActivityFilter`) printed as a
document: a UN heading (United Nations, ESCAP, the organ, the Bali Strategic Plan), the title, a line
saying which filter produced it ("Search: ‘air’; Country: Thailand; Status: Implementation") and how
many activities it lists, then one entry per activity: identifier, title in the document's
language, level and South–South cooperation, status, planned and actual dates, recipient countries
and regions with their shares, organisations by role (B3), BSP codes with their titles (B2),
budget and cost (B7), participants trained by gender (B7), results, the Government's assessment
(B6), the related multilateral environmental agreements and the links to other databases (B1).

**Grouping.** Entries are grouped by BSP thematic area (TA01-TA19, in the indicative list's
order), each activity once, under the first thematic area among its codes; activities with
cross-cutting codes only come last, under "No thematic area". By country was the other choice,
but an activity with several recipients would then be printed several times. Within a group, the
list's order is kept.

**Language.** Fixed text comes from the catalogs through the document's own
:class:`~tegdesk.core.i18n.Translator`; country names are the UN short names in English and
CLDR's in other languages; a title is shown in the document's language when the activity has one,
else in English, and the activities concerned are listed in :attr:`Catalogue.notes` (the preview's
banner, the command line's warnings). Results and assessments are single texts, printed as typed.

**Pages.** Each entry is one flowable (:class:`~tegdesk.core.documents.entries.Entry`) whose rows
are measured once, plain text broken into lines here and drawn as strings, only text in several
faces set as Paragraphs; there is no big Table to re-split at page breaks, and "Page x of y" costs
no second layout pass (:class:`~tegdesk.core.documents.pages.NumberedCanvas`): 1,000 activities
take about 1.5 s of CPU, 3,000 about 3 s. An entry shorter than a third of a page is kept on one
page; a longer one may split between its rows, or inside a long text (the rest headed
"(continued)"). Organisations are named by their acronyms, spelled out in a list of abbreviations
at the end, as UN documents do.

Nothing here imports Qt.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

from babel.numbers import format_percent
from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    NextPageTemplate,
    PageTemplate,
    Paragraph,
    Spacer,
)
from sqlmodel import select

from tegdesk.core.activity_labels import LEVEL_NAMES, ROLE_NAMES, STATUS_NAMES, level_name, region_name, status_name
from tegdesk.core.activity_types import ActivityDraft, ActivityFilter, OrganisationRole
from tegdesk.core.documents.entries import RULE, Entry, EntryLayout, EntryRow, Part
from tegdesk.core.documents.meeting_data import language_name
from tegdesk.core.documents.pages import numbered_canvas, pdf_lang
from tegdesk.core.documents.roster_labels import SUBREGION_NAMES
from tegdesk.core.documents.text import clean, one_line
from tegdesk.core.documents.un import (
    AUTHOR,
    MARGIN_BOTTOM,
    MARGIN_TOP,
    MARGIN_X,
    PAGE,
    UNITED_NATIONS,
    UNDocument,
    _PdfWriter,
)
from tegdesk.core.errors import UserError
from tegdesk.core.i18n import N_, Translator, translator
from tegdesk.core.models import BspCode, MemberState

__all__ = ["Catalogue", "CatalogueNote", "build_catalogue", "catalogue_pdf", "filter_line", "render_catalogue"]

TITLE = N_("Catalogue of capacity-building activities")
ESCAP = N_("ESCAP")
ORGAN = N_("Economic and Social Commission for Asia and the Pacific")
PLAN = N_("Bali Strategic Plan for Technology Support and Capacity-building")
ALL_ACTIVITIES = N_("All activities in the database.")
NONE_FOUND = N_("No activity matches this selection.")
NO_AREA = N_("No thematic area")
CONTINUED = N_("{identifier} (continued)")
TOO_MANY = N_("The catalogue would list {count} activities, more than {limit}: narrow the selection first "
              "(search, country, status, year).")

# the filter line: "Search: ‘air’; Country: Thailand; Status: Implementation"
SEARCH = N_("Search: ‘{text}’")
SEPARATOR = N_("; ")
COMMA = N_(", ")

# the labels of an entry's rows
LABELS = {
    "level": N_("Level"), "status": N_("Status"), "dates": N_("Dates"), "recipients": N_("Recipients"),
    "organisations": N_("Organisations"), "bsp": N_("BSP areas"), "budget": N_("Budget"), "cost": N_("Cost"),
    "trained": N_("Trained"), "results": N_("Results"), "assessment": N_("Assessment"),
    "agreements": N_("Agreements"), "links": N_("Other databases"),
}
SOUTH_SOUTH = N_("{level}; South–South cooperation")
PLANNED = N_("Planned: {dates}")
ACTUAL = N_("Actual: {dates}")
FROM = N_("from {date}")
UNTIL = N_("until {date}")
SHARE = N_("{name} ({share})")
ROLE_LINE = N_("{role}: {names}")
ABBREVIATIONS = N_("Abbreviations")
BSP_LINE = N_("{code} {title}")
TRAINED = N_("{total} (women: {women}; men: {men})")
TRAINED_OTHER = N_("{total} (women: {women}; men: {men}; other: {other})")
ASSESSED_ON = N_("Assessed on {date}: {text}")
LINK_LINE = N_("{system}: {reference}")

NOTE_BSP = N_("The BSP indicative list has no titles in {language}; the English titles are shown.")
#: identifiers a note names before "and 7 others"
NOTE_NAMES = 5

# layout (points)
BODY_SIZE = 9.5
GAP_AFTER = 7.0
GREY = colors.Color(0.35, 0.35, 0.35)
FOOTER_Y = 11 * 2.8346
LABEL_PAD = 8.0
RUNNING_SPACE = 16.0  # the running head of later pages
LEAD_BEFORE, LEAD_AFTER = 10.0, 6.0  # around a group's heading


@dataclass(frozen=True)
class CatalogueNote:
    """What the catalogue shows otherwise than the user may expect (texts in English for want of a translation)."""

    what: str  # "titles", "bsp"
    lang: str  # the document's language
    identifiers: tuple[str, ...] = ()

    def text(self, tr: Translator) -> str:
        """The note in ``tr``'s language (the interface's), naming the document's language."""
        language = language_name(tr, self.lang)
        if self.what == "bsp":
            return tr.gettext(NOTE_BSP, language=language)
        names = tr.gettext(COMMA).join(self.identifiers[:NOTE_NAMES])
        if len(self.identifiers) > NOTE_NAMES:
            names = tr.ngettext("{identifiers} and {n} other", "{identifiers} and {n} others",
                                len(self.identifiers) - NOTE_NAMES, identifiers=names)
        return tr.ngettext("{n} activity has no title in {language}; its English title is shown: {identifiers}.",
                           "{n} activities have no title in {language}; their English titles are shown: "
                           "{identifiers}.", len(self.identifiers), language=language, identifiers=names)


@dataclass
class Catalogue:
    """A catalogue built: its PDF, how many activities it lists, and its notes (:class:`CatalogueNote`)."""

    pdf: bytes
    count: int
    notes: list[CatalogueNote] = field(default_factory=list)


# -- the data ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Reference:
    """Names the entries need: members by ISO code (English short name, subregion) and the BSP list."""

    members: dict[str, tuple[str, str]]
    bsp: dict[str, tuple[str, str, str]]  # code -> (kind, English title, Chinese title)

    @classmethod
    def load(cls, store: Any) -> _Reference:
        with store.reader() as s:
            members = {m.iso2: (m.name_en, m.subregion) for m in s.exec(select(MemberState)).all()}
            bsp = {b.code: (b.kind, b.title_en, b.title_zh) for b in s.exec(select(BspCode)).all()}
        return cls(members, bsp)


def _activities(store: Any, f: ActivityFilter, limit: int | None) -> list[ActivityDraft]:
    """The activities ``f`` selects, in the list's order, loaded in bulk."""
    from tegdesk.core.activity_query import ActivityQuery
    from tegdesk.core.services.activities import ActivityService

    ids = ActivityQuery(store).ids(f)
    if limit is not None and len(ids) > limit:
        raise UserError(TOO_MANY, count=len(ids), limit=limit)
    return ActivityService(store).drafts(ids)


class _Words:
    """The catalogue's words in one language: labels and names translated once, not per entry."""

    def __init__(self, tr: Translator, ref: _Reference):
        self.tr = tr
        self.ref = ref
        _ = tr.gettext
        self.comma, self.semicolon = _(COMMA), _(SEPARATOR)
        self.statuses = {k: _(v) for k, v in STATUS_NAMES.items()}
        self.roles = {k: _(v) for k, v in ROLE_NAMES.items()}
        self.levels = {k: _(v) for k, v in LEVEL_NAMES.items()}
        self.labels = {k: _(v) for k, v in LABELS.items()}
        self._countries: dict[str, str] = {}
        self._dates: dict[dt.date, str] = {}
        #: acronym -> the organisation's name, for the list of abbreviations
        self.acronyms: dict[str, str] = {}

    def organisation(self, o: OrganisationRole) -> str:
        """An organisation by its acronym (spelled out in the list of abbreviations), else by its name."""
        name, acronym = one_line(o.name), one_line(o.acronym)
        if not acronym or acronym == name or self.acronyms.setdefault(acronym, name) != name:
            return name  # no acronym, or one another organisation already goes by
        return acronym

    def country(self, iso2: str) -> str:
        name = self._countries.get(iso2)
        if name is None:
            known = self.ref.members.get(iso2)
            # the UN's short names take precedence in English (DOMAIN.md); CLDR's names in other languages
            name = known[0] if known and self.tr.lang == "en" else self.tr.territory(iso2)
            self._countries[iso2] = name
        return name

    def region(self, code: str) -> str:
        return region_name(self.tr, code)

    def bsp_title(self, code: str) -> str:
        kind_en_zh = self.ref.bsp.get(code)
        if kind_en_zh is None:
            return ""
        return kind_en_zh[2] if self.tr.lang == "zh" and kind_en_zh[2] else kind_en_zh[1]

    def date(self, day: dt.date) -> str:
        text = self._dates.get(day)
        if text is None:
            text = self._dates[day] = self.tr.date(day)
        return text

    def dates(self, start: dt.date | None, end: dt.date | None) -> str:
        if start and end:
            return self.tr.date_range(start, end)
        if start:
            return self.tr.gettext(FROM, date=self.date(start))
        return self.tr.gettext(UNTIL, date=self.date(end)) if end else ""

    def share(self, value: Decimal | float) -> str:
        return format_percent(Decimal(str(value)) / 100, "#,##0.##%", locale=self.tr.locale)


def filter_line(f: ActivityFilter, tr: Translator, country_name: Any = None) -> str:
    """What produced the catalogue, in ``tr``'s language: "Search: ‘air’; Country: Thailand; Status: Implementation".

    ``country_name(iso2)`` names a country (CLDR's name by default).
    """
    if f.is_empty:
        return tr.gettext(ALL_ACTIVITIES)
    name = country_name or tr.territory
    comma = tr.gettext(COMMA)
    parts: list[str] = []
    if f.text.strip():
        parts.append(tr.gettext(SEARCH, text=one_line(f.text)))
    # each facet's plural spelled out where it is used, so that the catalogs hold it as one plural entry
    if f.countries:
        chosen = sorted((name(c) for c in f.countries), key=str.casefold)
        parts.append(tr.ngettext("Country: {values}", "Countries: {values}", len(chosen), values=comma.join(chosen)))
    if f.subregions:
        chosen = [tr.gettext(SUBREGION_NAMES.get(s, s)) for s in sorted(f.subregions)]
        parts.append(tr.ngettext("Subregion: {values}", "Subregions: {values}", len(chosen),
                                 values=comma.join(chosen)))
    if f.bsp_codes:
        chosen = sorted(f.bsp_codes)
        parts.append(tr.ngettext("BSP area: {values}", "BSP areas: {values}", len(chosen), values=comma.join(chosen)))
    if f.statuses:
        chosen = [status_name(tr, s) for s in sorted(f.statuses)]
        parts.append(tr.ngettext("Status: {values}", "Statuses: {values}", len(chosen), values=comma.join(chosen)))
    if f.levels:
        chosen = [level_name(tr, v) for v in sorted(f.levels, key=lambda v: (list(LEVEL_NAMES) + [v]).index(v))]
        parts.append(tr.ngettext("Level: {values}", "Levels: {values}", len(chosen), values=comma.join(chosen)))
    if f.years:
        chosen = [str(y) for y in sorted(f.years)]
        parts.append(tr.ngettext("Year: {values}", "Years: {values}", len(chosen), values=comma.join(chosen)))
    return tr.gettext(SEPARATOR).join(parts)


def _group_key(draft: ActivityDraft) -> str:
    """The thematic area an activity is listed under: the first TA code among its codes ("" for none)."""
    return next((c for c in draft.bsp_codes if c.startswith("TA")), "")


def _grouped(drafts: Sequence[ActivityDraft], ref: _Reference) -> list[tuple[str, list[ActivityDraft]]]:
    groups: dict[str, list[ActivityDraft]] = {}
    for d in drafts:
        groups.setdefault(_group_key(d), []).append(d)
    order = {code: i for i, code in enumerate(sorted(ref.bsp))}
    return sorted(groups.items(), key=lambda kv: (kv[0] == "", order.get(kv[0], len(order)), kv[0]))


def _fields(d: ActivityDraft, w: _Words) -> list[tuple[str, str]]:
    """An entry's rows after its identifier and title: (key of :data:`LABELS`, text), empty ones left out."""
    tr, _ = w.tr, w.tr.gettext
    level = w.levels.get(d.level, d.level)
    rows = [("level", _(SOUTH_SOUTH, level=level) if d.south_south else level),
            ("status", w.statuses.get(d.status, d.status))]
    dates = []
    if d.planned_start or d.planned_end:
        dates.append(_(PLANNED, dates=w.dates(d.planned_start, d.planned_end)))
    if d.actual_start or d.actual_end:
        dates.append(_(ACTUAL, dates=w.dates(d.actual_start, d.actual_end)))
    rows.append(("dates", w.semicolon.join(dates)))
    shares = []
    for r in d.recipients:
        place = w.country(r.country) if r.country else w.region(r.region) if r.region else ""
        single = len(d.recipients) == 1 and Decimal(str(r.percentage)) == 100
        shares.append(place if single else _(SHARE, name=place, share=w.share(r.percentage)))
    rows.append(("recipients", w.comma.join(shares)))
    by_role: dict[str, list[str]] = {}
    for o in d.organisations:
        by_role.setdefault(o.role, []).append(w.organisation(o))
    rows.append(("organisations", w.semicolon.join(
        _(ROLE_LINE, role=w.roles.get(role, role), names=w.comma.join(names)) for role, names in sorted(by_role.items()))))
    rows.append(("bsp", "\n".join(_(BSP_LINE, code=c, title=w.bsp_title(c)).strip() for c in d.bsp_codes)))
    if d.budget is not None:
        rows.append(("budget", tr.money(d.budget, d.currency)))
    if d.cost is not None:
        rows.append(("cost", tr.money(d.cost, d.currency)))
    counts = (d.trained_women, d.trained_men, d.trained_other)
    if any(c is not None for c in counts):
        women, men, other = (c or 0 for c in counts)
        rows.append(("trained", _(TRAINED_OTHER if other else TRAINED, women=tr.number(women), men=tr.number(men),
                                  other=tr.number(other), total=tr.number(women + men + other))))
    rows.append(("results", clean(d.results).strip()))
    assessment = clean(d.assessment).strip()
    if assessment and d.assessment_date:
        assessment = _(ASSESSED_ON, date=w.date(d.assessment_date), text=assessment)
    rows.append(("assessment", assessment))
    rows.append(("agreements", w.comma.join(one_line(a) for a in d.agreements if one_line(a))))
    links = []
    for link in d.links:
        reference = " ".join(x for x in (one_line(link.external_id), one_line(link.url)) if x)
        links.append(_(LINK_LINE, system=one_line(link.system), reference=reference) if reference
                     else one_line(link.system))
    rows.append(("links", "\n".join(links)))
    return [(key, text) for key, text in rows if text]


# -- the layout ---------------------------------------------------------------------------------

#: fields set side by side on one row when both are short
PAIRS = {"level": "status", "budget": "cost"}
#: fields listing several items, one a line (the lines of an item that wraps hang further right)
LISTS = {"bsp", "links"}
HANG = 12.0


class _CatalogueWriter(_PdfWriter):
    """The UN document writer (styles, faces, escaping) with the catalogue's heading, entries and pages."""

    def __init__(self, tr: Translator, ref: _Reference, f: ActivityFilter, drafts: Sequence[ActivityDraft],
                 generated: dt.date):
        title = tr.gettext(TITLE)
        super().__init__(UNDocument(tr=tr, title=title, blocks=[], subject=tr.gettext(PLAN), running=title))
        self.words = _Words(tr, ref)
        self.filter = f
        self.drafts = drafts
        self.generated = generated
        self.title_text = title
        self.missing_titles: list[str] = []
        fonts = self.fonts
        leading = 14.0 if fonts.cjk else 11.5
        self.leading = leading
        self.lay = EntryLayout(fonts, self.width, PAGE[1] - MARGIN_TOP - MARGIN_BOTTOM - RUNNING_SPACE, rtl=self.rtl)
        self.value = fonts.style("cat-value", size=BODY_SIZE, leading=leading)
        self.label = fonts.style("cat-label", size=BODY_SIZE, leading=leading, bold=True)
        self.title = fonts.style("cat-title", size=BODY_SIZE + 1.5, leading=leading + 2, bold=True, spaceAfter=2)
        self.ident = fonts.style("cat-ident", size=BODY_SIZE - 0.5, leading=leading, textColor=GREY)
        self.group = fonts.style("cat-group", size=BODY_SIZE + 2.5, leading=leading + 4, bold=True)
        self.small = fonts.style("cat-small", size=8, leading=10)
        self.small_right = fonts.style("cat-small-r", size=8, leading=10, alignment=TA_RIGHT)
        if fonts.cjk:  # WQY has no bold face: the labels and the title are drawn stroked
            for style in (self.label, self.title, self.group):
                style.faux_bold = True
        labels = self.words.labels
        self.label_width = {k: fonts.width(v, BODY_SIZE, 1) + LABEL_PAD for k, v in labels.items()}
        self.value_x = min(max(self.label_width.values()), self.width * 0.25)
        self.value_width = self.width - self.value_x
        self.filter_text = filter_line(f, tr, self.words.country)
        self.count_text = tr.ngettext("{n} activity, as at {date}.", "{n} activities, as at {date}.", len(drafts),
                                      date=self.words.date(generated))

    def heading(self) -> list[Flowable]:
        """United Nations | ESCAP over a thick rule, the organ, the plan, the title, the filter and the count."""
        s, tr, w = self.s, self.tr, self.width
        top = self._strip([self.para(tr.gettext(UNITED_NATIONS), s.un),
                           self.para(tr.gettext(ESCAP), s.symbol)], [w * 0.6, w * 0.4],
                          ("VALIGN", (0, 0), (-1, -1), "BOTTOM"), ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
                          ("LINEBELOW", (0, 0), (-1, 0), 2.5, colors.black))
        return [top, Spacer(1, 8), self.para(tr.gettext(ORGAN), s.organ), Spacer(1, 4),
                self.para(tr.gettext(PLAN), s.line_bold),
                self.outline(self.title_text, 0), self.para(self.title_text, s.title),
                self.para(self.filter_text, s.line), self.para(self.count_text, s.line), Spacer(1, 6)]

    def entries(self) -> list[Flowable]:
        words, tr, width = self.words, self.tr, self.width
        story: list[Flowable] = []
        if not self.drafts:
            return [self.para(tr.gettext(NONE_FOUND), self.s.para)]
        n = 0
        for g, (code, drafts) in enumerate(_grouped(self.drafts, words.ref)):
            label = tr.gettext(BSP_LINE, code=code, title=words.bsp_title(code)) if code else tr.gettext(NO_AREA)
            para = self.para(label, self.group)
            height = para.wrap(width, PAGE[1])[1]
            lead: tuple[Paragraph, float, float, str, str] | None = (
                para, LEAD_BEFORE + height + LEAD_AFTER, LEAD_AFTER, f"g{g}", label)
            for d in drafts:
                n += 1
                story.append(self.entry(d, n, lead))
                lead = None
        abbreviations = self.abbreviations()
        return story + abbreviations

    def _label(self, key: str, x: float = 0.0) -> Part:
        return Part(x, self.words.labels[key], self.label.fontName, BODY_SIZE, self.leading, stroke=self.fonts.cjk)

    def entry(self, d: ActivityDraft, n: int, lead: tuple[Paragraph, float, float, str, str] | None) -> Entry:
        lay, width = self.lay, self.width
        identifier = one_line(d.iati_identifier)
        title = self.title_of(d)
        rows: list[EntryRow] = []
        for text, style in ((identifier, self.ident), (title, self.title)):
            part, h = self.cell(text, width, style)
            rows.append(EntryRow([part], h))
        fields = _fields(d, self.words)
        values = dict(fields)
        half = self.value_width / 2
        for key, text in fields:
            if key in PAIRS.values() and any(PAIRS.get(k) == key and k in values for k in PAIRS):
                continue  # set beside its pair
            other = PAIRS.get(key)
            if other in values:
                x2 = self.value_x + half
                first, h1 = self.cell(text, half - LABEL_PAD, self.value, x=self.value_x)
                second, h2 = self.cell(values[other], self.width - x2 - self.label_width[other], self.value,
                                       x=x2 + self.label_width[other])
                if all(isinstance(p.cell, str) and "\n" not in p.cell for p in (first, second)):
                    rows.append(EntryRow([self._label(key), first, self._label(other, x2), second], max(h1, h2)))
                    continue
                rows += self._row(key, text) + self._row(other, values[other])
                continue
            rows += self._row(key, text)
        more, h = self.cell(self.tr.gettext(CONTINUED, identifier=identifier), width, self.ident)
        return Entry(lay, rows, head=min(3, len(rows)), outline=(f"a{n}", f"{identifier} {title}", 1), lead=lead,
                     continued=EntryRow([more], h))

    def _row(self, key: str, text: str) -> list[EntryRow]:
        """The row of a field; a list (BSP codes, links) a row per item, its wrapped lines hanging."""
        if key not in LISTS:
            part, h = self.cell(text, self.value_width, self.value, x=self.value_x)
            return [EntryRow([self._label(key), part], max(h, self.leading))]
        rows = []
        for n, item in enumerate(text.split("\n")):
            part, h = self.cell(item, self.value_width, self.value, x=self.value_x, hang=HANG)
            rows.append(EntryRow([self._label(key) if n == 0 else Part(0, ""), part], max(h, self.leading)))
        return rows

    def cell(self, text: str, width: float, style: Any, *, x: float = 0.0, hang: float = 0.0) -> tuple[Part, float]:
        """A plain string or a Paragraph (stroked where the face has no bold); see :meth:`EntryLayout.cell`."""
        part, h = self.lay.cell(text, width, style, x=x, hang=hang)
        if isinstance(part.cell, Paragraph) and getattr(style, "faux_bold", False):
            part.cell = self.para(text, style)
            h = part.cell.wrap(width, PAGE[1])[1] + style.spaceAfter
        return part, h

    def abbreviations(self) -> list[Flowable]:
        """The organisations named by their acronyms, spelled out (the UN's list of abbreviations)."""
        named = sorted(self.words.acronyms.items(), key=lambda kv: kv[0].casefold())
        if not named:
            return []
        label = self.tr.gettext(ABBREVIATIONS)
        story: list[Flowable] = [CondPageBreak(PAGE[1] / 5), self.outline(label, 0), self.para(label, self.s.heading)]
        x = min(max(self.fonts.width(a, BODY_SIZE, 1) for a, _ in named) + LABEL_PAD, self.width * 0.3)
        rows = []
        for acronym, name in named:
            part, h = self.cell(name, self.width - x, self.value, x=x)
            rows.append(EntryRow([Part(0, acronym, self.label.fontName, BODY_SIZE, self.leading, stroke=self.fonts.cjk),
                                  part], h))
        return story + [Entry(replace(self.lay, gap_after=0, rule=False, keep_whole=0), [row]) for row in rows]

    def title_of(self, d: ActivityDraft) -> str:
        lang = self.tr.lang
        own = one_line((d.titles or {}).get(lang)) if lang != "en" else ""
        if own:
            return own
        if lang != "en":
            self.missing_titles.append(one_line(d.iati_identifier))
        return one_line(d.title)

    def story(self) -> list[Flowable]:
        self.missing_titles = []
        return [*self.heading(), NextPageTemplate("later"), *self.entries()]

    # -- pages ------------------------------------------------------------------------------
    def _furniture(self, text: str, style: Any, width: float) -> Part:
        """A line of the page's head or foot, made once: plain when it fits, else a Paragraph."""
        part, _h = self.lay.cell(text, width, style)
        if isinstance(part.cell, str) and "\n" in part.cell:  # a long filter: cut to one line
            part.cell = part.cell.split("\n")[0] + "…"
        return part

    def _draw(self, canv: Canvas, part: Part, x: float, y: float, *, right: float | None = None) -> None:
        """Draw a head or foot line with its top at ``y``; ``right``: aligned right at that x."""
        if isinstance(part.cell, str):
            canv.setFont(part.font, part.size)
            if right is None:
                canv.drawString(x, y - part.size, part.cell)
            else:
                canv.drawRightString(right, y - part.size, part.cell)
        else:
            part.cell.drawOn(canv, x, y - part.cell.height)

    def later_page(self, canv: Canvas, _doc: Any) -> None:
        if not hasattr(self, "_head"):
            half = self.width / 2
            self._head = (self._furniture(self.title_text, self.small, half - 6),
                          self._furniture(self.filter_text, self.small_right, half - 6))
        top = PAGE[1] - MARGIN_TOP + 14
        self._draw(canv, self._head[0], MARGIN_X, top)
        self._draw(canv, self._head[1], MARGIN_X + self.width / 2, top, right=PAGE[0] - MARGIN_X)
        canv.setStrokeColor(RULE)
        canv.setLineWidth(0.5)
        canv.line(MARGIN_X, PAGE[1] - MARGIN_TOP + 1, PAGE[0] - MARGIN_X, PAGE[1] - MARGIN_TOP + 1)

    def stamp(self, canv: Canvas, page: int, pages: int) -> None:
        tr, half = self.tr, self.width / 2
        if not hasattr(self, "_generated"):
            self._generated = self._furniture(tr.gettext("Generated on {date}", date=self.words.date(self.generated)),
                                              self.small, half - 6)
        canv.setStrokeColor(RULE)
        canv.setLineWidth(0.5)
        canv.line(MARGIN_X, FOOTER_Y + 11, PAGE[0] - MARGIN_X, FOOTER_Y + 11)
        number = self._furniture(tr.gettext("Page {page} of {pages}", page=tr.number(page), pages=tr.number(pages)),
                                 self.small_right, half - 6)
        self._draw(canv, self._generated, MARGIN_X, FOOTER_Y + 8)
        self._draw(canv, number, MARGIN_X + half, FOOTER_Y + 8, right=PAGE[0] - MARGIN_X)

    def build(self, out: Any) -> None:
        first = Frame(MARGIN_X, MARGIN_BOTTOM, self.width, PAGE[1] - MARGIN_TOP - MARGIN_BOTTOM,
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id="first")
        later = Frame(MARGIN_X, MARGIN_BOTTOM, self.width, self.lay.frame_height,
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id="later")
        template = BaseDocTemplate(
            out, pagesize=PAGE, leftMargin=MARGIN_X, rightMargin=MARGIN_X, topMargin=MARGIN_TOP,
            bottomMargin=MARGIN_BOTTOM, title=self.title_text, author=self.tr.gettext(AUTHOR),
            subject=f"{self.doc.subject} — {self.filter_text}", creator="tegdesk", lang=pdf_lang(self.tr.locale),
            initialFontName=self.fonts.regular,
            pageTemplates=[PageTemplate("first", [first], onPage=self.first_page),
                           PageTemplate("later", [later], onPage=self.later_page)])
        template.build(self.story(), canvasmaker=numbered_canvas(self.stamp))


# -- entry points ---------------------------------------------------------------------------------

def render_catalogue(drafts: Iterable[ActivityDraft], f: ActivityFilter, tr: Translator, ref: _Reference, *,
                     generated: dt.date | None = None) -> Catalogue:
    """The catalogue of ``drafts`` (already filtered by ``f``, in the list's order) in ``tr``'s language."""
    drafts = list(drafts)
    writer = _CatalogueWriter(tr, ref, f, drafts, generated or dt.date.today())
    buf = io.BytesIO()
    writer.build(buf)
    notes: list[CatalogueNote] = []
    if writer.missing_titles:
        notes.append(CatalogueNote("titles", tr.lang, tuple(sorted(writer.missing_titles))))
    if tr.lang not in ("en", "zh") and any(d.bsp_codes for d in drafts):
        notes.append(CatalogueNote("bsp", tr.lang))
    return Catalogue(buf.getvalue(), len(drafts), notes)


def catalogue_pdf(store: Any, f: ActivityFilter, lang: str, *, limit: int | None = None,
                  generated: dt.date | None = None) -> Catalogue:
    """The catalogue of the activities ``f`` selects, in ``lang``, with its notes.

    ``limit``: refuse (:class:`UserError`) to list more activities than this (the preview's guard).
    """
    tr = translator(lang)
    drafts = _activities(store, f, limit)
    return render_catalogue(drafts, f, tr, _Reference.load(store), generated=generated)


def build_catalogue(store: Any, f: ActivityFilter, lang: str, *, limit: int | None = None,
                    generated: dt.date | None = None) -> bytes:
    """The catalogue as PDF bytes (see :func:`catalogue_pdf` for its notes)."""
    return catalogue_pdf(store, f, lang, limit=limit, generated=generated).pdf
