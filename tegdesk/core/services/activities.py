"""The activity service: the one way to read and change capacity-building activities (B1-B7).

::

    ActivityService(store)
    load(activity_id) -> ActivityDraft                     # UserError when gone or deleted
    drafts(ids) -> list[ActivityDraft]                     # in the order of ids, the gone ones left out
    drafts_by_id(ids) -> dict[uuid, ActivityDraft]         # a handful of queries per 500 activities
    check(draft, activity_id=None) -> Outcome              # no write; record: the draft as it would be saved
    save(draft, activity_id=None) -> Outcome               # one transaction; record: the activity id
    save_many(drafts, *, first_row=1, progress=None) -> Outcome   # all or nothing; record: the new ids
    delete(activity_id) -> Outcome                         # soft: deleted_at is set, the identifier is kept
    propose_identifier() -> str                            # XM-DAC-41106-BSP-0201

Every write checks the draft with :func:`tegdesk.core.activity_rules.check_activity` first
and writes nothing when an error is found. An empty identifier is filled with a proposed
one. Organisations are matched to the organisations already known, by IATI identifier,
else by name, else by acronym (ignoring case), else created. Saving an activity replaces
its organisations, recipients, BSP codes and links with the draft's (rows that stay the
same are kept, so the audit trail shows only what changed).

``save_many`` is for importers: every draft is checked against the database and against
the others (identifiers unique among them); each violation's ``params["row"]`` is the
draft's row number (``first_row`` for the first draft); then everything is written in one
transaction with bulk inserts, each row audited (:func:`tegdesk.core.store.audit.bulk_insert`),
and the search index built once for all of them (:func:`tegdesk.core.store.search.bulk_inserts`).
"""

from __future__ import annotations

import dataclasses
import re
import uuid
from collections.abc import Iterable, Sequence
from typing import Any

from sqlmodel import Session, select

from tegdesk.core.activity_rules import (
    ESCAP_IATI_REF,
    ActivityReference,
    as_percentage,
    check_activity,
    link_order,
    normalize,
    organisation_order,
    recipient_order,
    reporting_prefix,
)
from tegdesk.core.activity_types import ActivityDraft, ExternalLink, OrganisationRole, RecipientShare
from tegdesk.core.errors import UserError
from tegdesk.core.i18n import N_
from tegdesk.core.models import (
    Activity,
    ActivityBspCode,
    ActivityLink,
    ActivityOrganisation,
    ActivityRecipient,
    MemberState,
    Organisation,
    utcnow,
)
from tegdesk.core.progress import Progress
from tegdesk.core.rules import Violation
from tegdesk.core.services.meeting_base import refusal
from tegdesk.core.services.roster import Outcome
from tegdesk.core.store import Store
from tegdesk.core.store.audit import bulk_insert
from tegdesk.core.store.search import bulk_inserts

ACTIVITY_GONE = N_("That activity no longer exists.")
#: The local part of the identifiers tegdesk proposes: <reporting org>-BSP-0001.
LOCAL_SERIES = "BSP"
CHUNK = 500

#: The reporting organisation, created on the first save when the database does not know it yet.
ESCAP = {"name": "Economic and Social Commission for Asia and the Pacific", "acronym": "ESCAP",
         "iati_ref": ESCAP_IATI_REF, "iati_type": "40"}

#: The activity's own fields, copied as they are between a draft and its row.
_FIELDS = ("iati_identifier", "title", "titles", "description", "descriptions", "level", "south_south", "status",
           "planned_start", "planned_end", "actual_start", "actual_end", "currency", "budget", "cost",
           "trained_women", "trained_men", "trained_other", "results", "assessment", "assessment_date", "agreements")


def _chunks(items: Sequence[Any]) -> Iterable[Sequence[Any]]:
    for start in range(0, len(items), CHUNK):
        yield items[start:start + CHUNK]


