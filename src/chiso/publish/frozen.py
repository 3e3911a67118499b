"""Published periods: a period's results frozen for every unit, with the hash of the inputs they came from.

``publish`` computes every unit's score with the engine and stores the figures, the methodology (id, version,
SHA-256 of its file), the evaluation instant, the input digests (:mod:`chiso.publish.inputs`) and who published,
in one transaction together with its audit entry. Published rows are never updated: later data changes cannot
alter them, and publishing a period again (``replace=True``) adds a new publication — the latest is the one in
force, the earlier ones stay as history. ``verify`` recomputes from the current store and compares.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import uuid
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyarrow as pa

from chiso.audit.log import AuditEntry, append, cli_actor
from chiso.compute.engine import resolve_methodology, score_units_in_store
from chiso.compute.period import Period
from chiso.errors import ChisoError
from chiso.methodology import Methodology, available_methodologies
from chiso.publish.inputs import Digest, combine, input_digests
from chiso.score import IndicatorResult, UnitScore
from chiso.timeutil import VN_TZ, ensure_aware, format_date_vi, now_vn

if TYPE_CHECKING:
    from chiso.store.db import Store


class PublishError(ChisoError):
    """A publication that cannot be made or found; message in Vietnamese."""


@dataclass(frozen=True)
class Publication:
    """One publication of a period (without its figures)."""

    publication_id: str
    period: str
    as_of: dt.datetime
    methodology: str
    methodology_version: str
    methodology_sha256: str
    input_hash: str
    digests: dict[str, Digest]
    units: int
    published_at: dt.datetime
    published_by: str

    def to_json(self) -> dict[str, Any]:
        """Plain data for listings and the API."""
        return {
            "publication_id": self.publication_id,
            "period": self.period,
            "as_of": self.as_of.isoformat(),
            "methodology": self.methodology,
            "methodology_version": self.methodology_version,
            "methodology_sha256": self.methodology_sha256,
            "input_hash": self.input_hash,
            "inputs": {k: d.to_json() for k, d in self.digests.items()},
            "units": self.units,
            "published_at": self.published_at.isoformat(),
            "published_by": self.published_by,
        }


def methodology_sha256(m: Methodology) -> str:
    """SHA-256 of the methodology file's bytes (a shipped catalogue or a .toml path)."""
    if m.id in available_methodologies() and not Path(m.path).is_file():
        data = (resources.files("chiso.methodology") / f"{m.id}.toml").read_bytes()
    else:
        data = Path(m.path).read_bytes()
    return hashlib.sha256(data).hexdigest()


def _methodology_name(m: Methodology, given: Methodology | str | None) -> str:
    # What to load again at verification: the shipped id, or the path the file was given by.
    if isinstance(given, str) and given not in available_methodologies():
        return str(Path(given).resolve())
    return m.id


_PUB_COLUMNS = (
    "publication_id, period, as_of, methodology, methodology_version, methodology_sha256, input_hash, "
    "input_digests, units, published_at, published_by"
)


def _publication(row: tuple[Any, ...]) -> Publication:
    digests = {k: Digest.from_json(v) for k, v in json.loads(row[7]).items()}
    return Publication(
        str(row[0]),
        str(row[1]),
        row[2],
        str(row[3]),
        str(row[4]),
        str(row[5]),
        str(row[6]),
        digests,
        int(row[8]),
        row[9],
        str(row[10]),
    )


def publications(store: Store, period: Period | str | None = None) -> list[Publication]:
    """Every publication (of one period), oldest first; per period the last one is in force."""
    sql = f"SELECT {_PUB_COLUMNS} FROM publications"
    params: list[Any] = []
    if period is not None:
        sql += " WHERE period = ?"
        params.append(str(Period.parse(period) if isinstance(period, str) else period))
    sql += " ORDER BY period, published_at, publication_id"
    return [_publication(r) for r in store.con.execute(sql, params).fetchall()]


def current_publication(store: Store, period: Period | str) -> Publication | None:
    """The publication in force for ``period`` (the latest), or ``None``."""
    found = publications(store, period)
    return found[-1] if found else None


