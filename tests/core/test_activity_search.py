"""Full-text search of activities: Latin, Cyrillic and Chinese, any case, user text never
taken as FTS5 syntax, and an index kept current by the triggers of migration 0003."""

from __future__ import annotations

import datetime as dt
import sqlite3
import uuid

import pytest
from sqlmodel import select

from tegdesk.core.activity_query import ActivityQuery
from tegdesk.core.activity_types import ActivityFilter
from tegdesk.core.models import Activity, ActivityOrganisation, AuditEntry, Organisation, utcnow
from tegdesk.core.store import migrate, open_store, search
from tegdesk.core.store.backup import make_backup
from tegdesk.core.store.engine import make_engine


def add_activity(store, title: str, *, titles=None, description: str = "", descriptions=None,
                 organisations=(), identifier: str | None = None) -> uuid.UUID:
    with store.session() as s:
        activity = Activity(iati_identifier=identifier or f"XM-DAC-41106-T-{uuid.uuid4().hex[:10]}", title=title,
                            titles=titles or {}, description=description, descriptions=descriptions or {},
                            planned_start=dt.date(2024, 1, 1))
        s.add(activity)
        s.flush()
        for org_id in organisations:
            s.add(ActivityOrganisation(activity_id=activity.id, organisation_id=org_id, role="4"))
    return activity.id


def add_organisation(store, name: str, acronym: str | None = None) -> uuid.UUID:
    with store.session() as s:
        org = Organisation(name=name, acronym=acronym)
        s.add(org)
    return org.id


def found(store, text: str) -> set[uuid.UUID]:
    return set(ActivityQuery(store).ids(ActivityFilter(text=text)))


def fts_integrity(path) -> None:
    """FTS5's own check that the index matches its external content (raises if not)."""
    con = sqlite3.connect(path)
    try:
        con.execute("INSERT INTO activity_search (activity_search) VALUES ('integrity-check')")
    finally:
        con.close()


@pytest.fixture
def sample(store):
    unep = add_organisation(store, "United Nations Environment Programme", "UNEP")
    ids = {
        "climate": add_activity(store, "Regional workshop on Climate Adaptation in Nepal", organisations=[unep]),
        "waste": add_activity(store, "Municipal solid waste management in Fiji",
                              titles={"zh": "斐济城市固体废物管理"}, descriptions={"fr": "Gestion des déchets"}),
        "env": add_activity(store, "Environmental education", titles={"zh": "环境教育国家讲习班",
                                                                        "ru": "Национальный семинар"}),
        "air": add_activity(store, "Air quality monitoring", titles={"zh": "空气质量监测"},
                            description="Stations in 水 basins"),
        "syntax": add_activity(store, 'Use "quotes" AND NEAR(x) here -minus 50% of a_b back\\slash clim*'),
    }
    return ids


@pytest.mark.parametrize("text", ["climate", "CLIMATE", "Climate adapt", "limat", "nepal workshop"])
def test_latin_words_and_substrings_any_case(store, sample, text):
    assert found(store, text) == {sample["climate"]}


def test_terms_are_anded(store, sample):
    assert found(store, "climate fiji") == set()
    assert found(store, "waste fiji") == {sample["waste"]}


@pytest.mark.parametrize("text", ["национальный", "НАЦИОНАЛЬНЫЙ", "Семинар", "СЕМ"])
def test_cyrillic_any_case(store, sample, text):
    assert found(store, text) == {sample["env"]}


@pytest.mark.parametrize("text", ["ЮГ", "юг", "Юг"])
def test_cyrillic_two_letters_any_case(store, text):
    wanted = add_activity(store, "South", titles={"ru": "Юг"})
    add_activity(store, "North", titles={"ru": "Север"})
    assert found(store, text) == {wanted}


@pytest.mark.parametrize(("text", "key"), [("环境", "env"), ("环境教育", "env"), ("教育国家讲习班", "env"),
                                          ("固体废物", "waste"), ("监测", "air"), ("空气质量", "air")])
def test_chinese_two_and_more_characters(store, sample, text, key):
    assert found(store, text) == {sample[key]}


def test_chinese_one_character(store, sample):
    assert found(store, "水") == {sample["air"]}
    assert found(store, "管") == {sample["waste"]}


def test_translations_and_identifier_are_searched(store, sample):
    assert found(store, "déchets") == {sample["waste"]}
    assert found(store, "DÉCHETS") == {sample["waste"]}
    ident = add_activity(store, "Plain", identifier="XM-DAC-41106-BSP-7777")
    assert found(store, "BSP-7777") == {ident}


