"""The portal's (Cổng DVCQG) view of a period: its published results and its dossier list, imported and stored.

Units copy these from the portal as they find them: the ``--aggregates`` JSON (counts per indicator, or the scored
shape ``chiso score`` prints), or a CSV/XLSX table with Vietnamese headers (``MaDonVi``, ``TenDonVi``, ``CKMB`` …
``TongDiem``; for the dossier list ``MaHoSo``, ``MaTTHC``, ``TrangThai``, ``NgayTiepNhan``, ``NgayHenTra``,
``NgayKetThuc`` …). Files are read by the importer's readers (:mod:`chiso.ingest.readers`) and cells by its value
parsers, so dates, yes/no cells and error reports behave exactly as in ``chiso import``.

Re-importing a period replaces that period's view of the same kind in one transaction: a file with any problem
writes nothing, and a reader never sees half of a period.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyarrow as pa

from chiso.compute.period import Period
from chiso.errors import ChisoError
from chiso.ingest.issues import FileProblem, Issue, IssueCode, ValueProblem, format_report
from chiso.ingest.readers import open_source
from chiso.ingest.schema import EntitySpec, FieldSpec, map_columns
from chiso.ingest.text import fold, trim
from chiso.ingest.values import ValueType
from chiso.ingest.vocab import Vocabulary
from chiso.methodology import Methodology, load_methodology
from chiso.score import AggregatesError, parse_aggregates, rank_peers, score_units

if TYPE_CHECKING:
    from chiso.store.db import Store

KINDS = ("results", "dossiers")
KIND_VI = {"results": "kết quả công bố", "dossiers": "danh sách hồ sơ"}

PORTAL_STATUS = Vocabulary(
    "portal_status",
    "trạng thái hồ sơ trên Cổng DVCQG",
    {
        "in_process": (
            "Đang xử lý",
            "Đang giải quyết",
            "Mới tiếp nhận",
            "Đã tiếp nhận",
            "Tiếp nhận",
            "Chuyển xử lý",
            "Đang xử lý trong hạn",
            "Đang xử lý quá hạn",
            "Tạm dừng",
            "Chưa xử lý",
        ),
        "waiting": ("Chờ bổ sung", "Yêu cầu bổ sung", "Chờ công dân bổ sung", "Đang bổ sung"),
        "finished": ("Đã xử lý xong", "Xử lý xong", "Hoàn thành", "Đã giải quyết", "Đã hoàn thành", "Đã xử lý"),
        "result_returned": ("Đã trả kết quả", "Trả kết quả", "Đã trả"),
        "refused": ("Từ chối", "Dừng xử lý", "Không đủ điều kiện", "Từ chối giải quyết", "Đã từ chối"),
        "withdrawn": ("Rút hồ sơ", "Đã rút", "Công dân rút hồ sơ"),
    },
)
TERMINAL_STATUSES = frozenset({"finished", "result_returned", "refused", "withdrawn"})
STATUS_VI = {
    "in_process": "đang xử lý",
    "waiting": "chờ bổ sung",
    "finished": "đã xử lý xong",
    "result_returned": "đã trả kết quả",
    "refused": "từ chối, dừng xử lý",
    "withdrawn": "rút hồ sơ",
}

_TEXT = ValueType("text")
_BOOL = ValueType("bool")
_COUNT = ValueType("int", minimum=0)
_TIMESTAMP = ValueType("timestamp")
_DEADLINE = ValueType("deadline")
_STATUS = ValueType("vocab", vocab=PORTAL_STATUS)
_POINTS_RE = re.compile(r"(?P<int>[0-9]{1,3})(?:[.,](?P<frac>[0-9]{1,6}))?(?:[ \t]*(?:điểm|diem|đ))?", re.IGNORECASE)
_RANK_RE = re.compile(r"(?P<rank>[0-9]{1,5})(?:[ \t]*/[ \t]*(?P<peers>[0-9]{1,5}))?")


class PortalImportError(ChisoError):
    """A portal file that cannot be imported; ``issues`` lists every problem (file, row, column, reason)."""

    def __init__(self, message: str, issues: list[Issue] | None = None) -> None:
        super().__init__(message)
        self.issues = issues or []


@dataclass(frozen=True)
class PortalImport:
    """What an import did: kind, period, rows written, rows of the period replaced, ignored columns."""

    kind: str
    period: str
    source: str
    rows: int
    replaced: int
    imported_at: dt.datetime
    warnings: tuple[str, ...] = ()


@dataclass
class _Table:
    """Parsed rows of one file, ready to store."""

    kind: str
    rows: list[dict[str, Any]]
    items: list[dict[str, Any]] = field(default_factory=list)  # results: group/indicator items
    warnings: list[str] = field(default_factory=list)


# -- cell parsers ----------------------------------------------------------------------------------------------


def parse_points(text: str) -> float:
    """A published score: ``47,17``, ``47.17``, ``18`` or ``7,2 điểm`` (0–100)."""
    m = _POINTS_RE.fullmatch(trim(text))
    if m is None:
        raise ValueProblem(IssueCode.INVALID_VALUE, "Không phải điểm số (ví dụ 47,17 hoặc 47.17)")
    value = float(f"{m['int']}.{m['frac'] or 0}")
    if value > 100:
        raise ValueProblem(IssueCode.INVALID_VALUE, "Điểm phải trong khoảng 0–100")
    return value


def parse_rank(text: str) -> tuple[int, int | None]:
    """A published rank: ``13`` or ``13/14`` (rank among peers)."""
    m = _RANK_RE.fullmatch(trim(text))
    if m is None:
        raise ValueProblem(IssueCode.INVALID_VALUE, "Không phải thứ hạng (ví dụ 13 hoặc 13/14)")
    return int(m["rank"]), int(m["peers"]) if m["peers"] else None


def _as_float(value: int | None) -> float | None:
    return None if value is None else float(value)


_PARSERS: dict[str, Callable[[str], Any]] = {
    "text": _TEXT.parse,
    "bool": _BOOL.parse,
    "count": lambda t: _as_float(_COUNT.parse(t)),
    "timestamp": _TIMESTAMP.parse,
    "deadline": _DEADLINE.parse,
    "status": _STATUS.parse,
    "points": parse_points,
    "rank": parse_rank,
}


def _field(name: str, label: str, *aliases: str, required: bool = False) -> FieldSpec:
    # Matching of headers only; the cell kind lives in the spec's ``kinds`` map.
    return FieldSpec(name, _TEXT, label, tuple(aliases), required)


@dataclass(frozen=True)
class PortalSpec:
    """The columns of one kind of portal table: an importer entity (for header matching) plus each cell's kind."""

    entity: EntitySpec
    kinds: dict[str, str]