class OrganisationMatcher:
    """Finds the organisation a draft names among those known, or plans a new one."""

    def __init__(self, organisations: Iterable[Organisation]):
        self.by_ref: dict[str, uuid.UUID] = {}
        self.by_name: dict[str, uuid.UUID] = {}
        self.by_acronym: dict[str, uuid.UUID] = {}
        self.new: list[dict[str, Any]] = []  # rows of organisations to create
        for org in organisations:
            self._index(org.id, org.name, org.iati_ref, org.acronym)

    def _index(self, org_id: uuid.UUID, name: str, ref: str | None, acronym: str | None) -> None:
        if ref:
            self.by_ref.setdefault(ref.casefold(), org_id)
        self.by_name.setdefault(name.casefold(), org_id)
        if acronym:
            self.by_acronym.setdefault(acronym.casefold(), org_id)

    def find(self, name: str, ref: str | None = None, acronym: str | None = None) -> uuid.UUID | None:
        if ref and ref.casefold() in self.by_ref:
            return self.by_ref[ref.casefold()]
        for key, index in ((name, self.by_name), (acronym, self.by_acronym), (name, self.by_acronym)):
            if key and key.casefold() in index:
                return index[key.casefold()]
        return None

    def resolve(self, name: str, ref: str | None = None, type_: str | None = None,
                acronym: str | None = None) -> uuid.UUID:
        """The known organisation's id, or a new one's (added to :attr:`new`)."""
        found = self.find(name, ref, acronym)
        if found is not None:
            return found
        org_id = uuid.uuid4()
        self.new.append({"id": org_id, "name": name, "acronym": acronym, "iati_ref": ref, "iati_type": type_,
                         "country_iso2": None, "deleted_at": None})
        self._index(org_id, name, ref, acronym)
        return org_id


