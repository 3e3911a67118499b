"""Published months (issue 8 §4): a period's results frozen with the hash of their inputs and the methodology;
later data changes never alter them, and ``verify`` recomputes and proves them identical or says what changed."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from chiso.audit import query
from chiso.cli.main import app
from chiso.compute.period import Period
from chiso.publish import PublishError, publications, publish, published_scores, verify
from chiso.publish.inputs import input_digests
from chiso.store import Store
from tests.builders import COMMUNE_A, COMMUNE_B, PROVINCE, StoreBuilder, at

AS_OF = at(2026, 11, 5, 0, 0)


def october(b: StoreBuilder) -> None:
    """A few October dossiers at both communes, one petition, and a November dossier outside the period."""
    b.dossier(at(2026, 10, 2, 9), due=at(2026, 10, 5, 17), events=[("finished", at(2026, 10, 4, 10))], code="O1")
    b.dossier(at(2026, 10, 5, 9), due=at(2026, 10, 8, 17), events=[("finished", at(2026, 10, 12, 10))], code="O2")
    b.dossier(at(2026, 10, 9, 9), due=at(2026, 10, 14, 17), code="O3", channel="online")
    b.dossier(at(2026, 10, 12, 9), due=at(2026, 10, 15, 17), unit=COMMUNE_B, code="O4")
    b.dossier(at(2026, 11, 2, 9), due=at(2026, 11, 5, 17), code="N1")


@pytest.fixture
def world() -> StoreBuilder:
    b = StoreBuilder.tiny()
    october(b)
    return b


def _figures(store: Store) -> list[tuple[object, ...]]:
    _, scores = published_scores(store, "2026-10")
    return [
        (
            s.id,
            s.total,
            s.classification,
            s.rank,
            tuple((c, r.numerator, r.denominator, r.points) for c, r in s.indicators.items()),
        )
        for s in scores
    ]


def test_publish_freezes_every_unit_with_input_hash_and_methodology(world: StoreBuilder) -> None:
    """Every unit of the store is published, with methodology id, version and file hash, the as_of instant and a
    64-hex input hash."""
    pub = publish(world.store, "2026-10", as_of=AS_OF, methodology="dvcqg-2026")
    assert pub.units == world.store.count("units") == 4
    assert pub.methodology == "dvcqg-2026" and pub.methodology_version
    assert len(pub.methodology_sha256) == 64 and len(pub.input_hash) == 64
    assert pub.as_of == AS_OF
    _, scores = published_scores(world.store, "2026-10")
    assert {s.id for s in scores} == {PROVINCE, COMMUNE_A, COMMUNE_B, "99.STP"}


def test_later_data_changes_never_alter_the_published_result_and_verify_reports_them(world: StoreBuilder) -> None:
    """Rule: a published period is frozen. After a new October dossier and a late "finished" event, the published
    figures are byte-for-byte the same, and verify names the inputs that changed and the units/indicators that
    now differ."""
    publish(world.store, "2026-10", as_of=AS_OF)
    before = _figures(world.store)
    world.dossier(at(2026, 10, 20, 9), due=at(2026, 10, 22, 17), code="O5")
    world.dossier(
        at(2026, 10, 9, 9),
        due=at(2026, 10, 14, 17),
        code="O3",
        channel="online",
        events=[("finished", at(2026, 10, 13, 9))],
    )
    assert _figures(world.store) == before
    result = verify(world.store, "2026-10")
    assert not result.identical
    assert set(result.changed_inputs) == {"dossiers", "dossier_events"}
    assert result.changed_inputs["dossiers"][0].rows == 4 and result.changed_inputs["dossiers"][1].rows == 5
    assert COMMUNE_A in result.changed_units and COMMUNE_B not in {c[0] for c in result.indicator_changes}
    changed = {(u, ind, what) for u, ind, what, _, _ in result.indicator_changes}
    assert (COMMUNE_A, "PROGRESS_ON_TIME", "denominator") in changed
    assert result.input_hash != result.publication.input_hash


def test_verify_passes_on_untouched_data(world: StoreBuilder) -> None:
    """Rule: recomputing an untouched period gives the identical result and the identical input hash."""
    pub = publish(world.store, "2026-10", as_of=AS_OF)
    result = verify(world.store, "2026-10")
    assert result.identical, result.to_json()
    assert result.input_hash == pub.input_hash


def test_changes_outside_the_period_do_not_touch_its_inputs(world: StoreBuilder) -> None:
    """The input hash covers what the period's computation reads: a November dossier and its events do not move
    October's hash."""
    publish(world.store, "2026-10", as_of=AS_OF)
    world.dossier(at(2026, 11, 3, 9), due=at(2026, 11, 6, 17), code="N2", events=[("finished", at(2026, 11, 4, 9))])
    assert verify(world.store, "2026-10").identical