def results_spec(methodology: Methodology) -> PortalSpec:
    """Columns of a published results table: unit, the six groups, total, class, rank, and optionally per
    indicator its points (``PROGRESS_ON_TIME``), numerator (``PROGRESS_ON_TIME_TuSo``) and denominator (``…_MauSo``)."""
    fields = [
        _field("unit_code", "Mã đơn vị", "MaDonVi", "MaCoQuan", "MaDinhDanh", "MaDVHC", "id", "code", required=True),
        _field("unit_name", "Tên đơn vị", "TenDonVi", "TenCoQuan", "DonVi", "name"),
        _field("total", "Tổng điểm", "TongDiem", "Tong", "TongCong", "DiemTong", "total"),
        _field("classification", "Xếp loại", "XepLoai", "classification"),
        _field("rank", "Xếp hạng", "XepHang", "Hang", "ThuHang", "rank"),
    ]
    kinds = {"unit_code": "text", "unit_name": "text", "total": "points", "classification": "text", "rank": "rank"}
    for g in methodology.groups:
        fields.append(_field(f"group:{g.code}", g.name, g.code, g.name, f"Diem{g.code}"))
        kinds[f"group:{g.code}"] = "points"
    for ind in methodology.indicators:
        c = ind.code
        fields.append(_field(f"points:{c}", f"{ind.name} (điểm)", c, f"{c}_Diem", f"{c}_points"))
        fields.append(_field(f"num:{c}", f"{ind.name} (tử số)", f"{c}_TuSo", f"{c}__num", f"{c}_numerator"))
        fields.append(_field(f"den:{c}", f"{ind.name} (mẫu số)", f"{c}_MauSo", f"{c}__den", f"{c}_denominator"))
        kinds.update({f"points:{c}": "points", f"num:{c}": "count", f"den:{c}": "count"})
    return PortalSpec(
        EntitySpec("portal_results", "kết quả công bố trên Cổng DVCQG", tuple(fields), ("unit_code",)), kinds
    )