class ActivityService:
    """Read, check, save and delete activities; see the module's docstring for the API."""

    def __init__(self, store: Store):
        self.store = store

    # -- reading ------------------------------------------------------------------------------
    def load(self, activity_id: uuid.UUID) -> ActivityDraft:
        draft = self.drafts_by_id([activity_id]).get(activity_id)
        if draft is None:
            raise UserError(ACTIVITY_GONE)
        return draft

    def drafts(self, ids: Iterable[uuid.UUID]) -> list[ActivityDraft]:
        """The activities ``ids`` as drafts, in that order; deleted and unknown ones are left out."""
        ids = list(ids)
        found = self.drafts_by_id(ids)
        return [found[i] for i in ids if i in found]

    def drafts_by_id(self, ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, ActivityDraft]:
        """The activities ``ids`` (not deleted) as drafts: five queries per 500 activities."""
        wanted = list(dict.fromkeys(ids))
        out: dict[uuid.UUID, ActivityDraft] = {}
        if not wanted:
            return out
        with self.store.reader() as s:
            members = {m_id: iso2 for m_id, iso2 in s.exec(select(MemberState.id, MemberState.iso2)).all()}
            for chunk in _chunks(wanted):
                out.update(_read_chunk(s, chunk, members))
        return out

    def propose_identifier(self) -> str:
        """The next free identifier of the series ``<ESCAP's IATI identifier>-BSP-NNNN``."""
        with self.store.reader() as s:
            return _proposals(s, 1)[0]

    # -- checking and saving -----------------------------------------------------------------
    def check(self, draft: ActivityDraft, activity_id: uuid.UUID | None = None) -> Outcome:
        """What saving ``draft`` would meet, without writing. ``outcome.record`` is the draft as it
        would be saved (normalised, with a proposed identifier when it had none)."""
        with self.store.reader() as s:
            draft, found = self._checked(s, draft, activity_id)
        return Outcome(violations=found, record=draft)

    def save(self, draft: ActivityDraft, activity_id: uuid.UUID | None = None) -> Outcome:
        """Create (``activity_id`` None) or replace an activity, in one transaction, when no rule
        is broken. ``outcome.record`` is the activity's id."""
        with self.store.session() as s:
            draft, found = self._checked(s, draft, activity_id)
            outcome = Outcome(violations=found)
            if not outcome.ok:
                return outcome
            activity = None
            if activity_id is not None:
                activity = s.get(Activity, activity_id)
                if activity is None or activity.deleted_at is not None:
                    return refusal(ACTIVITY_GONE)
            matcher = OrganisationMatcher(_live_organisations(s))
            reporting = _reporting_org(matcher, draft)
            roles = _roles(matcher, draft)
            if matcher.new:  # parents first: SQLite checks foreign keys at once
                s.add_all(Organisation(**row) for row in matcher.new)
                s.flush()
            if activity is None:
                activity = Activity(iati_identifier=draft.iati_identifier, title=draft.title)
            for name in _FIELDS:
                setattr(activity, name, _copy(getattr(draft, name)))
            activity.reporting_org_id = reporting
            s.add(activity)
            s.flush()
            _replace_children(s, activity.id, draft, roles)
            outcome.record, outcome.saved = activity.id, True
            return outcome

    def _checked(self, s: Session, draft: ActivityDraft,
                 activity_id: uuid.UUID | None) -> tuple[ActivityDraft, list[Violation]]:
        draft = normalize(draft)
        if not draft.iati_identifier:
            draft.iati_identifier = _proposals(s, 1)[0]
        ref = ActivityReference.load(s, identifiers=[draft.iati_identifier])
        return draft, check_activity(draft, ref, activity_id=activity_id)

    def save_many(self, drafts: Sequence[ActivityDraft], *, first_row: int = 1,
                  progress: Progress | None = None) -> Outcome:
        """Add many activities at once, all or nothing (importers). Each violation carries its
        draft's row number in ``params["row"]``; ``outcome.record`` is the new ids in order.
        ``progress`` hears of the checking and may cancel (:class:`~tegdesk.core.progress.Cancelled`)
        until the last moment; nothing is written then."""
        progress = progress or Progress()
        with self.store.session() as s:
            ref = ActivityReference.load(s)
            prepared = [normalize(d) for d in drafts]
            blanks = [d for d in prepared if not d.iati_identifier]
            for d, identifier in zip(blanks, _proposals(s, len(blanks), taken=[d.iati_identifier for d in prepared]),
                                     strict=True):
                d.iati_identifier = identifier
            found: list[Violation] = []
            first_seen: dict[str, int] = {}
            for row, d in enumerate(prepared, start=first_row):
                progress(row - first_row, len(prepared), N_("Checking activity {n} of {count}…"),
                         n=row - first_row + 1, count=len(prepared))
                problems = check_activity(d, ref, normalized=True)
                earlier = first_seen.setdefault(d.iati_identifier, row)
                if earlier != row and d.iati_identifier:
                    problems.append(Violation("", "", N_("{identifier} is also the identifier in row {other}."),
                                              {"identifier": d.iati_identifier, "other": earlier},
                                              field="iati_identifier"))
                found.extend(dataclasses.replace(v, params={**v.params, "row": row}) for v in problems)
            outcome = Outcome(violations=found)
            if not outcome.ok or not prepared:
                return outcome
            progress(0, 0, N_("Writing {count} activities…"), count=len(prepared))
            ids = _insert_many(s, prepared)
            progress.check()  # the last moment to stop: Cancelled rolls everything back
            outcome.record, outcome.saved = ids, True
            return outcome

    def delete(self, activity_id: uuid.UUID) -> Outcome:
        """Delete an activity softly: the row and its identifier are kept, it is no longer shown."""
        with self.store.session() as s:
            activity = s.get(Activity, activity_id)
            if activity is None or activity.deleted_at is not None:
                return refusal(ACTIVITY_GONE)
            activity.deleted_at = utcnow()
            s.add(activity)
            return Outcome(saved=True, record=activity.id)


# -- helpers ---------------------------------------------------------------------------------

def _copy(value: Any) -> Any:
    """Lists and dicts copied, so that a draft and a record never share one."""
    if isinstance(value, dict):
        return dict(value)
    if isinstance(value, list):
        return list(value)
    return value


def _live_organisations(s: Session) -> list[Organisation]:
    return list(s.exec(select(Organisation).where(Organisation.deleted_at.is_(None))
                       .order_by(Organisation.created_at, Organisation.name)).all())


