"""The wording of meeting notices, kept in the database so that the secretariat can change it without code.

Two notices per language (DOMAIN.md, "UN document conventions", Notices):

- to **Governments** (``governments``): a note verbale, in the third person,
  opening with the compliments formula and closing with the renewal of the
  assurances of the secretariat's highest consideration; unsigned;
- to **experts** (``experts``): a letter, "Dear ...", closing "Yours sincerely",
  signed by the secretariat.

A template is plain text: paragraphs separated by blank lines, with
placeholders in braces filled from the meeting (:data:`PLACEHOLDERS`); ``{{``
and ``}}`` print one brace. A placeholder whose value the meeting lacks (no
nomination deadline, no agenda symbol yet) leaves out the paragraph that uses
it, and the notice says which (:attr:`RenderedNotice.omitted`).

Rendering has ``str.format_map`` semantics but never runs code and never
crashes on a user's template: an unknown placeholder (``{venu}``), a field with
attributes, indexes, conversions or formats (``{body.name}``, ``{0}``,
``{dates!r}``) or an unmatched brace raises a :class:`UserError` that names the
placeholder, in the user's language. :func:`save_template` checks the same way
before it writes.

:func:`ensure_default_templates` adds the default wording (:func:`default_template`,
in the six official languages) for a body that has none; it runs when the reference data
are loaded. :func:`template_for` reads a body's template for a language, the
default when there is none (English for a language with no default).
"""

from __future__ import annotations

import re
import string
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlmodel import Session, select

from tegdesk.core.errors import UserError
from tegdesk.core.i18n import N_, normalize_language
from tegdesk.core.models import Body, NoticeAudience, NoticeTemplate
from tegdesk.core.models.base import utcnow

__all__ = ["AUDIENCES", "PLACEHOLDERS", "RenderedNotice", "check_template", "default_template",
           "ensure_default_templates", "render_template", "reset_template", "save_template", "template_for"]

AUDIENCES = (NoticeAudience.GOVERNMENTS, NoticeAudience.EXPERTS)

#: Placeholder -> what it is replaced with (shown to the user next to the template editor).
PLACEHOLDERS: dict[str, str] = {
    "body": N_("the body's name: Technical Expert Group on Environment and Development"),
    "meeting": N_("the meeting in a sentence: second meeting of the Technical Expert Group on ..."),
    "dates": N_("the dates of the meeting: 3–4 March 2026"),
    "venue": N_("where, with its preposition: at United Nations Conference Centre, Bangkok and online"),
    "agenda_symbol": N_("the symbol of the provisional agenda: ESCAP/CED/TEG/2026/L.1"),
    "nomination_deadline": N_("the date by which nominations are due"),
    "registration_deadline": N_("the date by which participants register"),
    "funding": N_("the sentence on the funding of participation (terms of reference, paragraph 6)"),
    "contact": N_("the contact for the meeting"),
    "reference": N_("the reference number of the notice"),
    "organ": N_("the organ: Economic and Social Commission for Asia and the Pacific"),
    "secretariat": N_("the secretariat: Environment and Development Division"),
}

UNKNOWN_PLACEHOLDER = N_("The notice template uses {placeholder}, which is not a placeholder; use one of: {known}.")
MALFORMED_PLACEHOLDER = N_("The notice template has {placeholder}, which is not a placeholder: write a name in "
                           "braces, such as {{dates}}, with no dots, brackets, ! or :.")
UNMATCHED_BRACE = N_("The notice template has an unmatched brace near “{near}”: placeholders are written "
                     "{{name}}, and a brace that should print is doubled ({{{{ or }}}}).")
EMPTY_TEMPLATE = N_("The notice template is empty; write its text or reset it to the default wording.")
UNKNOWN_AUDIENCE = N_("“{audience}” is not a kind of notice; choose governments or experts.")

_GOVERNMENTS_EN = """\
The secretariat of the Economic and Social Commission for Asia and the Pacific (ESCAP) presents its compliments \
to the Ministers for Foreign Affairs of the members and associate members of ESCAP and has the honour to inform \
them that the {meeting} will be held {venue} on {dates}.

The provisional agenda of the meeting ({agenda_symbol}) is attached. In accordance with the terms of reference of \
the {body}, the documents of the meeting will be made available to the representatives of all members and \
associate members, whether or not they take part.

The secretariat has the honour to invite the members and associate members to nominate their experts, in \
accordance with paragraph 3 of the terms of reference, by {nomination_deadline}.

Participants are requested to register with the secretariat by {registration_deadline}, and representatives to \
communicate their credentials before the opening of the meeting.

{funding}

Further information may be obtained from {contact}.

The secretariat of the Economic and Social Commission for Asia and the Pacific avails itself of this opportunity \
to renew to the Ministers for Foreign Affairs of the members and associate members of ESCAP the assurances of its \
highest consideration."""