DOSSIERS_SPEC = PortalSpec(
    EntitySpec(
        "portal_dossiers",
        "hồ sơ trên Cổng DVCQG",
        (
            _field("code", "Mã hồ sơ", "MaHoSo", "SoHoSo", "dossier_code", required=True),
            _field(
                "unit_code",
                "Mã đơn vị",
                "MaDonVi",
                "MaCoQuan",
                "MaDonViTiepNhan",
                "MaCoQuanTiepNhan",
                "MaDonViXuLy",
                "unit_code",
            ),
            _field("procedure_code", "Mã TTHC", "MaTTHC", "MaThuTuc", "MaThuTucHanhChinh", "procedure_code"),
            _field("status", "Trạng thái", "TrangThai", "TrangThaiHoSo", "TinhTrang", "TinhTrangXuLy", "status"),
            _field("received_at", "Ngày tiếp nhận", "NgayTiepNhan", "NgayNop", "ThoiGianTiepNhan", "received_at"),
            _field("due_at", "Ngày hẹn trả", "NgayHenTra", "NgayHenTraKetQua", "HanXuLy", "HanGiaiQuyet", "due_at"),
            _field(
                "finished_at",
                "Ngày kết thúc",
                "NgayKetThuc",
                "NgayKetThucXuLy",
                "NgayXuLyXong",
                "NgayHoanThanh",
                "NgayCoKetQua",
                "finished_at",
            ),
            _field(
                "paid_online",
                "Đã thanh toán trực tuyến",
                "ThanhToanTrucTuyen",
                "DaThanhToanTrucTuyen",
                "CoThanhToanTrucTuyen",
                "ThanhToan",
                "paid_online",
            ),
        ),
        ("code",),
    ),
    {
        "code": "text",
        "unit_code": "text",
        "procedure_code": "text",
        "status": "status",
        "received_at": "timestamp",
        "due_at": "deadline",
        "finished_at": "timestamp",
        "paid_online": "bool",
    },
)


# -- reading ---------------------------------------------------------------------------------------------------


def _detect_kind(headers: list[str], methodology: Methodology) -> str | None:
    dossiers = map_columns(DOSSIERS_SPEC.entity, headers)
    results = map_columns(results_spec(methodology).entity, headers)
    score_cols = [c for c in results.columns if c == "total" or c.startswith(("group:", "points:", "num:"))]
    if not dossiers.missing and len(dossiers.columns) >= 2 and len(dossiers.columns) > len(score_cols):
        return "dossiers"
    if not results.missing and score_cols:
        return "results"
    return None