def _tables(publication_id: str, scores: list[UnitScore]) -> tuple[pa.Table, pa.Table]:
    units = pa.Table.from_pylist(
        [
            {
                "publication_id": publication_id,
                "unit_code": s.id,
                "unit_name": s.name,
                "level": s.level,
                "parent_code": s.parent,
                "total": float(s.total),
                "classification": s.classification,
                "classification_name": s.classification_name,
                "rank": s.rank,
                "peers": s.peers,
                "groups": json.dumps(s.groups, ensure_ascii=False, sort_keys=True),
            }
            for s in scores
        ],
        schema=pa.schema(
            [
                ("publication_id", pa.string()),
                ("unit_code", pa.string()),
                ("unit_name", pa.string()),
                ("level", pa.string()),
                ("parent_code", pa.string()),
                ("total", pa.float64()),
                ("classification", pa.string()),
                ("classification_name", pa.string()),
                ("rank", pa.int32()),
                ("peers", pa.int32()),
                ("groups", pa.string()),
            ]
        ),
    )
    items = pa.Table.from_pylist(
        [
            {
                "publication_id": publication_id,
                "unit_code": s.id,
                "indicator": r.code,
                "group_code": r.group,
                "applies": r.applies,
                "numerator": r.numerator,
                "denominator": r.denominator,
                "ratio": r.ratio,
                "points": r.points,
                "max_points": float(r.max_points),
                "lost_points": float(r.lost_points),
            }
            for s in scores
            for r in s.indicators.values()
        ],
        schema=pa.schema(
            [
                ("publication_id", pa.string()),
                ("unit_code", pa.string()),
                ("indicator", pa.string()),
                ("group_code", pa.string()),
                ("applies", pa.bool_()),
                ("numerator", pa.float64()),
                ("denominator", pa.float64()),
                ("ratio", pa.float64()),
                ("points", pa.float64()),
                ("max_points", pa.float64()),
                ("lost_points", pa.float64()),
            ]
        ),
    )
    return units, items


def _insert(store: Store, table: str, data: pa.Table) -> None:
    staging = f"_pub_{uuid.uuid4().hex}"
    store.con.register(staging, data)
    try:
        store.con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM {staging}")
    finally:
        store.con.unregister(staging)


def publish(
    store: Store,
    period: Period | str,
    *,
    as_of: dt.datetime | None = None,
    methodology: Methodology | str | None = None,
    replace: bool = False,
    actor: str | None = None,
) -> Publication:
    """Freeze ``period``'s results for every unit (see module docstring). Refuses a period already published
    unless ``replace``; a replacement is recorded in the audit log as such."""
    p = Period.parse(period) if isinstance(period, str) else period
    m = resolve_methodology(methodology)
    instant = ensure_aware(as_of) if as_of is not None else now_vn()
    who = actor or cli_actor()
    with store.transaction(snapshot=True):
        # One snapshot: the digests and the scores read the same state of the store.
        previous = current_publication(store, p)
        if previous is not None and not replace:
            raise PublishError(
                f"Kỳ {p.key} đã được công bố {format_date_vi(previous.published_at.astimezone(VN_TZ).date())} "
                f"(bởi {previous.published_by}); kết quả đã công bố không bị thay đổi. Muốn công bố lại, dùng "
                "--replace (việc này được ghi vào nhật ký kiểm toán)."
            )
        digests = input_digests(store, p, instant)
        scores = score_units_in_store(store, p, as_of=instant, methodology=m)
        if not scores:
            raise PublishError("Kho dữ liệu chưa có đơn vị nào; không có gì để công bố.")
        pub = Publication(
            uuid.uuid4().hex,
            p.key,
            instant,
            _methodology_name(m, methodology),
            m.version,
            methodology_sha256(m),
            combine(digests),
            digests,
            len(scores),
            dt.datetime.now(dt.UTC),
            who,
        )
        store.con.execute(
            f"INSERT INTO publications ({_PUB_COLUMNS}, period_start, period_end) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                pub.publication_id,
                pub.period,
                pub.as_of,
                pub.methodology,
                pub.methodology_version,
                pub.methodology_sha256,
                pub.input_hash,
                json.dumps({k: d.to_json() for k, d in digests.items()}),
                pub.units,
                pub.published_at,
                pub.published_by,
                p.start,
                p.end,
            ],
        )
        units, items = _tables(pub.publication_id, scores)
        _insert(store, "published_scores", units)
        _insert(store, "published_indicators", items)
        action = "publish" if previous is None else "publish.replace"
        summary = f"Công bố kết quả kỳ {p.key} của {len(scores)} đơn vị (mã băm dữ liệu {pub.input_hash[:12]})"
        if previous is not None:
            summary = f"Công bố lại kỳ {p.key}, thay bản {previous.publication_id[:12]}: " + summary[9:]
        append(store, [AuditEntry(who, action, summary, "publications", [pub.publication_id])])
    return pub