def test_a_catalogue_change_is_an_input_change(world: StoreBuilder) -> None:
    """TTHC catalogue, units and calendar are inputs of every period: changing a time limit is reported."""
    publish(world.store, "2026-10", as_of=AS_OF)
    world.store.con.execute("UPDATE procedures SET content_complete = FALSE WHERE code = '1.000003'")
    result = verify(world.store, "2026-10")
    assert "procedures" in result.changed_inputs and not result.identical


@pytest.mark.parametrize(
    ("name", "change"),
    [
        ("dossiers", "UPDATE dossiers SET received_at = received_at + INTERVAL 1 MICROSECOND WHERE code = 'O1'"),
        ("dossiers", "UPDATE dossiers SET synced = NOT synced WHERE code = 'O2'"),
        ("dossiers", "UPDATE dossiers SET rating = 'neutral' WHERE code = 'O3'"),  # NULL → a value
        ("dossiers", "UPDATE dossiers SET due_day = due_day + 1 WHERE code = 'O4'"),
        ("dossiers", "UPDATE dossiers SET applicant_seconds = applicant_seconds + 1 WHERE code = 'O1'"),
        ("procedures", "UPDATE procedures SET time_limit = coalesce(time_limit, 0) + 0.25"),
        ("units", "UPDATE units SET name = name || ' ' WHERE code = 'PROVINCE_CODE'"),
        ("dossier_events", "UPDATE dossier_events SET actor = '' WHERE actor IS NULL"),  # NULL ≠ empty string
    ],
)
def test_a_change_in_any_hashed_column_moves_its_digest(world: StoreBuilder, name: str, change: str) -> None:
    """Rule: the digest detects any change in a hashed column, whatever its type (instant by one microsecond,
    boolean, NULL to a value, date, integer, double, text, NULL to an empty string), on either backend."""
    p = Period.parse("2026-10")
    before = input_digests(world.store, p, AS_OF)[name]

    class Undo(Exception):
        pass

    with pytest.raises(Undo), world.store.transaction():
        changed = world.store.con.execute(change.replace("PROVINCE_CODE", PROVINCE)).fetchone()
        assert changed is not None and changed[0] > 0, change
        after = input_digests(world.store, p, AS_OF)[name]
        assert after.rows == before.rows and after.digest != before.digest, change
        raise Undo
    assert input_digests(world.store, p, AS_OF)[name] == before  # rolled back: the same digest again


def test_input_hash_is_deterministic_across_stores() -> None:
    """The same records written into two stores (at different instants) hash the same: the hash is over content,
    not storage order or write time."""
    stores = []
    for _ in range(2):
        b = StoreBuilder.tiny()
        # Both DuckDB connections in the same session state: derived epoch columns depend on it (reported to the
        # lead). A PostgreSQL store has no Ibis backend to attach.
        if b.store.backend == "duckdb":
            b.store.ibis  # noqa: B018
        version = at(2026, 10, 31, 23)
        for code, day in (("O1", 2), ("O2", 5), ("O3", 9)):
            b.dossier(at(2026, 10, day, 9), due=at(2026, 10, day + 3, 17), code=code, source_updated_at=version)
        stores.append(b.store)
    p = Period.parse("2026-10")
    assert input_digests(stores[0], p, AS_OF) == input_digests(stores[1], p, AS_OF)
    assert publish(stores[0], p, as_of=AS_OF).input_hash == publish(stores[1], p, as_of=AS_OF).input_hash


def test_publishing_twice_is_refused_unless_replace_and_replacement_is_audited(world: StoreBuilder) -> None:
    """Rule: a published period is not overwritten by accident; --replace adds a new publication (the old one
    stays as history) and an audit entry ``publish.replace``."""
    first = publish(world.store, "2026-10", as_of=AS_OF)
    with pytest.raises(PublishError, match="đã được công bố"):
        publish(world.store, "2026-10", as_of=AS_OF)
    world.dossier(at(2026, 10, 20, 9), due=at(2026, 10, 22, 17), code="O5")
    second = publish(world.store, "2026-10", as_of=AS_OF, replace=True)
    assert [p.publication_id for p in publications(world.store, "2026-10")] == [
        first.publication_id,
        second.publication_id,
    ]
    assert published_scores(world.store, "2026-10")[0].publication_id == second.publication_id
    assert verify(world.store, "2026-10").identical
    actions = [r.action for r in query(world.store, action="publish")]
    assert actions == ["publish", "publish.replace"]