def _read_table(path: Path, kind: str | None, methodology: Methodology) -> _Table:
    """Rows of a CSV/XLSX/JSON-records file, every cell parsed; raises :class:`PortalImportError` on any problem."""
    issues: list[Issue] = []
    try:
        source = open_source(path)
    except FileProblem as exc:
        raise PortalImportError(format_report([exc.issue]), [exc.issue]) from None
    name = path.name
    with source:
        chosen = kind or _detect_kind(source.headers, methodology)
        if chosen is None:
            issue = Issue(
                name,
                IssueCode.UNKNOWN_ENTITY,
                "Không nhận ra bảng của Cổng DVCQG từ các cột "
                f"({', '.join(source.headers[:12])}): bảng kết quả cần MaDonVi và TongDiem hoặc các nhóm CKMB, TDGQ…; "
                "danh sách hồ sơ cần MaHoSo và TrangThai, NgayTiepNhan…. Hãy chỉ rõ bằng --kind.",
            )
            raise PortalImportError(format_report([issue]), [issue])
        spec = DOSSIERS_SPEC if chosen == "dossiers" else results_spec(methodology)
        cmap = map_columns(spec.entity, source.headers)
        for missing in cmap.missing:
            f = spec.entity.field(missing)
            issues.append(
                Issue(
                    name,
                    IssueCode.MISSING_COLUMN,
                    f"Thiếu cột bắt buộc «{f.label}»; tên cột được chấp nhận: {', '.join(f.aliases)}",
                    column=f.aliases[0],
                )
            )
        for fname, headers in cmap.duplicates:
            issues.append(
                Issue(
                    name,
                    IssueCode.DUPLICATE_COLUMN,
                    f"Nhiều cột cùng chỉ «{spec.entity.field(fname).label}»: {', '.join(headers)}; hãy giữ một cột",
                    column=headers[1],
                )
            )
        if issues:
            raise PortalImportError(format_report(issues), issues)
        warnings = [f"Bỏ qua các cột không dùng đến: {', '.join(cmap.unknown)}"] if cmap.unknown else []
        rows: list[dict[str, Any]] = []
        seen: dict[str, int] = {}
        key = "code" if chosen == "dossiers" else "unit_code"
        for chunk in source.chunks():
            for m in chunk.malformed:
                issues.append(Issue(name, IssueCode.MALFORMED_ROW, m.reason, row=m.row, row_kind=source.row_kind))
            index = {h: i for i, h in reversed(list(enumerate(chunk.headers)))}
            columns = {
                fname: chunk.table.column(index[header]).to_pylist()
                for fname, header in cmap.columns.items()
                if header in index
            }
            for pos, number in enumerate(chunk.rows.tolist()):
                row: dict[str, Any] = {}
                for fname, values in columns.items():
                    raw = values[pos]
                    header = cmap.columns[fname]
                    try:
                        row[fname] = _PARSERS[spec.kinds[fname]](raw) if raw is not None else None
                    except ValueProblem as exc:
                        issues.append(Issue(name, exc.code, exc.reason, number, header, raw, row_kind=source.row_kind))
                        row[fname] = None
                if row.get(key) is None:
                    issues.append(
                        Issue(
                            name,
                            IssueCode.MISSING_VALUE,
                            f"Thiếu {spec.entity.field(key).label.lower()}",
                            number,
                            cmap.columns[key],
                            row_kind=source.row_kind,
                        )
                    )
                    continue
                if row[key] in seen:
                    issues.append(
                        Issue(
                            name,
                            IssueCode.DUPLICATE_KEY,
                            f"Trùng mã «{row[key]}» với {_where(source.row_kind, seen[row[key]])}",
                            number,
                            cmap.columns[key],
                            row[key],
                            row_kind=source.row_kind,
                        )
                    )
                    continue
                seen[row[key]] = number
                rows.append(row)
    if issues:
        raise PortalImportError(format_report(issues), issues)
    if chosen == "dossiers":
        return _Table("dossiers", rows, warnings=warnings)
    return _results_from_rows(rows, methodology, warnings)


def _where(row_kind: str, number: int) -> str:
    return f"phần tử [{number}]" if row_kind == "index" else f"dòng {number}"


def _results_from_rows(rows: list[dict[str, Any]], m: Methodology, warnings: list[str]) -> _Table:
    out: list[dict[str, Any]] = []
    items: list[dict[str, Any]] = []
    for r in rows:
        rank = r.get("rank")
        out.append(
            {
                "unit_code": r["unit_code"],
                "unit_name": r.get("unit_name"),
                "total": r.get("total"),
                "classification": r.get("classification"),
                "rank": rank[0] if rank else None,
                "peers": rank[1] if rank else None,
            }
        )
        for g in m.groups:
            if r.get(f"group:{g.code}") is not None:
                items.append(_item(r["unit_code"], "group", g.code, r[f"group:{g.code}"]))
        for ind in m.indicators:
            c = ind.code
            vals = (r.get(f"points:{c}"), r.get(f"num:{c}"), r.get(f"den:{c}"))
            if any(v is not None for v in vals):
                items.append(_item(r["unit_code"], "indicator", c, *vals))
    return _Table("results", out, items, warnings)


def _item(
    unit: str, kind: str, code: str, points: float | None, num: float | None = None, den: float | None = None
) -> dict[str, Any]:
    return {"unit_code": unit, "kind": kind, "code": code, "points": points, "numerator": num, "denominator": den}