def published_scores(
    store: Store, period: Period | str, units: list[str] | None = None
) -> tuple[Publication, list[UnitScore]]:
    """The publication in force for ``period`` and its frozen scores (of ``units``; all when ``None``)."""
    pub = current_publication(store, period)
    if pub is None:
        key = Period.parse(period).key if isinstance(period, str) else period.key
        raise PublishError(f"Kỳ {key} chưa được công bố. Công bố bằng: chiso publish --period {key}")
    where = "publication_id = ?"
    params: list[Any] = [pub.publication_id]
    if units is not None:
        where += " AND unit_code IN (SELECT unnest(?))"
        params.append(list(units))
    indicators: dict[str, dict[str, IndicatorResult]] = {}
    for r in store.con.execute(
        "SELECT unit_code, indicator, group_code, ratio, points, max_points, numerator, denominator, applies, "
        f"lost_points FROM published_indicators WHERE {where} ORDER BY unit_code, indicator",
        params,
    ).fetchall():
        indicators.setdefault(r[0], {})[r[1]] = IndicatorResult(r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9])
    out = [
        UnitScore(
            id=r[0],
            name=r[1],
            level=r[2],
            parent=r[3],
            indicators=indicators.get(r[0], {}),
            groups=json.loads(r[9]),
            total=r[4],
            classification=r[5],
            classification_name=r[6],
            rank=r[7],
            peers=r[8],
            methodology=pub.methodology,
        )
        for r in store.con.execute(
            "SELECT unit_code, unit_name, level, parent_code, total, classification, classification_name, rank, "
            f"peers, groups FROM published_scores WHERE {where} ORDER BY level, rank, unit_code",
            params,
        ).fetchall()
    ]
    return pub, out


# --------------------------------------------------------------------------------------------------------------
# Verification


@dataclass
class Verification:
    """What ``verify`` found: the stored hashes against today's, and every figure that differs."""

    publication: Publication
    input_hash: str
    changed_inputs: dict[str, tuple[Digest, Digest]] = field(default_factory=dict)  # name → (published, now)
    # Inputs published from a store on the other backend (restored across backends since): compared by row count.
    inputs_other_backend: list[str] = field(default_factory=list)
    methodology_problem: str | None = None
    units_added: list[str] = field(default_factory=list)
    units_removed: list[str] = field(default_factory=list)
    unit_changes: list[tuple[str, str, Any, Any]] = field(default_factory=list)  # (unit, what, published, now)
    indicator_changes: list[tuple[str, str, str, Any, Any]] = field(default_factory=list)  # (unit, ind, what, …)

    @property
    def identical(self) -> bool:
        """True when inputs, methodology and every figure are as published."""
        return not (
            self.changed_inputs
            or self.methodology_problem
            or self.units_added
            or self.units_removed
            or self.unit_changes
            or self.indicator_changes
        )

    @property
    def changed_units(self) -> list[str]:
        """Units with at least one figure different from the publication."""
        codes = {c[0] for c in self.unit_changes} | {c[0] for c in self.indicator_changes}
        return sorted(codes | set(self.units_added) | set(self.units_removed))

    def to_json(self) -> dict[str, Any]:
        """Plain data (``chiso verify --json``)."""
        return {
            "period": self.publication.period,
            "identical": self.identical,
            "published_input_hash": self.publication.input_hash,
            "input_hash": self.input_hash,
            "changed_inputs": {
                k: {"published": a.to_json(), "now": b.to_json()} for k, (a, b) in self.changed_inputs.items()
            },
            "inputs_other_backend": self.inputs_other_backend,
            "methodology_problem": self.methodology_problem,
            "units_added": self.units_added,
            "units_removed": self.units_removed,
            "unit_changes": [list(c) for c in self.unit_changes],
            "indicator_changes": [list(c) for c in self.indicator_changes],
        }