_GOVERNMENTS_ZH = """\
亚洲及太平洋经济社会委员会（亚太经社会）秘书处向亚太经社会各成员和准成员外交部长致意，并谨通知：{meeting}定于{dates}\
{venue}举行。

随函附上会议临时议程（{agenda_symbol}）。根据{body}的职权范围，会议文件将提供给所有成员和准成员的代表，无论其是否与会。

秘书处谨请各成员和准成员根据职权范围第3段，于{nomination_deadline}前提名各自的专家。

请与会者于{registration_deadline}前向秘书处登记，并请各代表在会议开幕前递交全权证书。

{funding}

详情请洽：{contact}。

亚洲及太平洋经济社会委员会秘书处借此机会再次向亚太经社会各成员和准成员外交部长致以最崇高的敬意。"""

_GOVERNMENTS_FR = """\
Le secrétariat de la Commission économique et sociale pour l’Asie et le Pacifique (CESAP) présente ses compliments \
aux ministres des affaires étrangères des membres et membres associés de la CESAP et a l’honneur de les informer \
que la {meeting} se tiendra {venue} ({dates}).

L’ordre du jour provisoire de la réunion ({agenda_symbol}) est joint à la présente note. Conformément au mandat du \
{body}, les documents de la réunion seront mis à la disposition des représentants de tous les membres et membres \
associés, qu’ils y participent ou non.

Le secrétariat a l’honneur d’inviter les membres et membres associés à désigner leurs experts, conformément au \
paragraphe 3 du mandat, d’ici au {nomination_deadline}.

Les participants sont priés de s’inscrire auprès du secrétariat d’ici au {registration_deadline}, et les \
représentants de communiquer leurs pouvoirs avant l’ouverture de la réunion.

{funding}

Pour tout complément d’information, prière de s’adresser à : {contact}.

Le secrétariat de la Commission économique et sociale pour l’Asie et le Pacifique saisit cette occasion pour \
renouveler aux ministres des affaires étrangères des membres et membres associés de la CESAP les assurances de sa \
très haute considération."""

_GOVERNMENTS_RU = """\
Секретариат Экономической и социальной комиссии для Азии и Тихого океана (ЭСКАТО) свидетельствует свое уважение \
министрам иностранных дел членов и ассоциированных членов ЭСКАТО и имеет честь сообщить, что {meeting} состоится \
{dates} {venue}.

Предварительная повестка дня совещания ({agenda_symbol}) прилагается. В соответствии с кругом ведения органа \
«{body}» документы совещания будут предоставлены представителям всех членов и ассоциированных членов независимо от \
того, участвуют ли они в совещании.

Секретариат имеет честь предложить членам и ассоциированным членам назначить своих экспертов в соответствии с \
пунктом 3 круга ведения до {nomination_deadline}.

Участникам предлагается зарегистрироваться в секретариате до {registration_deadline}, а представителям — представить \
свои полномочия до открытия совещания.

{funding}

Дополнительную информацию можно получить по адресу: {contact}.

Секретариат Экономической и социальной комиссии для Азии и Тихого океана пользуется случаем, чтобы возобновить \
министрам иностранных дел членов и ассоциированных членов ЭСКАТО уверения в своем самом высоком уважении."""

_GOVERNMENTS_ES = """\
La secretaría de la Comisión Económica y Social para Asia y el Pacífico (CESPAP) saluda atentamente a los \
Ministros de Relaciones Exteriores de los miembros y miembros asociados de la CESPAP y tiene el honor de \
informarles de que la {meeting} se celebrará {venue} ({dates}).

Se adjunta el programa provisional de la reunión ({agenda_symbol}). De conformidad con el mandato del {body}, los \
documentos de la reunión se pondrán a disposición de los representantes de todos los miembros y miembros \
asociados, participen o no en ella.

La secretaría tiene el honor de invitar a los miembros y miembros asociados a que designen a sus expertos, de \
conformidad con el párrafo 3 del mandato, a más tardar el {nomination_deadline}.

Se ruega a los participantes que se inscriban ante la secretaría a más tardar el {registration_deadline}, y a los \
representantes que comuniquen sus credenciales antes de la apertura de la reunión.

{funding}

Para más información, sírvanse dirigirse a: {contact}.

La secretaría de la Comisión Económica y Social para Asia y el Pacífico aprovecha la oportunidad para reiterar a \
los Ministros de Relaciones Exteriores de los miembros y miembros asociados de la CESPAP el testimonio de su más \
alta consideración."""

