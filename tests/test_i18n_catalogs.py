"""The message catalogs in i18n/ are complete, consistent and compiled."""

from __future__ import annotations

import io
import string
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po

from tegdesk.core.i18n import LANGUAGES, NC_, Translator, available_ui_languages
from tegdesk.core.interchange.tables import ImportFailed, row_error

I18N = Path(__file__).resolve().parent.parent / "i18n"
POT = I18N / "tegdesk.pot"
PO_FILES = sorted(I18N.glob("*/LC_MESSAGES/tegdesk.po"))


def _read_po(path: Path) -> Catalog:
    with path.open("rb") as fh:
        return read_po(fh)


def _key(message) -> tuple[str | None, str]:
    """(context, id): "Received" as a request's status and as a date column are two messages."""
    return message.context, message.id if isinstance(message.id, str) else message.id[0]


def _placeholders(text: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(text) if field is not None}


def _tuple(value: object) -> tuple[str, ...]:
    return (value,) if isinstance(value, str) else tuple(value)  # type: ignore[arg-type]


def _messages(catalog: Catalog) -> dict[tuple[str, ...], tuple[str, ...]]:
    """(context, id) -> translation, for the entries a compiled catalog holds (plurals as tuples)."""
    return {(m.context, *_tuple(m.id)): _tuple(m.string) for m in catalog
            if m.id and any(_tuple(m.string)) and not m.fuzzy}


def test_there_is_a_template_and_a_chinese_catalog():
    assert POT.is_file()
    assert I18N / "zh" / "LC_MESSAGES" / "tegdesk.po" in PO_FILES
    assert "zh" in available_ui_languages()


def test_catalog_languages_are_known():
    assert {po.parent.parent.name for po in PO_FILES} <= set(LANGUAGES)


@pytest.mark.parametrize("po_path", PO_FILES, ids=lambda p: p.parent.parent.name)
class TestCatalog:
    def test_has_every_message_of_the_template(self, po_path: Path):
        template = {_key(m) for m in _read_po(POT) if m.id}
        catalog = {_key(m) for m in _read_po(po_path) if m.id}
        assert sorted(template - catalog) == []

    def test_no_entry_is_fuzzy(self, po_path: Path):
        fuzzy = [_key(m) for m in _read_po(po_path) if m.id and m.fuzzy]
        assert fuzzy == [], "review these translations and remove their fuzzy flag"

    def test_every_interface_message_is_translated(self, po_path: Path):
        # Messages of other modules may wait for a translator (they show in English meanwhile);
        # the interface's own menus, pages and dialogs may not.
        empty = [_key(m) for m in _read_po(po_path)
                 if m.id and any(loc.startswith("tegdesk/ui/") for loc, _ in m.locations)
                 and not (m.string if isinstance(m.string, str) else all(m.string))]
        assert empty == []

    def test_placeholders_match_the_source(self, po_path: Path):
        wrong = []
        for message in _read_po(po_path):
            if not message.id or not message.string:
                continue
            ids = message.id if isinstance(message.id, tuple) else (message.id,)
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            expected = set().union(*(_placeholders(i) for i in ids))
            for translated in strings:
                if translated and _placeholders(translated) != expected:
                    wrong.append((_key(message), translated))
        assert wrong == []

    def test_committed_mo_is_a_fresh_compile_of_the_po(self, po_path: Path):
        mo_path = po_path.with_suffix(".mo")
        assert mo_path.is_file(), f"{mo_path} is missing: run i18n/update.sh"
        fresh = io.BytesIO()
        write_mo(fresh, _read_po(po_path))
        fresh.seek(0)
        with mo_path.open("rb") as fh:
            committed = read_mo(fh)
        assert _messages(committed) == _messages(read_mo(fresh))


def test_chinese_translator_uses_the_catalog():
    tr = Translator("zh")
    assert tr.gettext("Roster") == "名册"
    assert tr.gettext("Database: {path}", path="/x") == "数据库：/x"


def test_words_with_two_meanings_are_translated_in_their_context():
    fr = Translator("fr")
    assert fr.gettext(NC_("date column", "Received")) == "Date de réception"
    assert fr.gettext("Received") == "Reçue"  # a request's status
    assert fr.pgettext("verb", "Record") == "Enregistrer"
    assert fr.gettext("Record") == "Enregistrement"  # the audit trail's column
    ru = Translator("ru")
    assert ru.gettext(NC_("organisation role", "Funding")) == "Финансирующая"
    assert ru.gettext("Funding") == "Финансирование"  # the BSP report's section
    # English is the message itself, whatever the context
    assert Translator("en").gettext(NC_("dates", "Planned")) == "Planned"


@pytest.mark.parametrize(("lang", "counts"), [
    ("ru", {1: "проблема", 3: "проблемы", 5: "проблем", 21: "проблема", 1500: "проблем"}),
    ("ar", {1: "مشكلة، في", 2: "مشكلتان", 3: "مشكلات", 11: "مشكلةً", 100: "مشكلة، أولاها"}),
    ("fr", {1: "problème,", 2: "problèmes"}),
    ("es", {1: "problema,", 2: "problemas"}),
])
def test_a_refused_import_counts_its_problems_in_the_languages_plural_forms(lang, counts):
    tr = Translator(lang)
    for n, word in counts.items():
        errors = [row_error(2 + i, "title", "A problem") for i in range(n)]
        assert word in ImportFailed(errors).text(tr), (n, ImportFailed(errors).text(tr))
    assert "(s)" not in ImportFailed([row_error(2, "x", "A problem")] * 3).text(Translator("en"))