@pytest.mark.parametrize("text", ['"', '""', 'a"b', "*", "clim*", "AND", "climate AND", "OR", "NOT", "NEAR(",
                                  "NEAR(climate water)", "-", "-climate", "(", ")", ":", "title:climate", "^",
                                  "%", "_", "\\", "'", "c%e", "{body}", "\x00", "   ", "\u3000", "a" * 300])
def test_fts_syntax_in_user_text_never_raises(store, sample, text):
    q = ActivityQuery(store)
    f = ActivityFilter(text=text)
    assert q.count(f) == len(q.ids(f)) == len(q.rows(f, 0, 1000))
    q.facets(f)


@pytest.mark.parametrize("text", ['"quotes"', "AND", "NEAR(x)", "NEAR(", "-minus", "50%", "%", "a_b", "_",
                                  "clim*", "\\slash", "\\"])
def test_syntax_characters_are_searched_literally(store, sample, text):
    assert found(store, text) == {sample["syntax"]}


def test_like_wildcards_are_escaped(store, sample):
    assert found(store, "5%f") == set()  # % is not "anything" ...
    assert found(store, "a_") == {sample["syntax"]}
    assert found(store, "e_") == set()  # ... nor is _ "any character"


def test_match_expression_quotes_every_term():
    assert search.match_expression(['say "hi"', "NEAR(a"]) == '"say ""hi""" AND "NEAR(a"'
    assert search.terms("a\x00b  a\u3000c") == ["ab", "a", "c"]
    assert search.like_pattern("5%_\\") == "%5\\%\\_\\\\%"
    assert search.matching_docs("  ") is None


def test_organisation_name_and_acronym_find_their_activities(store, sample):
    assert found(store, "unep") == {sample["climate"]}
    assert found(store, "Environment Programme") == {sample["climate"]}


def test_renamed_organisation_is_found_by_its_new_name_only(store, sample):
    with store.session() as s:
        org = s.exec(select(Organisation).where(Organisation.acronym == "UNEP")).one()
        org.acronym = "UNEPX"
        org.name = "Programme renamed"
    assert found(store, "UNEPX") == found(store, "renamed") == {sample["climate"]}
    assert found(store, "Environment Programme") == set()


def test_organisation_link_added_and_removed(store, sample):
    gef = add_organisation(store, "Global Environment Facility", "GEF")
    with store.session() as s:
        link = ActivityOrganisation(activity_id=sample["waste"], organisation_id=gef, role="1")
        s.add(link)
    assert found(store, "GEF") == {sample["waste"]}
    with store.session() as s:
        s.delete(s.get(ActivityOrganisation, link.id))
    assert found(store, "GEF") == set()
    fts_integrity(store.path)


def test_edited_title_is_found_by_new_words_not_old(store, sample):
    with store.session() as s:
        s.get(Activity, sample["climate"]).title = "Mangrove restoration in Sri Lanka"
    assert found(store, "mangrove") == {sample["climate"]}
    assert found(store, "adaptation") == set()
    assert found(store, "unep") == {sample["climate"]}  # its organisations still there
    fts_integrity(store.path)


def test_edited_translation_is_found(store, sample):
    with store.session() as s:
        s.get(Activity, sample["env"]).titles = {"zh": "气候变化适应"}
    assert found(store, "气候") == {sample["env"]}
    assert found(store, "环境") == set()


def test_soft_deleted_is_not_found_and_restored_is(store, sample):
    q = ActivityQuery(store)
    before = q.count(ActivityFilter())
    with store.session() as s:
        s.get(Activity, sample["climate"]).deleted_at = utcnow()
    assert found(store, "climate") == set()
    assert found(store, "unep") == set()
    assert q.count(ActivityFilter()) == before - 1
    with store.session() as s:
        s.get(Activity, sample["climate"]).deleted_at = None
    assert found(store, "climate") == {sample["climate"]}
    fts_integrity(store.path)


def test_purged_activity_leaves_the_index(store, sample):
    with store.session() as s:
        s.delete(s.get(Activity, sample["air"]))
    assert found(store, "空气") == set()
    con = sqlite3.connect(store.path)
    try:
        assert con.execute("SELECT count(*) FROM activity_search_doc").fetchone()[0] == len(sample) - 1
        assert con.execute("SELECT count(*) FROM activity_search_text").fetchone()[0] == len(sample) - 1
    finally:
        con.close()
    fts_integrity(store.path)


