"""Readers for CSV, JSON (array, ``{"records": [...]}`` or JSON Lines) and XLSX: each yields chunks of text
columns with the row numbers the user sees, so that large files stream in bounded memory.

Every cell is handed on as text (``None`` when empty); typing is the validator's job, the same for all formats.
A reader refuses a file it cannot read with a :class:`~chiso.ingest.issues.FileProblem` naming the file and,
where it can, the row and byte; a single unreadable record (a CSV line with the wrong number of fields, a JSON
Lines line that is not an object) is reported as a row problem and the rest of the file is read.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import zipfile
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from chiso.ingest.issues import FileProblem, Issue, IssueCode
from chiso.ingest.values import cell_text
from chiso.safety import XLSX_MAX_ROWS, check_xlsx_archive, xlsx_shape_problem
from chiso.timeutil import format_number_vi

CSV_BLOCK_BYTES = 4 << 20
JSON_CHUNK_ROWS = 50_000
XLSX_CHUNK_ROWS = 20_000
_SNIFF_BYTES = 64 << 10
DELIMITERS = (",", ";", "\t")

FORMATS = ("csv", "json", "jsonl", "xlsx")
_EXTENSIONS = {
    ".csv": "csv",
    ".tsv": "csv",
    ".txt": "csv",
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".xlsx": "xlsx",
    ".xlsm": "xlsx",
}


@dataclass
class Malformed:
    """A record that could not be read as a row: its number, raw text and the reason."""

    row: int
    text: str
    reason: str


@dataclass
class Chunk:
    """Consecutive records of a file: ``table`` has one text column per header (in ``headers`` order)."""

    headers: list[str]
    table: pa.Table
    rows: np.ndarray  # int64: the row number of each record as the user sees it
    malformed: list[Malformed] = field(default_factory=list)
    done: int = 0  # progress through the file once this chunk is handled (bytes or rows, see Source)

    @property
    def num_rows(self) -> int:
        """Number of readable records in the chunk."""
        return len(self.rows)


def _problem(path: Path, code: IssueCode, reason: str) -> FileProblem:
    # A file-level problem may still point at a line (an encoding error): the line is part of the reason then.
    return FileProblem(Issue(path.name, code, reason))


def _encoding_problem(path: Path, offset: int, line: int, bad: bytes) -> FileProblem:
    shown = bad[:1].hex().upper() if bad else "?"
    return _problem(
        path,
        IssueCode.MALFORMED_ENCODING,
        f"Tệp không phải văn bản UTF-8 hợp lệ: byte 0x{shown} ở dòng {format_number_vi(line)} "
        f"(vị trí byte {format_number_vi(offset)}). Có thể tệp được lưu bằng bảng mã Windows-1258, TCVN3 "
        "hoặc Latin-1; hãy mở tệp và lưu lại với mã hóa UTF-8 (trong Excel: «CSV UTF-8»).",
    )


def _table(headers: list[str], columns: list[list[str | None]]) -> pa.Table:
    return pa.table({f"c{i}": pa.array(col, pa.string()) for i, col in enumerate(columns)})


class Source:
    """An open input file. Use :func:`open_source`; iterate :meth:`chunks`; then :meth:`close`."""

    format: str = ""
    row_kind: str = "row"
    progress_unit: str = "bytes"

    def __init__(self, path: Path) -> None:
        self.path = path
        self.size = path.stat().st_size
        self.headers: list[str] = []

    @property
    def progress_total(self) -> int | None:
        """Total work for the progress bar (bytes or rows), when known."""
        return self.size

    def chunks(self) -> Iterator[Chunk]:  # pragma: no cover - abstract
        """The file's records, chunk by chunk."""
        raise NotImplementedError

    def close(self) -> None:
        """Release the file."""

    def __enter__(self) -> Source:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


# -- CSV --------------------------------------------------------------------------------------------------------


class _CheckedStream(io.RawIOBase):
    """Passes bytes through to Arrow while checking they are UTF-8 and counting them.

    The check costs one decode per block and tells exactly where the first bad byte is, which Arrow's own
    check ("invalid UTF8 data") does not."""

    def __init__(self, raw: BinaryIO) -> None:
        self.raw = raw
        self.done = 0
        self.lines_before = 0
        self.decoder = codecs.getincrementaldecoder("utf-8")()
        self.error: tuple[int, int, bytes] | None = None  # (byte offset, line, bad bytes)

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self.raw.read(len(buffer))
        try:
            self.decoder.decode(data, final=not data)
        except UnicodeDecodeError as exc:
            line = self.lines_before + data[: exc.start].count(b"\n") + 1
            self.error = (self.done + exc.start, line, data[exc.start : exc.end])
            raise
        self.lines_before += data.count(b"\n")
        self.done += len(data)
        n = len(data)
        buffer[:n] = data
        return n


