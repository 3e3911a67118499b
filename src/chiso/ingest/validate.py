"""Validation of one chunk of records: cell values, row rules, references to the store, duplicate keys.

Cells are parsed column by column (:meth:`ValueType.parse_array`); rows with a refused cell or a broken row rule
are then put through the pydantic row model (:func:`chiso.ingest.models.check_row`), which states every problem
of the row with its code. References (unit, TTHC, dossier) are checked set-based against the store, and natural
keys against every earlier row of the same file. The outcome: typed tables of the valid rows, ready for
:mod:`chiso.store.writer`, the problems as :class:`Issue` values, and the refused rows as the file had them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from chiso.ingest.issues import Issue, IssueCode
from chiso.ingest.models import check_row
from chiso.ingest.readers import Chunk
from chiso.ingest.schema import ROW_RULES, ColumnMap, EntitySpec, map_columns
from chiso.ingest.values import Parsed
from chiso.store.writer import COLUMNS

if TYPE_CHECKING:
    from chiso.store.db import Store

REASON_COLUMN = "LyDo"
_KEY_SEP = "\x1f"
_EVENT_TIME_FORMAT = "%Y%m%dT%H%M%SZ"


def event_ids(dossier_codes: pa.Array, event_types: pa.Array, occurred_at: pa.Array) -> pa.Array:
    """Deterministic event ids ``<dossier>/<type>/<UTC time to the second>`` (``HS01/finished/20240115T013000Z``),
    so that importing the same history twice adds nothing."""
    seconds = pc.cast(occurred_at, pa.timestamp("s", tz="UTC"), safe=False)
    stamp = pc.strftime(seconds, format=_EVENT_TIME_FORMAT)
    return pc.binary_join_element_wise(dossier_codes, event_types, stamp, "/")


@dataclass
class ChunkResult:
    """What validation made of a chunk."""

    tables: dict[str, pa.Table]  # entity → valid rows in the writer's canonical columns
    rows_read: int
    rows_valid: int
    issues: list[Issue]
    rejected: pa.Table | None  # refused rows with the file's own headers plus LyDo


@dataclass
class _RowIssues:
    """Problems found so far, keyed by position in the chunk."""

    by_row: dict[int, list[Issue]] = field(default_factory=dict)

    def add(self, pos: int, issue: Issue) -> None:
        self.by_row.setdefault(pos, []).append(issue)

    def mask(self, n: int) -> np.ndarray:
        out = np.zeros(n, dtype=bool)
        if self.by_row:
            out[np.fromiter(self.by_row, dtype=np.int64)] = True
        return out


class Validator:
    """Validates the chunks of one file, in order (keys are remembered across chunks)."""

    def __init__(self, store: Store, entity: EntitySpec, file_name: str, row_kind: str) -> None:
        self.store = store
        self.entity = entity
        self.file_name = file_name
        self.row_kind = row_kind
        self._maps: dict[tuple[str, ...], ColumnMap] = {}
        self._seen_keys: list[pa.Array] = []
        self._seen_rows: list[np.ndarray] = []

    # -- helpers ----------------------------------------------------------------------------------------------

    def _map(self, headers: Sequence[str]) -> ColumnMap:
        key = tuple(headers)
        if key not in self._maps:
            self._maps[key] = map_columns(self.entity, headers)
        return self._maps[key]

    def _issue(self, row: int, code: IssueCode, reason: str, column: str | None, value: str | None) -> Issue:
        return Issue(self.file_name, code, reason, row=row, column=column, value=value, row_kind=self.row_kind)

    # -- the chunk --------------------------------------------------------------------------------------------

    def validate(self, chunk: Chunk) -> ChunkResult:
        """Validate ``chunk``; nothing is written."""
        n = chunk.num_rows
        cmap = self._map(chunk.headers)
        index = {h: i for i, h in reversed(list(enumerate(chunk.headers)))}
        raw: dict[str, pa.Array] = {}
        for name, header in cmap.columns.items():
            col = chunk.table.column(index[header])
            raw[name] = col.combine_chunks() if isinstance(col, pa.ChunkedArray) else col
        found = _RowIssues()

        # 1. Cells, and row rules on the parsed values.
        parsed: dict[str, Parsed] = {}
        flagged = np.zeros(n, dtype=bool)
        for spec in self.entity.fields:
            if spec.name in raw:
                p = spec.type.parse_array(raw[spec.name])
                parsed[spec.name] = p
                flagged |= p.bad
                if spec.required:
                    flagged |= ~_valid(p.values)
            elif spec.required:
                flagged[:] = True  # only in JSON, where a chunk may lack a key the file has elsewhere
        for rule in ROW_RULES.get(self.entity.name, ()):
            if rule.later in parsed and rule.earlier in parsed:
                before = pc.fill_null(pc.less(parsed[rule.later].values, parsed[rule.earlier].values), False)
                flagged |= _np(before)
        if flagged.any():
            self._explain(chunk, cmap, raw, np.flatnonzero(flagged), found)

        # 2. Derived values, then references and keys on what parsed.
        values = {name: p.values for name, p in parsed.items()}
        self._derive(values, parsed)
        self._check_references(chunk, cmap, raw, values, found)
        self._check_keys(chunk, cmap, raw, values, found)
        malformed = [self._issue(m.row, IssueCode.MALFORMED_ROW, m.reason, None, m.text) for m in chunk.malformed]

        # 3. Split valid from refused.
        bad = found.mask(n) if n else np.zeros(0, dtype=bool)
        good = ~bad
        issues = sorted(
            [*(i for lst in found.by_row.values() for i in lst), *malformed],
            key=lambda i: i.row if i.row is not None else -1,
        )
        tables = self._tables(values, good) if good.any() else {}
        rejected = self._rejected(chunk, found, bad, malformed)
        return ChunkResult(tables, n + len(chunk.malformed), int(good.sum()), issues, rejected)

    def _explain(
        self, chunk: Chunk, cmap: ColumnMap, raw: dict[str, pa.Array], positions: np.ndarray, found: _RowIssues
    ) -> None:
        """Ask the pydantic row model about the flagged rows and record what it says."""
        take = pa.array(positions)
        texts = {name: arr.take(take).to_pylist() for name, arr in raw.items()}
        for j, pos in enumerate(positions.tolist()):
            row = {name: texts[name][j] for name in texts}
            problems = check_row(self.entity.name, row)
            if not problems:  # pragma: no cover - the column parsers and the row model share their rules
                raise AssertionError(f"row {chunk.rows[pos]}: column parsers refused what the row model accepts")
            for prob in problems:
                column = cmap.header(prob.field) if prob.field else None
                value = row.get(prob.field) if prob.field else None
                found.add(pos, self._issue(int(chunk.rows[pos]), prob.code, prob.reason, column, value))

    def _derive(self, values: dict[str, pa.Array], parsed: dict[str, Parsed]) -> None:
        """Values implied by others: the unit written after a time limit, ``synced`` from a sync time, event
        ids of events without one."""
        name = self.entity.name
        if name == "procedures" and "time_limit" in parsed and parsed["time_limit"].extra is not None:
            unit = parsed["time_limit"].extra
            values["time_limit_unit"] = (
                pc.coalesce(values["time_limit_unit"], unit) if ("time_limit_unit" in values) else unit
            )
        if name == "dossiers" and "synced_at" in values:
            from_time = pc.is_valid(values["synced_at"])
            values["synced"] = pc.coalesce(values["synced"], from_time) if "synced" in values else from_time
        if name == "dossier_events" and all(c in values for c in ("dossier_code", "event_type", "occurred_at")):
            derived = event_ids(values["dossier_code"], values["event_type"], values["occurred_at"])
            values["event_id"] = pc.coalesce(values["event_id"], derived) if "event_id" in values else derived

    # -- references -------------------------------------------------------------------------------------------

    def _check_references(
        self,
        chunk: Chunk,
        cmap: ColumnMap,
        raw: dict[str, pa.Array],
        values: dict[str, pa.Array],
        found: _RowIssues,
    ) -> None:
        if self.entity.name == "units":
            self._check_parents(chunk, cmap, raw, values, found)
            return
        for ref in REFERENCES.get(self.entity.name, ()):
            if not all(c in values for c in ref.columns):
                continue
            present = np.ones(chunk.num_rows, dtype=bool)
            for c in ref.columns:
                present &= _valid(values[c])
            if not present.any():
                continue
            pos = np.flatnonzero(present)
            take = pa.array(pos)
            probe = pa.table({"i": pa.array(pos, pa.int64()), **{c: values[c].take(take) for c in ref.columns}})
            con = self.store.con
            con.register("_ref", probe)
            try:
                result = con.execute(ref.sql + " ORDER BY r.i").fetch_arrow_table()
            finally:
                con.unregister("_ref")
            for rec in result.to_pylist():
                i = int(rec["i"])
                field_name, code, reason = ref.explain(rec)
                column = cmap.header(field_name)
                value = _text_at(raw.get(field_name), i)
                found.add(i, self._issue(int(chunk.rows[i]), code, reason, column, value))

    def _check_parents(
        self,
        chunk: Chunk,
        cmap: ColumnMap,
        raw: dict[str, pa.Array],
        values: dict[str, pa.Array],
        found: _RowIssues,
    ) -> None:
        """A unit's parent must exist in the store or be a valid unit of the same file (units are validated
        as one chunk: the files are small and a parent may come after its children)."""
        if "parent_code" not in values:
            return
        codes = values["code"].to_pylist()
        parents = values["parent_code"].to_pylist()
        wanted = {p for p in parents if p is not None}
        from chiso.store.writer import existing_keys

        in_store = existing_keys(self.store, "units", "code", wanted)
        bad = found.mask(chunk.num_rows)
        ok_codes = {c for c, b in zip(codes, bad, strict=True) if c is not None and not b}
        failed: set[int] = set()
        changed = True
        while changed:  # a refused unit makes its children's parent unknown in turn
            changed = False
            for i, parent in enumerate(parents):
                if parent is None or i in failed or parent in in_store or parent in ok_codes:
                    continue
                failed.add(i)
                ok_codes.discard(codes[i])
                changed = True
        for i in sorted(failed):
            reason = (
                f"Đơn vị cấp trên «{parents[i]}» không có trong kho dữ liệu cũng như trong tệp (hoặc dòng của nó "
                "bị lỗi)"
            )
            found.add(
                i,
                self._issue(
                    int(chunk.rows[i]),
                    IssueCode.UNKNOWN_UNIT,
                    reason,
                    cmap.header("parent_code"),
                    _text_at(raw.get("parent_code"), i),
                ),
            )
        # A cycle (A under B under A), through the file's rows and the store's tree as the file would leave it.
        stored = self.store.con.execute("SELECT code, parent_code FROM units").fetchall()
        parent_of: dict[str, str | None] = dict(stored)
        rows_ok = [i for i, b in enumerate(bad) if not b and i not in failed and codes[i] is not None]
        parent_of.update({codes[i]: parents[i] for i in rows_ok})
        for i in rows_ok:
            path = [codes[i]]
            current = parent_of.get(codes[i])
            while current is not None and len(path) <= 64 and current != codes[i]:
                path.append(current)
                current = parent_of.get(current)
            if current == codes[i]:
                found.add(
                    i,
                    self._issue(
                        int(chunk.rows[i]),
                        IssueCode.INVALID_VALUE,
                        f"Vòng lặp trong cây đơn vị: {' → '.join([*path, codes[i]])}",
                        cmap.header("parent_code"),
                        _text_at(raw.get("parent_code"), i),
                    ),
                )

    # -- keys -------------------------------------------------------------------------------------------------

    def _check_keys(
        self,
        chunk: Chunk,
        cmap: ColumnMap,
        raw: dict[str, pa.Array],
        values: dict[str, pa.Array],
        found: _RowIssues,
    ) -> None:
        """The same natural key twice in one file: every occurrence after the first is refused."""
        key_cols = self.entity.key
        if not all(c in values for c in key_cols) or chunk.num_rows == 0:
            return
        parts = [values[c] for c in key_cols]
        key = parts[0] if len(parts) == 1 else pc.binary_join_element_wise(*parts, _KEY_SEP)
        present = _valid(key)
        pos = np.flatnonzero(present)
        keys = key.take(pa.array(pos))
        rows = chunk.rows[pos]
        first_row: dict[int, int] = {}
        if self._seen_keys:
            # Probe the (large) earlier keys against a hash of this (small) chunk's keys: no big hash table is
            # rebuilt per chunk, so the check stays linear in the file's size.
            seen = pa.chunked_array(self._seen_keys)
            hit = _np(pc.is_in(seen, value_set=keys))
            if hit.any():
                hit_keys = seen.filter(pa.array(hit)).combine_chunks()
                hit_rows = np.concatenate(self._seen_rows)[hit]
                at = pc.index_in(keys, value_set=hit_keys)  # the first match is the earliest row
                idx = np.asarray(pc.fill_null(at, 0).to_numpy(zero_copy_only=False), dtype=np.int64)
                for j in np.flatnonzero(_valid(at)).tolist():
                    first_row[j] = int(hit_rows[idx[j]])
        # Within the chunk: index_in against itself gives each key's first position.
        first_at = np.asarray(pc.index_in(keys, value_set=keys).to_numpy(zero_copy_only=False), dtype=np.int64)
        for j in np.flatnonzero(first_at != np.arange(len(first_at))).tolist():
            first_row.setdefault(j, int(rows[first_at[j]]))
        self._seen_keys.append(keys)
        self._seen_rows.append(rows)
        if not first_row:
            return
        # The column shown is the key's own code: the TTHC code for (authority, code), else the single key.
        shown_field = key_cols[-1]
        header = cmap.header(shown_field)
        for j, first in sorted(first_row.items()):
            i = int(pos[j])
            shown = "dòng" if self.row_kind != "index" else "phần tử"
            found.add(
                i,
                self._issue(
                    int(chunk.rows[i]),
                    IssueCode.DUPLICATE_KEY,
                    f"Trùng khóa với {shown} {first} của cùng tệp ({self.entity.label} đã có ở đó)",
                    header,
                    _text_at(raw.get(shown_field), i) or str(keys[j].as_py()),
                ),
            )

    # -- output -----------------------------------------------------------------------------------------------

    def _tables(self, values: dict[str, pa.Array], good: np.ndarray) -> dict[str, pa.Table]:
        name = self.entity.name
        mask = pa.array(good)
        spec = COLUMNS[name]
        cols = {c: values[c].filter(mask) for c in spec if c in values}
        for c, (typ, _required) in spec.items():
            if c in cols and cols[c].type != typ:
                cols[c] = cols[c].cast(typ)
        out = {name: pa.table(cols) if cols else pa.table({})}
        if name == "dossiers" and self.entity.event_fields:
            events = [self._events(f.name, f.event_type or "", values, mask) for f in self.entity.event_fields]
            present = [e for e in events if e is not None and e.num_rows]
            if present:
                out["dossier_events"] = pa.concat_tables(present)
        return out

    def _events(self, column: str, kind: str, values: dict[str, pa.Array], mask: pa.Array) -> pa.Table | None:
        if column not in values:
            return None
        when = values[column].filter(mask)
        codes = values["code"].filter(mask)
        keep = pc.is_valid(when)
        when, codes = when.filter(keep), codes.filter(keep)
        kinds = pa.array([kind] * len(codes), pa.string())
        return pa.table(
            {
                "event_id": event_ids(codes, kinds, when),
                "dossier_code": codes,
                "event_type": kinds,
                "occurred_at": when,
            }
        )

    def _rejected(self, chunk: Chunk, found: _RowIssues, bad: np.ndarray, malformed: list[Issue]) -> pa.Table | None:
        if not found.by_row and not malformed:
            return None
        positions = np.flatnonzero(bad)
        reasons = [_reasons(found.by_row[int(p)]) for p in positions]
        table = chunk.table.take(pa.array(positions, pa.int64())) if len(positions) else None
        columns: dict[str, pa.Array] = {}
        headers = _unique_headers(chunk.headers)
        for i, h in enumerate(headers):
            col = table.column(i) if table is not None else pa.array([], pa.string())
            columns[h] = col.combine_chunks() if isinstance(col, pa.ChunkedArray) else col
        columns[REASON_COLUMN] = pa.array(reasons, pa.string())
        out = pa.table(columns)
        if malformed:
            # An unreadable record has no columns to fill: its raw text goes into the reason.
            extra = pa.table(
                {
                    **{h: pa.nulls(len(malformed), pa.string()) for h in headers},
                    REASON_COLUMN: pa.array([_reasons([m], with_value=True) for m in malformed], pa.string()),
                }
            )
            out = pa.concat_tables([out, extra])
        return out


@dataclass(frozen=True)
class Reference:
    """A check against the store: ``sql`` reads table ``_ref`` (position ``i`` plus ``columns``) and returns the
    rows that fail; ``explain`` turns one returned record into (field, code, Vietnamese reason)."""

    columns: tuple[str, ...]
    sql: str
    explain: Callable[[dict[str, Any]], tuple[str, IssueCode, str]]


def _why_authority(rec: dict[str, Any]) -> tuple[str, IssueCode, str]:
    if rec["missing"]:
        return "authority_code", IssueCode.UNKNOWN_UNIT, _unknown_unit(rec["authority_code"])
    return (
        "authority_code",
        IssueCode.UNKNOWN_UNIT,
        f"Đơn vị «{rec['authority_code']}» không phải tỉnh hoặc bộ (đơn vị gốc của cây đơn vị), nên không có "
        "danh mục TTHC riêng",
    )


def _why_dossier_refs(rec: dict[str, Any]) -> tuple[str, IssueCode, str]:
    if rec["no_unit"]:
        return "unit_code", IssueCode.UNKNOWN_UNIT, _unknown_unit(rec["unit_code"])
    return (
        "procedure_code",
        IssueCode.UNKNOWN_PROCEDURE,
        f"TTHC mã «{rec['procedure_code']}» không có trong danh mục TTHC của đơn vị gốc «{rec['root_code']}» "
        f"(tỉnh/bộ của đơn vị «{rec['unit_code']}»); hãy nhập danh mục TTHC trước",
    )


def _unit_ref(column: str) -> Reference:
    return Reference(
        (column,),
        f"SELECT r.* FROM _ref r LEFT JOIN units u ON u.code = r.{column} WHERE u.code IS NULL",
        lambda rec: (column, IssueCode.UNKNOWN_UNIT, _unknown_unit(rec[column])),
    )


_DOSSIER_REF = Reference(
    ("dossier_code",),
    "SELECT r.* FROM _ref r LEFT JOIN dossiers d ON d.code = r.dossier_code WHERE d.code IS NULL",
    lambda rec: (
        "dossier_code",
        IssueCode.UNKNOWN_DOSSIER,
        f"Không có hồ sơ mã «{rec['dossier_code']}» trong kho dữ liệu; hãy nhập tệp hồ sơ trước",
    ),
)

# References of each entity (units: parents, checked against the file too — see Validator._check_parents).
REFERENCES: dict[str, tuple[Reference, ...]] = {
    "procedures": (
        # The catalogue belongs to a root unit (province or ministry).
        Reference(
            ("authority_code",),
            "SELECT r.*, u.code IS NULL AS missing FROM _ref r LEFT JOIN units u ON u.code = r.authority_code "
            "WHERE u.code IS NULL OR u.parent_code IS NOT NULL",
            _why_authority,
        ),
        _unit_ref("agency_code"),
    ),
    # A dossier's TTHC is looked up in the catalogue of its unit's root: (root_code, procedure_code).
    "dossiers": (
        Reference(
            ("unit_code", "procedure_code"),
            "SELECT r.*, u.code IS NULL AS no_unit, u.root_code FROM _ref r "
            "LEFT JOIN units u ON u.code = r.unit_code "
            "LEFT JOIN procedures t ON t.authority_code = u.root_code AND t.code = r.procedure_code "
            "WHERE u.code IS NULL OR t.code IS NULL",
            _why_dossier_refs,
        ),
    ),
    "petitions": (_unit_ref("unit_code"),),
    "dossier_events": (_DOSSIER_REF,),
    "payments": (_DOSSIER_REF,),
}


def _np(arr: pa.Array | pa.ChunkedArray) -> np.ndarray:
    return np.asarray(pc.fill_null(arr, False).to_numpy(zero_copy_only=False), dtype=bool)


def _valid(arr: pa.Array | pa.ChunkedArray) -> np.ndarray:
    return _np(pc.is_valid(arr))


def _text_at(arr: pa.Array | None, i: int) -> str | None:
    if arr is None:
        return None
    value = arr[i].as_py()
    return None if value is None else str(value)


def _unknown_unit(code: str) -> str:
    hint = ""
    if code.isdigit() and len(code) < 5:
        hint = " (mã dạng số có thể đã mất số 0 ở đầu khi mở bằng Excel; hãy định dạng cột là văn bản)"
    return f"Không có đơn vị mã «{code}» trong kho dữ liệu; hãy nhập danh mục đơn vị trước{hint}"


def _reasons(issues: list[Issue], with_value: bool = False) -> str:
    """The ``LyDo`` cell of a refused row: where, then each problem with its code."""
    parts = []
    for issue in issues:
        column = f"cột {issue.column}: " if issue.column else ""
        value = f" «{issue.value}»" if with_value and issue.value else ""
        parts.append(f"{column}{issue.reason}{value} [{issue.code.value}]")
    where = issues[0].where() if issues else ""
    return f"{where.capitalize()} — " + "; ".join(parts) if where else "; ".join(parts)


def _unique_headers(headers: Sequence[str]) -> list[str]:
    """Headers made unique for the refused-rows file (a repeated name gets a suffix)."""
    out: list[str] = []
    seen: set[str] = set()
    for h in headers:
        name, k = h, 2
        while name in seen or name == REASON_COLUMN:
            name = f"{h}_{k}"
            k += 1
        seen.add(name)
        out.append(name)
    return out