def _reporting_org(matcher: OrganisationMatcher, draft: ActivityDraft) -> uuid.UUID | None:
    """The organisation whose IATI identifier begins the draft's identifier (ESCAP, created if unknown)."""
    prefix = reporting_prefix(draft.iati_identifier, draft.organisations)
    if prefix == ESCAP_IATI_REF:
        return matcher.resolve(ESCAP["name"], ESCAP["iati_ref"], ESCAP["iati_type"], ESCAP["acronym"])
    for o in draft.organisations:
        if o.ref and o.ref == prefix:
            return matcher.resolve(o.name, o.ref, o.type, o.acronym)
    return None


def _roles(matcher: OrganisationMatcher, draft: ActivityDraft) -> list[tuple[uuid.UUID, str]]:
    """(organisation id, role) for each of the draft's organisations, once each."""
    pairs = [(matcher.resolve(o.name, o.ref, o.type, o.acronym), o.role) for o in draft.organisations]
    return list(dict.fromkeys(pairs))


def _recipient_rows(activity_id: uuid.UUID, draft: ActivityDraft,
                    members: dict[str, uuid.UUID]) -> list[dict[str, Any]]:
    return [{"activity_id": activity_id, "member_id": members.get(r.country) if r.country else None,
             "region_code": r.region, "percentage": float(r.percentage)} for r in draft.recipients]


def _link_rows(activity_id: uuid.UUID, draft: ActivityDraft) -> list[dict[str, Any]]:
    return [{"activity_id": activity_id, "system": link.system, "url": link.url, "external_id": link.external_id}
            for link in draft.links]


def _replace_children(s: Session, activity_id: uuid.UUID, draft: ActivityDraft,
                      roles: list[tuple[uuid.UUID, str]]) -> None:
    """Make the activity's child rows those of the draft; rows already right are left alone."""
    members = dict(s.exec(select(MemberState.iso2, MemberState.id)).all())
    wanted: list[tuple[type, list[dict[str, Any]], tuple[str, ...]]] = [
        (ActivityOrganisation, [{"activity_id": activity_id, "organisation_id": o, "role": r} for o, r in roles],
         ("organisation_id", "role")),
        (ActivityRecipient, _recipient_rows(activity_id, draft, members), ("member_id", "region_code", "percentage")),
        (ActivityBspCode, [{"activity_id": activity_id, "code": c} for c in draft.bsp_codes], ("code",)),
        (ActivityLink, _link_rows(activity_id, draft), ("system", "url", "external_id")),
    ]
    for model, rows, key in wanted:
        existing = s.exec(select(model).where(model.activity_id == activity_id)).all()
        kept: dict[tuple, Any] = {}
        for record in existing:
            k = tuple(getattr(record, name) for name in key)
            if k in kept:
                s.delete(record)
            else:
                kept[k] = record
        needed = {tuple(row[name] for name in key): row for row in rows}
        for k, record in kept.items():
            if k not in needed:
                s.delete(record)
        s.flush()  # deletions first: a row put back must not meet its old self in a unique index
        s.add_all(model(**row) for k, row in needed.items() if k not in kept)
    s.flush()


def _proposals(s: Session, count: int, taken: Iterable[str] = ()) -> list[str]:
    """``count`` identifiers of the series ``<ESCAP>-BSP-NNNN`` after the highest in use."""
    prefix = f"{ESCAP_IATI_REF}-{LOCAL_SERIES}-"
    pattern = re.compile(re.escape(prefix) + r"(\d+)")
    used = list(s.exec(select(Activity.iati_identifier).where(Activity.iati_identifier.startswith(prefix))).all())
    numbers = [int(m.group(1)) for i in [*used, *taken] if i and (m := pattern.fullmatch(i))]
    last = max(numbers, default=0)
    return [f"{prefix}{n:04d}" for n in range(last + 1, last + 1 + count)]