def sniff_delimiter(first_line: str) -> str:
    """The delimiter of a CSV header line among ``,`` ``;`` and tab: the most frequent outside quotes."""
    counts = dict.fromkeys(DELIMITERS, 0)
    quoted = False
    for ch in first_line:
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch in counts:
            counts[ch] += 1
    best = max(DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


class CsvSource(Source):
    """A CSV file: UTF-8 (BOM or not), delimiter sniffed among ``,`` ``;`` tab; header on the first row."""

    format = "csv"

    def __init__(self, path: Path) -> None:
        super().__init__(path)
        with path.open("rb") as f:
            head = f.read(_SNIFF_BYTES)
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            raise _problem(
                path,
                IssueCode.MALFORMED_ENCODING,
                "Tệp được lưu bằng mã hóa UTF-16; hãy lưu lại với mã hóa UTF-8 (trong Excel: «CSV UTF-8»).",
            )
        if b"\x00" in head[:4096]:
            # UTF-16 without a byte-order mark: every other byte of ASCII text is NUL, which is valid UTF-8.
            raise _problem(
                path,
                IssueCode.MALFORMED_ENCODING,
                "Tệp có byte NUL: có lẽ được lưu bằng mã hóa UTF-16 (không có BOM) hoặc không phải tệp văn bản; "
                "hãy lưu lại với mã hóa UTF-8 (trong Excel: «CSV UTF-8»).",
            )
        body = head[len(codecs.BOM_UTF8) :] if head.startswith(codecs.BOM_UTF8) else head
        decoder = codecs.getincrementaldecoder("utf-8")()
        try:
            text = decoder.decode(body, final=len(head) < _SNIFF_BYTES)
        except UnicodeDecodeError as exc:
            offset = exc.start + (len(head) - len(body))
            line = body[: exc.start].count(b"\n") + 1
            raise _encoding_problem(path, offset, line, body[exc.start : exc.end]) from None
        if not text.strip():
            raise _problem(path, IssueCode.MALFORMED_FILE, "Tệp rỗng: không có dòng tiêu đề.")
        first_line = text.splitlines()[0]
        self._head_line_bytes = head[: len(head) - len(body)] + first_line.encode() + b"\n"
        self.delimiter = sniff_delimiter(first_line)
        header = next(csv.reader(io.StringIO(text), delimiter=self.delimiter))
        self.headers = [h.strip().lstrip("\ufeff") or f"(cột {i + 1})" for i, h in enumerate(header)]

    def chunks(self) -> Iterator[Chunk]:
        """Stream the records; raises :class:`FileProblem` on bad encoding or a broken file.

        Arrow reads ahead of the records handed out, so progress is the size the records handed out take in
        the file (their text, delimiters and line ends), not the bytes read so far."""
        names = [f"c{i}" for i in range(len(self.headers))]
        skipped: deque[int] = deque()
        malformed: list[Malformed] = []
        width = len(names)

        def on_invalid(row: Any) -> str:
            number = int(row.number) if row.number is not None and row.number >= 0 else -1
            skipped.append(number)
            malformed.append(
                Malformed(
                    number,
                    row.text,
                    f"Dòng có {row.actual_columns} ô, trong khi tiêu đề có {width} cột",
                )
            )
            return "skip"

        with self.path.open("rb") as raw:
            stream = _CheckedStream(raw)
            buffered = io.BufferedReader(stream, CSV_BLOCK_BYTES)
            try:
                reader = pacsv.open_csv(
                    buffered,
                    read_options=pacsv.ReadOptions(
                        column_names=names, skip_rows=1, use_threads=False, block_size=CSV_BLOCK_BYTES
                    ),
                    parse_options=pacsv.ParseOptions(
                        delimiter=self.delimiter,
                        quote_char='"',
                        double_quote=True,
                        newlines_in_values=True,
                        invalid_row_handler=on_invalid,
                    ),
                    convert_options=pacsv.ConvertOptions(
                        column_types=dict.fromkeys(names, pa.string()),
                        strings_can_be_null=True,
                        quoted_strings_can_be_null=True,
                        null_values=[""],
                    ),
                )
                next_row = 2  # the header is row 1
                consumed = len(self._head_line_bytes)
                while True:
                    try:
                        batch = reader.read_next_batch()
                    except StopIteration:
                        break
                    rows = self._number(batch.num_rows, next_row, skipped)
                    next_row = int(rows[-1]) + 1 if len(rows) else next_row
                    bad = [m for m in malformed if m.row < next_row]
                    malformed[:] = [m for m in malformed if m.row >= next_row]
                    consumed += _text_bytes(batch) + sum(len(m.text.encode()) + 1 for m in bad)
                    done = min(consumed, stream.done)
                    yield Chunk(self.headers, pa.Table.from_batches([batch]), rows, bad, done)
                yield Chunk(
                    self.headers,
                    pa.table({n: pa.array([], pa.string()) for n in names}),
                    np.zeros(0, np.int64),
                    list(malformed),
                    self.size,
                )
            except FileProblem:
                raise
            except Exception as exc:
                if stream.error is not None:
                    offset, line, bad_bytes = stream.error
                    raise _encoding_problem(self.path, offset, line, bad_bytes) from None
                raise _problem(self.path, IssueCode.MALFORMED_FILE, f"Không đọc được tệp CSV: {exc}") from None

    @staticmethod
    def _number(n: int, start: int, skipped: deque[int]) -> np.ndarray:
        """Row numbers of ``n`` records read from ``start`` on, stepping over the rows Arrow skipped."""
        while skipped and skipped[0] < start:
            skipped.popleft()
        if not skipped or skipped[0] >= start + n:
            return np.arange(start, start + n, dtype=np.int64)
        out = np.empty(n, dtype=np.int64)
        pos, cur = 0, start
        while pos < n:
            if skipped and skipped[0] < cur + (n - pos):
                s = skipped.popleft()
                k = s - cur
                out[pos : pos + k] = np.arange(cur, s)
                pos += k
                cur = s + 1
            else:
                out[pos:] = np.arange(cur, cur + n - pos)
                pos = n
        return out


def _text_bytes(batch: pa.RecordBatch) -> int:
    """About the bytes ``batch`` took in the CSV file: its text plus one delimiter or line end per cell."""
    total = int(batch.num_rows) * int(batch.num_columns)
    for col in batch.columns:
        length = pc.sum(pc.binary_length(col))
        total += int(length.as_py() or 0)
    return total


# -- JSON -------------------------------------------------------------------------------------------------------


def _records_to_chunk(
    headers: list[str], records: list[tuple[int, dict[str, Any]]], malformed: list[Malformed]
) -> Chunk:
    """Build a chunk from (row number, object) pairs; ``headers`` grows with keys not seen before."""
    known = set(headers)
    for _, rec in records:
        for key in rec:
            if key not in known:
                known.add(key)
                headers.append(key)
    columns = [[cell_text(rec.get(h)) for _, rec in records] for h in headers]
    rows = np.fromiter((r for r, _ in records), dtype=np.int64, count=len(records))
    return Chunk(list(headers), _table(headers, columns), rows, malformed)


def _preview(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 200 else text[:200] + "…"


class JsonSource(Source):
    """A JSON document (an array of objects, or ``{"records": [...]}``): loaded whole, row = index from 0."""

    format = "json"
    row_kind = "index"

    def __init__(self, path: Path) -> None:
        super().__init__(path)
        data = path.read_bytes()
        if data.startswith(codecs.BOM_UTF8):
            data = data[len(codecs.BOM_UTF8) :]
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            raise _encoding_problem(path, exc.start, line, data[exc.start : exc.end]) from None
        try:
            doc = json.loads(text)
        except json.JSONDecodeError as exc:
            raise _problem(
                path,
                IssueCode.MALFORMED_FILE,
                f"JSON sai cú pháp ở dòng {exc.lineno}, cột {exc.colno}: {exc.msg}",
            ) from None
        records = doc
        if isinstance(doc, dict):
            lists = [doc[k] for k in ("records", "data", "items") if isinstance(doc.get(k), list)]
            records = lists[0] if lists else None
        if not isinstance(records, list):
            raise _problem(
                path,
                IssueCode.MALFORMED_FILE,
                'JSON phải là một mảng các đối tượng, hoặc một đối tượng {"records": [...]}.',
            )
        self.records: list[Any] = records
        headers: list[str] = []
        seen: set[str] = set()
        for rec in records:
            if isinstance(rec, dict):
                for key in rec:
                    if key not in seen:
                        seen.add(key)
                        headers.append(key)
        self.headers = headers

    def chunks(self) -> Iterator[Chunk]:
        """The records in chunks; a non-object element is a malformed row."""
        for start in range(0, max(len(self.records), 1), JSON_CHUNK_ROWS):
            part = self.records[start : start + JSON_CHUNK_ROWS]
            good: list[tuple[int, dict[str, Any]]] = []
            bad: list[Malformed] = []
            for i, rec in enumerate(part, start):
                if isinstance(rec, dict):
                    good.append((i, rec))
                else:
                    bad.append(Malformed(i, _preview(rec), "Phần tử không phải một đối tượng JSON"))
            chunk = _records_to_chunk(list(self.headers), good, bad)
            chunk.done = int(self.size * min(1.0, (start + len(part)) / max(len(self.records), 1)))
            yield chunk


class JsonLinesSource(Source):
    """JSON Lines: one object per line, streamed; row = line number (from 1)."""

    format = "jsonl"
    row_kind = "line"

    def __init__(self, path: Path) -> None:
        super().__init__(path)
        self._iter = self._lines()
        self._first: list[Chunk] = []
        first = self._next_chunk([])
        if first is not None:
            self._first.append(first)
            self.headers = list(first.headers)

    def _lines(self) -> Iterator[tuple[int, int, bytes]]:
        offset = 0
        with self.path.open("rb") as f:
            for number, line in enumerate(f, 1):
                yield number, offset, line
                offset += len(line)

    def _next_chunk(self, headers: list[str]) -> Chunk | None:
        good: list[tuple[int, dict[str, Any]]] = []
        bad: list[Malformed] = []
        self.done = 0
        for number, offset, line in self._iter:
            self.done = offset + len(line)
            if number == 1 and line.startswith(codecs.BOM_UTF8):
                line = line[len(codecs.BOM_UTF8) :]
                offset += len(codecs.BOM_UTF8)
            try:
                text = line.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise _encoding_problem(self.path, offset + exc.start, number, line[exc.start : exc.end]) from None
            if not text.strip():
                continue
            try:
                rec = json.loads(text)
            except json.JSONDecodeError as exc:
                bad.append(Malformed(number, text.strip()[:200], f"Dòng không phải JSON hợp lệ: {exc.msg}"))
                continue
            if isinstance(rec, dict):
                good.append((number, rec))
            else:
                bad.append(Malformed(number, _preview(rec), "Dòng không phải một đối tượng JSON"))
            if len(good) + len(bad) >= JSON_CHUNK_ROWS:
                break
        if not good and not bad:
            return None
        chunk = _records_to_chunk(headers, good, bad)
        chunk.done = self.done
        return chunk

    def chunks(self) -> Iterator[Chunk]:
        """The records in chunks (the first one was read to learn the header)."""
        headers = list(self.headers)
        yield from self._first
        self._first = []
        while True:
            chunk = self._next_chunk(headers)
            if chunk is None:
                break
            yield chunk

    def close(self) -> None:
        """Stop reading (closes the file)."""
        close = getattr(self._iter, "close", None)
        if close is not None:
            close()


def _looks_like_json_lines(path: Path) -> bool:
    """A file starting with an object on its own first line, followed by more lines, is JSON Lines."""
    with path.open("rb") as f:
        first = f.readline()
    if first.startswith(codecs.BOM_UTF8):
        first = first[len(codecs.BOM_UTF8) :]
    try:
        value = json.loads(first.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return False
    if not isinstance(value, dict):
        return False
    # A one-line document {"records": [...]} is JSON, not JSON Lines.
    return not any(isinstance(value.get(k), list) for k in ("records", "data", "items"))


# -- XLSX -------------------------------------------------------------------------------------------------------


class XlsxSource(Source):
    """The first sheet of an XLSX workbook, read-only; the first non-empty row is the header."""

    format = "xlsx"
    progress_unit = "rows"

    def __init__(self, path: Path) -> None:
        super().__init__(path)
        if not zipfile.is_zipfile(path):
            raise _problem(
                path,
                IssueCode.MALFORMED_FILE,
                "Không phải tệp XLSX hợp lệ (tệp hỏng, hoặc không phải định dạng Excel 2007 trở lên).",
            )
        # A zip bomb is refused before openpyxl inflates anything.
        hostile = check_xlsx_archive(path)
        if hostile is not None:
            raise _problem(path, IssueCode.MALFORMED_FILE, hostile)
        try:
            import openpyxl

            self.workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
            if not self.workbook.worksheets:
                raise ValueError("no worksheet")
            self.sheet = self.workbook.worksheets[0]
            shape = xlsx_shape_problem(path, self.sheet.max_row, self.sheet.max_column)
            if shape is not None:
                raise _problem(path, IssueCode.MALFORMED_FILE, shape)
            self._rows = self.sheet.iter_rows(min_row=1, values_only=True)
            self.header_row = 0
            for number, values in enumerate(self._rows, 1):
                if any(v is not None and str(v).strip() for v in values):
                    self.header_row = number
                    self.headers = [(cell_text(v) or "").strip() or f"(cột {i + 1})" for i, v in enumerate(values)]
                    while self.headers and self.headers[-1].startswith("(cột "):
                        self.headers.pop()  # trailing empty cells of a formatted row
                    break
        except FileProblem:
            raise
        except Exception as exc:
            raise _problem(path, IssueCode.MALFORMED_FILE, f"Tệp XLSX bị hỏng, không đọc được: {exc}") from None
        if not self.headers:
            raise _problem(path, IssueCode.MALFORMED_FILE, "Trang tính đầu tiên rỗng: không có dòng tiêu đề.")

    @property
    def progress_total(self) -> int | None:
        """Rows of the sheet, as its dimension says."""
        max_row = self.sheet.max_row
        return int(max_row) if max_row else None

    def chunks(self) -> Iterator[Chunk]:
        """The rows after the header, skipping empty ones; row numbers are the sheet's."""
        width = len(self.headers)
        columns: list[list[str | None]] = [[] for _ in range(width)]
        rows: list[int] = []
        number = self.header_row
        try:
            for number, values in enumerate(self._rows, self.header_row + 1):
                if number > XLSX_MAX_ROWS:  # the declared dimension may be missing or lie
                    raise _problem(
                        self.path, IssueCode.MALFORMED_FILE, xlsx_shape_problem(self.path, number, None) or ""
                    )
                cells = [cell_text(v) for v in values[:width]]
                if not any(c is not None and c.strip() for c in cells):
                    continue
                cells.extend([None] * (width - len(cells)))
                for col, cell in zip(columns, cells, strict=True):
                    col.append(cell)
                rows.append(number)
                if len(rows) >= XLSX_CHUNK_ROWS:
                    yield Chunk(self.headers, _table(self.headers, columns), np.array(rows, np.int64), [], number)
                    columns = [[] for _ in range(width)]
                    rows = []
        except FileProblem:
            raise
        except Exception as exc:
            raise _problem(
                self.path, IssueCode.MALFORMED_FILE, f"Tệp XLSX bị hỏng ở khoảng dòng {number}: {exc}"
            ) from None
        yield Chunk(self.headers, _table(self.headers, columns), np.array(rows, np.int64), [], number)

    def close(self) -> None:
        """Close the workbook (read-only mode keeps the file open)."""
        self.workbook.close()


# -- entry point ------------------------------------------------------------------------------------------------


def detect_format(path: Path) -> str:
    """The file's format from its extension, else from its first bytes."""
    suffix = path.suffix.lower()
    if suffix == ".xls":
        raise _problem(
            path,
            IssueCode.MALFORMED_FILE,
            "Định dạng Excel cũ (.xls) không được hỗ trợ; hãy lưu lại thành .xlsx hoặc CSV UTF-8.",
        )
    if suffix in _EXTENSIONS:
        fmt = _EXTENSIONS[suffix]
        if fmt == "json" and _looks_like_json_lines(path):
            return "jsonl"
        return fmt
    with path.open("rb") as f:
        head = f.read(8)
    if head.startswith(b"PK"):
        return "xlsx"
    stripped = head.lstrip(codecs.BOM_UTF8).lstrip()
    if stripped.startswith((b"[", b"{")):
        return "jsonl" if _looks_like_json_lines(path) else "json"
    return "csv"


def open_source(path: str | Path, fmt: str | None = None) -> Source:
    """Open ``path`` for reading (format from ``fmt`` or detected); raises :class:`FileProblem`."""
    p = Path(path)
    if not p.exists():
        raise _problem(p, IssueCode.MALFORMED_FILE, f"Không tìm thấy tệp {p}.")
    if p.is_dir():
        raise _problem(p, IssueCode.MALFORMED_FILE, f"{p} là thư mục, không phải tệp.")
    kind = fmt or detect_format(p)
    cls: dict[str, type[Source]] = {
        "csv": CsvSource,
        "json": JsonSource,
        "jsonl": JsonLinesSource,
        "xlsx": XlsxSource,
    }
    return cls[kind](p)