_GOVERNMENTS_AR = """\
تهدي أمانة اللجنة الاقتصادية والاجتماعية لآسيا والمحيط الهادئ (الإسكاب) أطيب تحياتها إلى وزراء خارجية أعضاء \
الإسكاب وأعضائها المنتسبين، وتتشرف بأن تحيطهم علماً بأن {meeting} سيُعقد {venue} في {dates}.

ومرفق بهذه المذكرة جدول الأعمال المؤقت للاجتماع ({agenda_symbol}). ووفقاً لاختصاصات {body}، ستُتاح وثائق الاجتماع \
لممثلي جميع الأعضاء والأعضاء المنتسبين، سواء شاركوا فيه أم لم يشاركوا.

وتتشرف الأمانة بأن تدعو الأعضاء والأعضاء المنتسبين إلى تسمية خبرائهم، وفقاً للفقرة 3 من الاختصاصات، في موعد \
أقصاه {nomination_deadline}.

ويُرجى من المشاركين التسجيل لدى الأمانة في موعد أقصاه {registration_deadline}، ومن الممثلين تقديم وثائق \
تفويضهم قبل افتتاح الاجتماع.

{funding}

ويمكن الحصول على مزيد من المعلومات من: {contact}.

وتغتنم أمانة اللجنة الاقتصادية والاجتماعية لآسيا والمحيط الهادئ هذه الفرصة لتعرب مجدداً لوزراء خارجية أعضاء \
الإسكاب وأعضائها المنتسبين عن أسمى آيات تقديرها."""

_EXPERTS_EN = """\
Dear Sir or Madam,

On behalf of the secretariat of the Economic and Social Commission for Asia and the Pacific (ESCAP), we have the \
pleasure of inviting you to the {meeting}, which will be held {venue} on {dates}.

The provisional agenda of the meeting ({agenda_symbol}) is attached.

We would be grateful if you would register with the secretariat by {registration_deadline}.

{funding}

Should you have any questions, please contact {contact}.

We look forward to your participation.

Yours sincerely,"""

_EXPERTS_ZH = """\
尊敬的先生/女士：

我们谨代表亚洲及太平洋经济社会委员会（亚太经社会）秘书处，邀请您出席定于{dates}{venue}举行的{meeting}。

随函附上会议临时议程（{agenda_symbol}）。

请于{registration_deadline}前向秘书处登记。

{funding}

如有任何问题，请联系：{contact}。

期待您的参与。

此致
敬礼"""

_EXPERTS_FR = """\
Madame, Monsieur,

Au nom du secrétariat de la Commission économique et sociale pour l’Asie et le Pacifique (CESAP), nous avons le \
plaisir de vous inviter à la {meeting}, qui se tiendra {venue} ({dates}).

L’ordre du jour provisoire de la réunion ({agenda_symbol}) est joint à la présente lettre.

Nous vous saurions gré de bien vouloir vous inscrire auprès du secrétariat d’ici au {registration_deadline}.

{funding}

Pour toute question, veuillez vous adresser à : {contact}.

Nous espérons vivement pouvoir compter sur votre participation.

Veuillez agréer, Madame, Monsieur, l’expression de notre considération distinguée."""

_EXPERTS_RU = """\
Уважаемая госпожа / Уважаемый господин!

От имени секретариата Экономической и социальной комиссии для Азии и Тихого океана (ЭСКАТО) имеем удовольствие \
сообщить Вам, что {meeting} состоится {dates} {venue}, и пригласить Вас принять участие в этом мероприятии.

Предварительная повестка дня совещания ({agenda_symbol}) прилагается.

Просим Вас зарегистрироваться в секретариате до {registration_deadline}.

{funding}

По всем вопросам просим обращаться по адресу: {contact}.

Надеемся на Ваше участие.

С уважением"""