def _read_aggregates(path: Path, doc: Any, methodology: Methodology) -> _Table:
    """The ``--aggregates`` JSON: counts per indicator (scored here, as the portal scores them), or the scored
    shape ``chiso score`` prints (groups, total and class taken as published)."""
    units = doc.get("units") if isinstance(doc, dict) else None
    scored = isinstance(units, list) and any(
        isinstance(u, dict) and ("groups" in u or "total" in u or "indicators" in u) for u in units
    )
    if not scored:
        try:
            m, inputs = parse_aggregates(doc, methodology)
        except AggregatesError as exc:
            raise PortalImportError(f"{path.name}: {exc}") from None
        scores = rank_peers(score_units(m, inputs))
        doc = {"units": [s.to_json() for s in scores]}
        units = doc["units"]
    assert isinstance(units, list)
    problems: list[str] = []
    rows: list[dict[str, Any]] = []
    items: list[dict[str, Any]] = []
    seen: set[str] = set()
    group_codes = {g.code for g in methodology.groups}
    ind_codes = {i.code for i in methodology.indicators}

    def number(value: Any, where: str, upper: float | None = None) -> float | None:
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
            problems.append(f"tại {where}: phải là số không âm hoặc null (đang là {value!r}).")
            return None
        if upper is not None and value > upper:
            problems.append(f"tại {where}: điểm phải trong khoảng 0–{upper:g} (đang là {value!r}).")
            return None
        return float(value)

    for n, u in enumerate(units):
        where = f"$.units[{n}]"
        if not isinstance(u, dict):
            problems.append(f"tại {where}: phải là một đối tượng JSON.")
            continue
        uid = u.get("id")
        if not isinstance(uid, str) or not uid.strip():
            problems.append(f"tại {where}.id: mã đơn vị phải là chuỗi không rỗng (đang là {uid!r}).")
            continue
        if uid in seen:
            problems.append(f"tại {where}.id: mã đơn vị '{uid}' bị trùng.")
            continue
        seen.add(uid)
        rank, peers = u.get("rank"), u.get("peers")
        rows.append(
            {
                "unit_code": uid,
                "unit_name": u.get("name") if isinstance(u.get("name"), str) else None,
                "total": number(u.get("total"), f"{where}.total", 100),
                "classification": u.get("classification") if isinstance(u.get("classification"), str) else None,
                "rank": rank if isinstance(rank, int) and not isinstance(rank, bool) else None,
                "peers": peers if isinstance(peers, int) and not isinstance(peers, bool) else None,
            }
        )
        groups = u.get("groups") or {}
        if not isinstance(groups, dict):
            problems.append(f"tại {where}.groups: phải là {{MÃ_NHÓM: điểm}}.")
            groups = {}
        for code, value in groups.items():
            if code not in group_codes:
                problems.append(f"tại {where}.groups.{code}: không có nhóm này (các nhóm: {', '.join(group_codes)}).")
                continue
            pts = number(value, f"{where}.groups.{code}", 100)
            if pts is not None:
                items.append(_item(uid, "group", code, pts))
        indicators = u.get("indicators") or {}
        if not isinstance(indicators, dict):
            problems.append(f"tại {where}.indicators: phải là {{MÃ_CHỈ_TIÊU: {{points, numerator, denominator}}}}.")
            indicators = {}
        for code, value in indicators.items():
            ipath = f"{where}.indicators.{code}"
            if code not in ind_codes:
                problems.append(f"tại {ipath}: không có chỉ tiêu này trong phương pháp {methodology.id}.")
                continue
            if value is None:
                continue
            if not isinstance(value, dict):
                problems.append(f"tại {ipath}: phải là {{points, numerator, denominator}}.")
                continue
            vals = (
                number(value.get("points"), f"{ipath}.points", 100),
                number(value.get("numerator"), f"{ipath}.numerator"),
                number(value.get("denominator"), f"{ipath}.denominator"),
            )
            if any(v is not None for v in vals):
                items.append(_item(uid, "indicator", code, *vals))
    if problems:
        lines = "\n".join(f"  - {p}" for p in problems)
        raise PortalImportError(f"{path.name}: dữ liệu kết quả không hợp lệ ({len(problems)} lỗi):\n{lines}")
    return _Table("results", rows, items)