def _insert_many(s: Session, drafts: list[ActivityDraft]) -> list[uuid.UUID]:
    """Write checked drafts with bulk inserts (each row audited); returns their ids."""
    matcher = OrganisationMatcher(_live_organisations(s))
    members = dict(s.exec(select(MemberState.iso2, MemberState.id)).all())
    now = utcnow()
    activities, organisations, recipients, codes, links = [], [], [], [], []
    ids = sorted(uuid.uuid4() for _ in drafts)  # in key order: each index grows at one end, not all over
    for activity_id, d in zip(ids, drafts, strict=True):
        row = {name: getattr(d, name) for name in _FIELDS}  # normalize() made the lists and dicts
        row.update(id=activity_id, reporting_org_id=_reporting_org(matcher, d), deleted_at=None,
                   created_at=now, updated_at=now)
        activities.append(row)
        organisations += [{"activity_id": activity_id, "organisation_id": o, "role": r} for o, r in _roles(matcher, d)]
        recipients += _recipient_rows(activity_id, d, members)
        codes += [{"activity_id": activity_id, "code": c} for c in d.bsp_codes]
        links += _link_rows(activity_id, d)
    for rows in (organisations, recipients, codes, links):
        for row, row_id in zip(rows, sorted(uuid.uuid4() for _ in rows), strict=True):
            row["id"] = row_id
    bulk_insert(s, Organisation, matcher.new)
    with bulk_inserts(s.connection()):  # the search index is built once, at the end
        bulk_insert(s, Activity, activities)
        bulk_insert(s, ActivityOrganisation, organisations)
    bulk_insert(s, ActivityRecipient, recipients)
    bulk_insert(s, ActivityBspCode, codes)
    bulk_insert(s, ActivityLink, links)
    return ids


def _share(value: float) -> Any:
    """A stored share (a float) back as the Decimal it was saved from (two decimals at most)."""
    return as_percentage(round(value, 2))


def _read_chunk(s: Session, chunk: Sequence[uuid.UUID],
                members: dict[uuid.UUID, str]) -> dict[uuid.UUID, ActivityDraft]:
    """Columns, not ORM objects: reading 10,000 activities stays a matter of a second or two."""
    columns = [getattr(Activity, name) for name in _FIELDS]
    rows = s.exec(select(Activity.id, *columns).where(Activity.id.in_(chunk), Activity.deleted_at.is_(None))).all()
    drafts = {row[0]: ActivityDraft(**dict(zip(_FIELDS, row[1:], strict=True))) for row in rows}
    if not drafts:
        return drafts
    live = list(drafts)
    for activity_id, role, name, ref, type_, acronym in s.exec(
            select(ActivityOrganisation.activity_id, ActivityOrganisation.role, Organisation.name,
                   Organisation.iati_ref, Organisation.iati_type, Organisation.acronym)
            .join(Organisation, ActivityOrganisation.organisation_id == Organisation.id)
            .where(ActivityOrganisation.activity_id.in_(live))).all():
        drafts[activity_id].organisations.append(
            OrganisationRole(name=name, role=role, ref=ref, type=type_, acronym=acronym))
    for activity_id, member_id, region, share in s.exec(
            select(ActivityRecipient.activity_id, ActivityRecipient.member_id, ActivityRecipient.region_code,
                   ActivityRecipient.percentage).where(ActivityRecipient.activity_id.in_(live))).all():
        drafts[activity_id].recipients.append(
            RecipientShare(country=members.get(member_id) if member_id else None, region=region,
                           percentage=_share(share)))
    for activity_id, code in s.exec(select(ActivityBspCode.activity_id, ActivityBspCode.code)
                                    .where(ActivityBspCode.activity_id.in_(live))).all():
        drafts[activity_id].bsp_codes.append(code)
    for activity_id, system, url, external_id in s.exec(
            select(ActivityLink.activity_id, ActivityLink.system, ActivityLink.url, ActivityLink.external_id)
            .where(ActivityLink.activity_id.in_(live))).all():
        drafts[activity_id].links.append(ExternalLink(system=system, url=url, external_id=external_id))
    for d in drafts.values():
        d.organisations.sort(key=organisation_order)
        d.recipients.sort(key=recipient_order)
        d.bsp_codes.sort()
        d.links.sort(key=link_order)
    return drafts