_EXPERTS_ES = """\
Estimado señor o estimada señora:

En nombre de la secretaría de la Comisión Económica y Social para Asia y el Pacífico (CESPAP), tenemos el placer \
de invitarle a la {meeting}, que se celebrará {venue} ({dates}).

Se adjunta el programa provisional de la reunión ({agenda_symbol}).

Le agradeceríamos que se inscribiera ante la secretaría a más tardar el {registration_deadline}.

{funding}

Para cualquier consulta, sírvase dirigirse a: {contact}.

Esperamos contar con su participación.

Atentamente,"""

_EXPERTS_AR = """\
حضرة السيد/السيدة المحترم/المحترمة،

يسرنا، باسم أمانة اللجنة الاقتصادية والاجتماعية لآسيا والمحيط الهادئ (الإسكاب)، أن ندعوكم إلى {meeting}، الذي \
سيُعقد {venue} في {dates}.

ومرفق بهذه الرسالة جدول الأعمال المؤقت للاجتماع ({agenda_symbol}).

ونرجو منكم التكرم بالتسجيل لدى الأمانة في موعد أقصاه {registration_deadline}.

{funding}

وللاستفسار، يُرجى الاتصال بـ: {contact}.

ونتطلع إلى مشاركتكم.

وتفضلوا بقبول فائق الاحترام،"""

#: languages with a default wording of their own: the six official languages of the United Nations
DEFAULT_LANGUAGES = ("en", "zh", "fr", "ru", "es", "ar")
_DEFAULTS = {
    (NoticeAudience.GOVERNMENTS, "en"): _GOVERNMENTS_EN,
    (NoticeAudience.GOVERNMENTS, "zh"): _GOVERNMENTS_ZH,
    (NoticeAudience.GOVERNMENTS, "fr"): _GOVERNMENTS_FR,
    (NoticeAudience.GOVERNMENTS, "ru"): _GOVERNMENTS_RU,
    (NoticeAudience.GOVERNMENTS, "es"): _GOVERNMENTS_ES,
    (NoticeAudience.GOVERNMENTS, "ar"): _GOVERNMENTS_AR,
    (NoticeAudience.EXPERTS, "en"): _EXPERTS_EN,
    (NoticeAudience.EXPERTS, "zh"): _EXPERTS_ZH,
    (NoticeAudience.EXPERTS, "fr"): _EXPERTS_FR,
    (NoticeAudience.EXPERTS, "ru"): _EXPERTS_RU,
    (NoticeAudience.EXPERTS, "es"): _EXPERTS_ES,
    (NoticeAudience.EXPERTS, "ar"): _EXPERTS_AR,
}


def _audience(audience: str) -> NoticeAudience:
    try:
        return NoticeAudience(audience)
    except ValueError:
        raise UserError(UNKNOWN_AUDIENCE, audience=audience) from None


def default_template(audience: str, lang: str) -> str:
    """The default wording for ``audience`` in ``lang``; English for a language with no default of its own."""
    lang = normalize_language(lang)
    key = _audience(audience)
    return _DEFAULTS.get((key, lang)) or _DEFAULTS[(key, "en")]


def has_default(lang: str) -> bool:
    """Whether ``lang`` has a default wording of its own (else :func:`default_template` gives English)."""
    return normalize_language(lang) in DEFAULT_LANGUAGES


# -- checking and rendering -------------------------------------------------------------------

def _fields(paragraph: str) -> list[str]:
    """The placeholders of one paragraph, checked; :class:`UserError` naming the first bad one."""
    try:
        parsed = list(string.Formatter().parse(paragraph))
    except ValueError:
        raise UserError(UNMATCHED_BRACE, near=_near_brace(paragraph)) from None
    names: list[str] = []
    for _, name, spec, conversion in parsed:
        if name is None:
            continue
        shown = "{" + name + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "") + "}"
        if not name.isidentifier() or spec or conversion:
            raise UserError(MALFORMED_PLACEHOLDER, placeholder=shown)
        if name not in PLACEHOLDERS:
            raise UserError(UNKNOWN_PLACEHOLDER, placeholder=shown,
                            known=", ".join("{" + k + "}" for k in PLACEHOLDERS))
        names.append(name)
    return names


_PAIRED = re.compile(r"\{\{|\}\}|\{[^{}]*\}")


def _near_brace(text: str) -> str:
    """A few characters around the first brace that pairs with nothing (for the message)."""
    masked = _PAIRED.sub(lambda m: "\0" * len(m.group()), text)
    at = next((i for i, ch in enumerate(masked) if ch in "{}"), 0)
    return " ".join(text[max(0, at - 12):at + 13].split())