def read_portal_file(path: str | Path, kind: str | None = None, methodology: Methodology | None = None) -> _Table:
    """Parse a portal file (results or dossier list) without writing anything."""
    p = Path(path)
    m = methodology or load_methodology()
    if kind is not None and kind not in KINDS:
        raise PortalImportError(f"Loại bảng «{kind}» không hợp lệ; chọn results hoặc dossiers.")
    if p.suffix.lower() == ".json" and p.exists() and kind != "dossiers":
        try:
            doc = json.loads(p.read_text(encoding="utf-8-sig"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            doc = None  # the reader reports it with line and column
        if isinstance(doc, dict) and "units" in doc:
            return _read_aggregates(p, doc, m)
    return _read_table(p, kind, m)


# -- storing ---------------------------------------------------------------------------------------------------

_RESULT_COLUMNS = ("unit_code", "unit_name", "total", "classification", "rank", "peers")
_DOSSIER_COLUMNS = (
    "code",
    "unit_code",
    "procedure_code",
    "status",
    "received_at",
    "due_at",
    "finished_at",
    "paid_online",
)
_TS = pa.timestamp("us", tz="UTC")
_ARROW: dict[str, pa.DataType] = {
    "unit_code": pa.string(),
    "unit_name": pa.string(),
    "total": pa.float64(),
    "classification": pa.string(),
    "rank": pa.int32(),
    "peers": pa.int32(),
    "kind": pa.string(),
    "code": pa.string(),
    "points": pa.float64(),
    "numerator": pa.float64(),
    "denominator": pa.float64(),
    "procedure_code": pa.string(),
    "status": pa.string(),
    "received_at": _TS,
    "due_at": _TS,
    "finished_at": _TS,
    "paid_online": pa.bool_(),
}


def _arrow(rows: list[dict[str, Any]], columns: tuple[str, ...]) -> pa.Table:
    return pa.table({c: pa.array([r.get(c) for r in rows], _ARROW[c]) for c in columns})


def _insert(store: Store, table: str, rows: pa.Table, period: str, source: str, at: dt.datetime | None) -> None:
    if rows.num_rows == 0:
        return
    staging = f"_portal_{table}"
    store.con.register(staging, rows)
    try:
        cols = ", ".join(rows.column_names)
        extra = ", source, imported_at" if at is not None else ""
        values = ", ?, ?" if at is not None else ""
        params: list[Any] = [period] + ([source, at] if at is not None else [])
        store.con.execute(
            f"INSERT INTO {table} (period, {cols}{extra}) SELECT ?, {cols}{values} FROM {staging}", params
        )
    finally:
        store.con.unregister(staging)


def store_portal_view(
    store: Store, period: Period | str, table: _Table, source: str, imported_at: dt.datetime | None = None
) -> PortalImport:
    """Replace the period's portal view of ``table.kind`` with ``table``, in one transaction."""
    key = (Period.parse(period) if isinstance(period, str) else period).key
    at = imported_at or dt.datetime.now(dt.UTC)
    with store.transaction():
        if table.kind == "results":
            before = store.con.execute("SELECT count(*) FROM portal_results WHERE period = ?", [key]).fetchone()
            store.con.execute("DELETE FROM portal_result_items WHERE period = ?", [key])
            store.con.execute("DELETE FROM portal_results WHERE period = ?", [key])
            _insert(store, "portal_results", _arrow(table.rows, _RESULT_COLUMNS), key, source, at)
            items = _arrow(table.items, ("unit_code", "kind", "code", "points", "numerator", "denominator"))
            _insert(store, "portal_result_items", items, key, source, None)
        else:
            before = store.con.execute("SELECT count(*) FROM portal_dossiers WHERE period = ?", [key]).fetchone()
            store.con.execute("DELETE FROM portal_dossiers WHERE period = ?", [key])
            _insert(store, "portal_dossiers", _arrow(table.rows, _DOSSIER_COLUMNS), key, source, at)
    return PortalImport(
        table.kind, key, source, len(table.rows), int(before[0]) if before else 0, at, tuple(table.warnings)
    )


def import_portal_file(
    store: Store,
    path: str | Path,
    period: Period | str,
    *,
    kind: str | None = None,
    methodology: Methodology | None = None,
    imported_at: dt.datetime | None = None,
) -> PortalImport:
    """Read ``path`` (results or dossier list, detected from its content unless ``kind`` says) and replace the
    period's portal view of that kind. Any problem in the file raises :class:`PortalImportError`; nothing is
    written then."""
    p = Period.parse(period) if isinstance(period, str) else period
    table = read_portal_file(path, kind, methodology)
    return store_portal_view(store, p, table, Path(path).name, imported_at)


def portal_periods(store: Store) -> Iterator[tuple[str, str, int, dt.datetime]]:
    """(period, kind, rows, last import time) of every stored portal view."""
    sql = (
        "SELECT period, 'results', count(*), max(imported_at) FROM portal_results GROUP BY period "
        "UNION ALL SELECT period, 'dossiers', count(*), max(imported_at) FROM portal_dossiers GROUP BY period "
        "ORDER BY 1, 2"
    )
    for r in store.con.execute(sql).fetchall():
        yield str(r[0]), str(r[1]), int(r[2]), r[3]


def status_from_text(text: str) -> str | None:
    """The canonical portal status of a Vietnamese status text (``Đang xử lý`` → ``in_process``)."""
    return PORTAL_STATUS.lookup(text) if fold(text) else None