def test_search_tables_are_not_audited(store, sample):
    with store.reader() as s:
        tables = set(s.exec(select(AuditEntry.table_name)).all())
    assert "activity" in tables
    assert not {t for t in tables if search.is_search_table(t)}


def test_is_search_table():
    assert all(search.is_search_table(t) for t in ("activity_search", "activity_search_doc", "activity_search_text",
                                                   "activity_search_state", "activity_search_data",
                                                   "activity_search_idx", "activity_search_docsize",
                                                   "activity_search_config"))
    assert not any(search.is_search_table(t) for t in ("activity", "activity_searches", "activity_organisation"))


def test_upgrade_indexes_existing_activities_and_downgrade_removes_everything(store, sample, tmp_path):
    store.close()
    engine = make_engine(store.path)
    try:
        migrate.downgrade(engine, "0002")
        with engine.connect() as conn:
            left = conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE name LIKE 'activity_search%'").all()
        assert left == []
        migrate.upgrade(engine)
    finally:
        engine.dispose()
    reopened = open_store(store.path)
    try:
        assert found(reopened, "环境") == {sample["env"]}
        assert found(reopened, "unep") == {sample["climate"]}
    finally:
        reopened.close()
    fts_integrity(store.path)


def test_a_backup_keeps_a_working_index(store, sample):
    backup = make_backup(store.path, "manual")
    copy = open_store(backup, read_only=True)
    try:
        assert found(copy, "固体废物") == {sample["waste"]}
    finally:
        copy.close()


def test_bulk_inserts_index_at_the_end_and_restore_the_triggers(store):
    from tegdesk.core.demo.bulk import generate_activities

    con = sqlite3.connect(store.path)
    try:
        triggers = con.execute("SELECT name, sql FROM sqlite_master WHERE type='trigger' ORDER BY name").fetchall()
    finally:
        con.close()
    generate_activities(store, 300, seed=5)
    q = ActivityQuery(store)
    assert q.count(ActivityFilter()) == 300
    assert 0 < q.count(ActivityFilter(text="workshop")) < 300
    con = sqlite3.connect(store.path)
    try:
        assert con.execute("SELECT name, sql FROM sqlite_master WHERE type='trigger' ORDER BY name").fetchall() \
            == triggers
    finally:
        con.close()
    fts_integrity(store.path)
    unep = add_activity(store, "After the bulk insert: one more")  # the row triggers work again
    assert found(store, "one more") == {unep}


def test_bulk_inserts_rolled_back_keep_the_triggers(store):
    con = sqlite3.connect(store.path)
    try:
        before = con.execute("SELECT count(*) FROM sqlite_master WHERE type='trigger'").fetchone()[0]
    finally:
        con.close()
    with pytest.raises(RuntimeError), store.session() as s, search.bulk_inserts(s.connection()):
        raise RuntimeError("stop")
    con = sqlite3.connect(store.path)
    try:
        assert con.execute("SELECT count(*) FROM sqlite_master WHERE type='trigger'").fetchone()[0] == before
    finally:
        con.close()
    ident = add_activity(store, "Still indexed")
    assert found(store, "still") == {ident}


def test_short_terms_at_the_very_end_of_the_text_are_found(store):
    org = add_organisation(store, "Zq", "QZ")  # the last line of the activity's text
    wanted = add_activity(store, "Ends with an organisation", organisations=[org])
    other = add_activity(store, "Ends with 漠")
    assert found(store, "qz") == found(store, "Zq") == {wanted}
    assert found(store, "漠") == {other}


def test_short_terms_by_trigrams_agree_with_like(store):
    from tegdesk.core.demo.bulk import generate_activities

    generate_activities(store, 300, seed=11)
    add_activity(store, "Юг and 100% a_b", titles={"zh": "环境"})
    raw = store.engine.raw_connection()
    try:
        for text in ["环境", "环", "气候", "ka", "KA", "юг", "Юг", "%", "_", "a_", "na", "Fi", "e", "能 climate",
                     "sh ma"]:
            by_trigrams = sorted(search.doc_numbers(raw.driver_connection, text))
            like = search.matching_docs(text)  # no trigram lookup: LIKE for the short terms
            by_like = sorted(doc for (doc,) in raw.driver_connection.execute(like.sql, like.params))
            assert by_trigrams == by_like, text
    finally:
        raw.close()