_UNIT_FIELDS = ("name", "level", "parent", "total", "classification", "rank", "peers")
_INDICATOR_FIELDS = ("numerator", "denominator", "ratio", "points", "applies")


def verify(store: Store, period: Period | str) -> Verification:
    """Recompute ``period`` from the current store with the published methodology and instant, and compare."""
    p = Period.parse(period) if isinstance(period, str) else period
    with store.transaction(snapshot=True):  # the digests and the recomputed scores from the same snapshot
        pub, frozen = published_scores(store, p)
        digests = input_digests(store, p, pub.as_of, {k: d.columns for k, d in pub.digests.items()})
        result = Verification(pub, combine(digests))
        for name in sorted(set(pub.digests) | set(digests)):
            before, now = pub.digests.get(name), digests.get(name)
            if before is not None and now is not None and before.backend != now.backend:
                # The two databases serialise rows differently before hashing, so a digest from the other backend
                # cannot be compared; the row count can, and every figure is still compared below.
                result.inputs_other_backend.append(name)
                if before.rows != now.rows:
                    result.changed_inputs[name] = (before, now)
                continue
            if before is None or now is None or (before.rows, before.digest) != (now.rows, now.digest):
                result.changed_inputs[name] = (before or Digest(0, "", ()), now or Digest(0, "", ()))
        try:
            m = resolve_methodology(pub.methodology)
        except ChisoError as exc:
            result.methodology_problem = f"Không nạp được phương pháp tính {pub.methodology}: {exc}"
            return result
        sha = methodology_sha256(m)
        if sha != pub.methodology_sha256 or m.version != pub.methodology_version:
            result.methodology_problem = (
                f"Tệp phương pháp tính {pub.methodology} đã thay đổi (phiên bản {pub.methodology_version} → "
                f"{m.version}, mã băm {pub.methodology_sha256[:12]} → {sha[:12]})."
            )
        scores = score_units_in_store(store, p, as_of=pub.as_of, methodology=m)
    _compare(result, {s.id: s for s in frozen}, {s.id: s for s in scores})
    return result


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, float) and isinstance(b, float):
        return a == b or (a != a and b != b)  # NaN never occurs in scores, but must not count as a change
    return bool(a == b)


def _compare(result: Verification, before: dict[str, UnitScore], now: dict[str, UnitScore]) -> None:
    result.units_added = sorted(set(now) - set(before))
    result.units_removed = sorted(set(before) - set(now))
    for code in sorted(set(before) & set(now)):
        a, b = before[code], now[code]
        for f in _UNIT_FIELDS:
            if not _same(getattr(a, f), getattr(b, f)):
                result.unit_changes.append((code, f, getattr(a, f), getattr(b, f)))
        for ind in sorted(set(a.indicators) | set(b.indicators)):
            ra, rb = a.indicators.get(ind), b.indicators.get(ind)
            if ra is None or rb is None:
                result.indicator_changes.append((code, ind, "present", ra is not None, rb is not None))
                continue
            for f in _INDICATOR_FIELDS:
                va, vb = getattr(ra, f), getattr(rb, f)
                if isinstance(va, int | float) and not isinstance(va, bool):
                    va = float(va)
                if isinstance(vb, int | float) and not isinstance(vb, bool):
                    vb = float(vb)
                if not _same(va, vb):
                    result.indicator_changes.append((code, ind, f, va, vb))
