"""Every document reads in each of the six UN languages: built from the demonstration data, read back with poppler.

For each language the annotated provisional agenda, the note verbale, the letter to experts, the list of
participants, the roster, the activity catalogue and the BSP report hold the words of that language: the
translated title, the masthead, a date as Babel writes it in the language, a country by its name in the
language. Arabic is read word by word (poppler gives each word's letters in drawing order; they are put
back in logical order and normalised as tests/core/test_arabic_pdf.py does).
"""

from __future__ import annotations

import datetime as dt
import shutil
import unicodedata
from pathlib import Path

import pytest
from sqlmodel import select

from tegdesk.core.activity_types import ActivityFilter
from tegdesk.core.demo.populate import populate_demo
from tegdesk.core.documents.activity_catalogue import build_catalogue
from tegdesk.core.documents.bsp_report import export_bsp_report
from tegdesk.core.documents.meeting_export import export_meeting_document
from tegdesk.core.documents.roster_pdf import export_roster_pdf
from tegdesk.core.documents.un import ENGLISH_DISTRIBUTION_BLOCK
from tegdesk.core.i18n import LANGUAGES, translator
from tegdesk.core.models import Body, Meeting
from tegdesk.core.reports.labels import country_name
from tegdesk.core.store import open_store
from tests.core.test_arabic_pdf import words
from tests.core.test_roster_pdf import pdfinfo, pdftext, squash

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is not installed")

TODAY = dt.date(2026, 11, 21)
ISSUED = dt.date(2027, 1, 15)
AS_OF = dt.date(2026, 3, 12)
HELD = dt.date(2023, 3, 14)  # the first meeting's first day: the date of its list of participants
YEAR = 2025

#: what each document says in each language (title, masthead, formulas), in the catalogs' and notices' wording
EXPECTED: dict[str, dict[str, list[str]]] = {
    "agenda": {
        "en": ["Annotated provisional agenda", "Distr.: Limited", "Original: English", "Opening of the meeting"],
        "zh": ["附加说明的临时议程", "Distr.: Limited", "Original: English", "会议开幕"],
        "fr": ["Ordre du jour provisoire annoté", "Distr. limitée", "Original : anglais", "Ouverture de la réunion"],
        "ru": ["Аннотированная предварительная повестка дня", "Distr.: Limited",
               "Original: English", "Открытие совещания"],
        "es": ["Programa provisional anotado", "Distr. limitada", "Original: inglés", "Apertura de la reunión"],
        "ar": ["جدول الأعمال المؤقت المشروح", "Distr.: Limited", "Original: English", "افتتاح الاجتماع"],
    },
    "verbale": {
        "en": ["presents its compliments", "assurances of its highest consideration", "Bangkok"],
        "zh": ["致意，并谨通知", "致以最崇高的敬意", "曼谷"],
        "fr": ["présente ses compliments", "a l’honneur de les informer", "très haute considération", "Bangkok"],
        "ru": ["свидетельствует свое уважение", "имеет честь сообщить", "самом высоком уважении", "Бангкок"],
        "es": ["saluda atentamente", "tiene el honor de informarles", "más alta consideración", "Bangkok"],
        "ar": ["أطيب تحياتها", "وتتشرف بأن تحيطهم علماً", "أسمى آيات تقديرها", "بانكوك"],
    },
    "letter": {
        "en": ["Dear Sir or Madam", "Yours sincerely"],
        "zh": ["尊敬的先生/女士", "此致"],
        "fr": ["Madame, Monsieur", "Veuillez agréer"],
        "ru": ["Уважаемая госпожа", "С уважением"],
        "es": ["Estimado señor o estimada señora", "Atentamente"],
        "ar": ["يسرنا", "ندعوكم", "فائق الاحترام"],
    },
    "participants": {
        "en": ["List of participants", "Distr.: General", "Members"],
        "zh": ["与会者名单", "Distr.: General", "成员"],
        "fr": ["Liste des participants", "Distr. générale", "Membres"],
        "ru": ["Список участников", "Distr.: General", "Члены"],
        "es": ["Lista de participantes", "Distr. general", "Miembros"],
        "ar": ["قائمة المشاركين", "Distr.: General", "الأعضاء"],
    },
    "roster": {
        "en": ["Roster of experts", "Economic and Social Commission for Asia and the Pacific"],
        "zh": ["专家名册", "亚洲及太平洋经济社会委员会"],
        "fr": ["Liste d’experts", "Commission économique et sociale pour l’Asie et le Pacifique"],
        "ru": ["Реестр экспертов", "Экономическая и социальная комиссия для Азии и Тихого океана"],
        "es": ["Lista de expertos", "Comisión Económica y Social para Asia y el Pacífico"],
        "ar": ["قائمة الخبراء", "اللجنة الاقتصادية والاجتماعية لآسيا والمحيط الهادئ"],
    },
    "catalogue": {
        "en": ["Catalogue of capacity-building activities"],
        "zh": ["能力建设活动目录"],
        "fr": ["Catalogue des activités de renforcement des capacités"],
        "ru": ["Каталог мероприятий по наращиванию потенциала"],
        "es": ["Catálogo de actividades de creación de capacidad"],
        "ar": ["فهرس أنشطة بناء القدرات"],
    },
    "bsp": {
        "en": ["Annual report on the Bali Strategic Plan", "Note by the secretariat", "Distr.: General"],
        "zh": ["年度报告", "秘书处的说明", "Distr.: General"],
        "fr": ["Rapport annuel sur le Plan stratégique de Bali", "Note du secrétariat", "Distr. générale"],
        "ru": ["Годовой доклад о Балийском стратегическом плане", "Записка секретариата",
               "Distr.: General"],
        "es": ["Informe anual sobre el Plan Estratégico de Bali", "Nota de la secretaría", "Distr. general"],
        "ar": ["التقرير السنوي عن خطة بالي الاستراتيجية", "مذكرة من الأمانة", "Distr.: General"],
    },
}