def test_show_of_an_unpublished_period_says_how_to_publish(world: StoreBuilder) -> None:
    with pytest.raises(PublishError, match="chưa được công bố"):
        published_scores(world.store, "2026-09")


runner = CliRunner()


def test_cli_publish_verify_exit_status(tmp_path: Path) -> None:
    """``chiso publish`` then ``chiso verify`` exits 0; after a data change verify exits 1 and names the change;
    ``chiso published show`` still prints the published figures."""
    db = str(tmp_path / "p.duckdb")
    with Store.open(db) as store:
        b = StoreBuilder(store)
        _tiny_into(b)
        october(b)
    args = ["--db", db]
    ok = runner.invoke(app, ["publish", "--period", "2026-10", "--as-of", "2026-11-05T00:00", *args])
    assert ok.exit_code == 0, ok.output
    assert "Đã công bố kết quả kỳ 2026-10" in ok.output
    again = runner.invoke(app, ["publish", "--period", "2026-10", *args])
    assert again.exit_code == 1 and "--replace" in again.output
    good = runner.invoke(app, ["verify", "--period", "2026-10", *args])
    assert good.exit_code == 0, good.output
    assert "giống hệt" in good.output
    shown = runner.invoke(app, ["published", "show", "--period", "2026-10", "--unit", PROVINCE, *args])
    assert shown.exit_code == 0, shown.output
    with Store.open(db) as store:
        StoreBuilder(store).dossier(at(2026, 10, 20, 9), due=at(2026, 10, 22, 17), code="O5")
    bad = runner.invoke(app, ["verify", "--period", "2026-10", *args])
    assert bad.exit_code == 1
    assert "hồ sơ: 4 → 5 dòng" in bad.output
    assert COMMUNE_A in bad.output
    assert runner.invoke(app, ["published", "show", "--period", "2026-10", "--unit", PROVINCE, *args]).output == (
        shown.output
    )


def _tiny_into(b: StoreBuilder) -> None:
    """The tiny fixture's units and catalogue, written into a file store."""
    src = StoreBuilder.tiny().store
    for table in ("units", "procedures"):
        data = src.con.execute(f"SELECT * FROM {table}").fetch_arrow_table()
        if table == "units":
            from chiso.store import write_units

            write_units(b.store, data.select(["code", "name", "level", "parent_code", "e_certified_copy"]))
        else:
            from chiso.store import write_records

            cols = [c for c in data.column_names if c not in ("written_at",)]
            write_records(b.store, {"procedures": data.select(cols)})


def test_read_api_serves_the_published_figures_not_a_recomputation() -> None:
    """GET /api/v1/published/{period}: the frozen figures (with the input hash) after later data changes; 404 with
    a Vietnamese message for a period never published."""
    from tests.web_support import client
    from tests.web_support import world as web_world

    w = web_world()
    pub = publish(w.store, "2026-11", as_of=at(2026, 11, 18, 10))
    with client(w) as c:
        first = c.get("/api/v1/published/2026-11", params={"unit": PROVINCE})
        w.builder.dossier(at(2026, 11, 17, 9), due=at(2026, 11, 18, 8), code="LATE-NEW")
        again = c.get("/api/v1/published/2026-11", params={"unit": PROVINCE})
        missing = c.get("/api/v1/published/2026-09")
    assert first.status_code == 200, first.text
    assert first.json() == again.json()
    body = first.json()
    assert body["publication"]["input_hash"] == pub.input_hash
    assert [u["id"] for u in body["units"]][:1] == [PROVINCE]
    assert {u["id"] for u in body["units"]} == {PROVINCE, COMMUNE_A, COMMUNE_B, "99.STP"}
    assert missing.status_code == 404 and "chưa được công bố" in missing.json()["detail"]
    assert not verify(w.store, "2026-11").identical


def test_cli_published_list_shows_each_publication(world: StoreBuilder, tmp_path: Path) -> None:
    db = str(tmp_path / "l.duckdb")
    with Store.open(db) as store:
        b = StoreBuilder(store)
        _tiny_into(b)
        october(b)
        publish(store, "2026-10", as_of=AS_OF)
        publish(store, "2026-10", as_of=AS_OF, replace=True)
    out = runner.invoke(app, ["published", "list", "--db", db])
    assert out.exit_code == 0, out.output
    assert out.output.count("2026-10") == 2