def paragraphs(text: str) -> list[str]:
    """The paragraphs of a template: separated by blank lines (lines inside a paragraph are kept)."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    out: list[str] = []
    current: list[str] = []
    for line in lines:
        if line.strip():
            current.append(line.strip())
        elif current:
            out.append("\n".join(current))
            current = []
    if current:
        out.append("\n".join(current))
    return out


def check_template(text: str) -> list[str]:
    """The placeholders ``text`` uses, in order; :class:`UserError` if it is empty or one is bad."""
    paras = paragraphs(text or "")
    if not paras:
        raise UserError(EMPTY_TEMPLATE)
    names: list[str] = []
    for para in paras:
        names += _fields(para)
    return names


@dataclass
class RenderedNotice:
    """A template filled: its paragraphs, and the placeholders whose paragraphs were left out."""

    paragraphs: list[str]
    omitted: list[str] = field(default_factory=list)


def render_template(text: str, values: Mapping[str, str | None]) -> RenderedNotice:
    """Fill ``text``'s placeholders from ``values`` (a value ``None`` or empty leaves out its paragraph).

    Values are inserted literally (they are never parsed again); the caller
    escapes the result for its document format.
    """
    check_template(text)
    out: list[str] = []
    omitted: list[str] = []
    for para in paragraphs(text):
        names = _fields(para)
        lacking = [n for n in names if not (values.get(n) or "").strip()]
        if lacking:
            omitted += [n for n in lacking if n not in omitted]
            continue
        filled = para.format_map(_Values(values))
        out.append(_squeeze(filled))
    return RenderedNotice(out, omitted)


def _squeeze(text: str) -> str:
    """Runs of spaces as one (an empty value between two words leaves no gap); no-break spaces are kept."""
    return "\n".join(_SPACES.sub(" ", line).strip(" ") for line in text.split("\n"))


_SPACES = re.compile(" {2,}")


class _Values(dict):
    """format_map's mapping: every name was checked before, so a missing one is a bug, not user input."""

    def __init__(self, values: Mapping[str, str | None]):
        super().__init__({k: (v or "").strip() for k, v in values.items()})


# -- the database -----------------------------------------------------------------------------

def _row(s: Session, body_id: uuid.UUID, audience: str, lang: str) -> NoticeTemplate | None:
    return s.exec(select(NoticeTemplate).where(NoticeTemplate.body_id == body_id,
                                               NoticeTemplate.audience == audience,
                                               NoticeTemplate.language == lang)).first()


def ensure_default_templates(session: Session, body: Body) -> None:
    """Add the default wording for every audience and default language the body has no template for.

    A template the user removed (soft-deleted) is not brought back.
    """
    have = {(t.audience, t.language) for t in session.exec(
        select(NoticeTemplate).where(NoticeTemplate.body_id == body.id)).all()}
    for (audience, lang), text in _DEFAULTS.items():
        if (audience.value, lang) not in have:
            session.add(NoticeTemplate(body_id=body.id, audience=audience.value, language=lang, text=text))


def template_for(store: Any, body_id: uuid.UUID, audience: str, lang: str) -> str:
    """The body's wording of a notice in ``lang``: its template, else the default (see :func:`default_template`)."""
    lang = normalize_language(lang)
    key = _audience(audience)
    with store.session() as s:
        row = _row(s, body_id, key.value, lang)
        if row is not None and row.deleted_at is None and row.text.strip():
            return row.text
    return default_template(key, lang)


def save_template(store: Any, body_id: uuid.UUID, audience: str, lang: str, text: str) -> None:
    """Keep ``text`` as the body's wording of a notice in ``lang``, after checking its placeholders."""
    lang = normalize_language(lang)
    key = _audience(audience)
    check_template(text)
    with store.session() as s:
        row = _row(s, body_id, key.value, lang)
        if row is None:
            s.add(NoticeTemplate(body_id=body_id, audience=key.value, language=lang, text=text))
        else:
            row.text = text
            row.deleted_at = None
            row.updated_at = utcnow()
            s.add(row)


def reset_template(store: Any, body_id: uuid.UUID, audience: str, lang: str) -> str:
    """Put back the default wording of a notice in ``lang``; returns it."""
    text = default_template(audience, lang)
    save_template(store, body_id, audience, lang, text)
    return text