@pytest.fixture(scope="session")
def demo(tmp_path_factory):
    """One demonstration database for every language and document."""
    store = open_store(tmp_path_factory.mktemp("demo-languages") / "demo.sqlite3")
    populate_demo(store, today=TODAY)
    yield store
    store.close()


def _meeting(store, number: int):
    with store.session() as s:
        teg = s.exec(select(Body).where(Body.code == "TEG")).one()
        return s.exec(select(Meeting).where(Meeting.body_id == teg.id, Meeting.number == number)).one().id


@pytest.fixture(scope="session")
def meeting(demo):
    """The Expert Group's second meeting: its agenda has a symbol, its notices a reference and deadlines."""
    return _meeting(demo, 2)


@pytest.fixture(scope="session")
def held(demo):
    """The Expert Group's first meeting, held: its list of participants names the members (Armenia first)."""
    return _meeting(demo, 1)


@pytest.fixture(scope="session")
def countries(demo):
    """The members of the experts serving on ``AS_OF``, as ``(iso2, English name)``."""
    from tegdesk.core.services.roster import RosterService

    service = RosterService(demo, "TEG")
    iso2 = {m.id: m.iso2 for m in service.members()}
    return sorted({(iso2[r.member_id], r.member) for r in service.rows(AS_OF)})


def document_text(pdf: Path, lang: str) -> str:
    """The words of the whole PDF, in logical order, squashed (Arabic words put back and normalised)."""
    if lang != "ar":
        return squash(unicodedata.normalize("NFC", pdftext(pdf, layout=False)))
    pages = int(pdfinfo(pdf)["Pages"])
    return " ".join(w.text for page in range(1, pages + 1) for w in words(pdf, page))


def holds(text: str, lang: str, phrase: str) -> bool:
    """Whether the document's text holds ``phrase``: as it is written, or for Arabic each of its words."""
    phrase = squash(phrase)
    if lang != "ar":
        return phrase in text
    found = {_bare(w) for w in text.split()}
    return all(_bare(w) in found for w in phrase.split())


def _bare(word: str) -> str:
    """A word compared without its punctuation or vowel marks (poppler may leave out a tanwin)."""
    word = unicodedata.normalize("NFKC", word).strip(".,:;()*،؛«»")
    return "".join(ch for ch in word if unicodedata.category(ch) != "Mn")


def check(pdf: Path, lang: str, phrases: list[str]) -> None:
    text = document_text(pdf, lang)
    missing = [p for p in phrases if not holds(text, lang, p)]
    assert not missing, f"{pdf.name}: {missing} not in {text[:600]!r}"


@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_meeting_documents_read_in_the_language(demo, meeting, held, lang, tmp_path):
    tr = translator(lang)
    # the agenda's date is in its masthead, whose distribution block is English in Chinese, Russian and Arabic;
    # the notices date their text in the language
    masthead = translator("en" if lang in ENGLISH_DISTRIBUTION_BLOCK else lang)
    for what, key, kw, date in (("agenda", "agenda", {"annotated": True}, masthead.date(ISSUED)),
                                ("notice", "verbale", {}, tr.date(ISSUED)),
                                ("notice", "letter", {"audience": "experts"}, tr.date(ISSUED))):
        out = export_meeting_document(demo, meeting, what, tmp_path / f"{key}-{lang}.pdf", lang=lang,
                                      issued=ISSUED, **kw).path
        check(out, lang, [*EXPECTED[key][lang], date])
    out = export_meeting_document(demo, held, "participants", tmp_path / f"participants-{lang}.pdf", lang=lang,
                                  issued=ISSUED).path
    check(out, lang, [*EXPECTED["participants"][lang], masthead.date(HELD), country_name("AM", "Armenia", tr),
                      country_name("KH", "Cambodia", tr)])


@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_roster_reads_in_the_language_with_its_country_names(demo, countries, lang, tmp_path):
    tr = translator(lang)
    out = export_roster_pdf(demo, tmp_path / f"roster-{lang}.pdf", lang=lang, as_of=AS_OF, generated=ISSUED)
    names = [country_name(iso2, name, tr) for iso2, name in countries[:3]]
    if lang != "en":
        assert set(names) - {name for _, name in countries}, names  # named in the language, not in English
    check(out, lang, [*EXPECTED["roster"][lang], tr.date(AS_OF), *names])


@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_catalogue_and_bsp_report_read_in_the_language(demo, lang, tmp_path):
    tr = translator(lang)
    catalogue = tmp_path / f"catalogue-{lang}.pdf"
    catalogue.write_bytes(build_catalogue(demo, ActivityFilter(countries=frozenset({"TH"})), lang, generated=ISSUED))
    check(catalogue, lang, [*EXPECTED["catalogue"][lang], tr.date(ISSUED), country_name("TH", "Thailand", tr)])
    report = export_bsp_report(demo, YEAR, tmp_path / f"bsp-{lang}.pdf", lang=lang, symbol="ESCAP/CED/2026/INF/1",
                               issued=ISSUED)
    check(report, lang, [*EXPECTED["bsp"][lang], tr.date(ISSUED)])


def test_the_notices_do_not_fall_back_to_english(demo, meeting, tmp_path):
    """Each language has its own default wording, so no notice is written in English in another language."""
    for lang in LANGUAGES:
        if lang == "en":
            continue
        out = export_meeting_document(demo, meeting, "notice", tmp_path / f"n-{lang}.pdf", lang=lang, issued=ISSUED)
        text = document_text(out.path, lang)
        assert "presents its compliments" not in text and "highest consideration" not in text, lang
