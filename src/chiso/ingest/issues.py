"""Problems found in an input file, as values: which file, row, column, value, and why (in Vietnamese).

Every problem has a stable code (:class:`IssueCode`) that scripts can rely on; the message is for people. Row
numbers are the ones the user sees: in CSV and XLSX the header is row 1, so the first record is row 2; in JSON
Lines the line number; in a JSON array the record's index (from 0).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from chiso.errors import ChisoError
from chiso.timeutil import format_number_vi


class IssueCode(StrEnum):
    """Stable codes of input problems (documented in docs/import-format.md)."""

    MALFORMED_FILE = "MALFORMED_FILE"  # not readable as the declared format (corrupt XLSX, bad JSON, …)
    MALFORMED_ENCODING = "MALFORMED_ENCODING"  # not valid UTF-8
    MALFORMED_ROW = "MALFORMED_ROW"  # one record unreadable: wrong number of fields, not a JSON object
    UNKNOWN_ENTITY = "UNKNOWN_ENTITY"  # the columns match no kind of record
    AMBIGUOUS_ENTITY = "AMBIGUOUS_ENTITY"  # the columns match several kinds equally well
    DUPLICATE_COLUMN = "DUPLICATE_COLUMN"  # two columns of the file name the same field
    MISSING_COLUMN = "MISSING_COLUMN"  # a required column is absent
    MISSING_VALUE = "MISSING_VALUE"  # a required cell is empty
    INVALID_VALUE = "INVALID_VALUE"  # wrong type or unparseable (date, number, yes/no, …)
    NOT_IN_VOCABULARY = "NOT_IN_VOCABULARY"  # a coded value outside its list (channel, level, …)
    UNKNOWN_UNIT = "UNKNOWN_UNIT"  # unit code not in the store (nor, for units, in the file)
    UNKNOWN_PROCEDURE = "UNKNOWN_PROCEDURE"  # TTHC (authority = the unit's province/ministry, code) not in the store
    UNKNOWN_DOSSIER = "UNKNOWN_DOSSIER"  # dossier code not in the store (events, payments)
    DUE_BEFORE_RECEIVED = "DUE_BEFORE_RECEIVED"  # due date / deadline earlier than the reception
    DUPLICATE_KEY = "DUPLICATE_KEY"  # the same natural key twice in one file
    STORE_REJECTED = "STORE_REJECTED"  # the store refused the write (e.g. a cycle in the unit tree)


ISSUE_TITLES: dict[IssueCode, str] = {
    IssueCode.MALFORMED_FILE: "Tệp hỏng hoặc sai định dạng",
    IssueCode.MALFORMED_ENCODING: "Tệp không phải mã hóa UTF-8",
    IssueCode.MALFORMED_ROW: "Dòng không đọc được",
    IssueCode.UNKNOWN_ENTITY: "Không nhận ra loại dữ liệu",
    IssueCode.AMBIGUOUS_ENTITY: "Không xác định được loại dữ liệu",
    IssueCode.DUPLICATE_COLUMN: "Cột trùng nhau",
    IssueCode.MISSING_COLUMN: "Thiếu cột bắt buộc",
    IssueCode.MISSING_VALUE: "Thiếu giá trị bắt buộc",
    IssueCode.INVALID_VALUE: "Giá trị sai kiểu",
    IssueCode.NOT_IN_VOCABULARY: "Giá trị ngoài danh mục",
    IssueCode.UNKNOWN_UNIT: "Đơn vị không tồn tại",
    IssueCode.UNKNOWN_PROCEDURE: "TTHC không có trong danh mục",
    IssueCode.UNKNOWN_DOSSIER: "Hồ sơ không tồn tại",
    IssueCode.DUE_BEFORE_RECEIVED: "Hạn trước ngày tiếp nhận",
    IssueCode.DUPLICATE_KEY: "Trùng khóa trong tệp",
    IssueCode.STORE_REJECTED: "Kho dữ liệu từ chối ghi",
}

# How a row number is shown: CSV/XLSX rows and JSON Lines lines count from 1; a JSON array's index from 0.
ROW_KINDS = ("row", "line", "index")


@dataclass(frozen=True, slots=True)
class Issue:
    """One problem: ``row``/``column``/``value`` are ``None`` when the problem concerns the whole file."""

    file: str
    code: IssueCode
    reason: str
    row: int | None = None
    column: str | None = None
    value: str | None = None
    row_kind: str = "row"

    @property
    def file_level(self) -> bool:
        """True when the problem concerns the whole file (no row): nothing of the file can be imported."""
        return self.row is None

    def where(self) -> str:
        """The location in Vietnamese: ``dòng 5``, ``phần tử [3]`` or an empty string for the whole file."""
        if self.row is None:
            return ""
        if self.row_kind == "index":
            return f"phần tử [{self.row}]"
        return f"dòng {self.row}"

    def describe(self) -> str:
        """One printable Vietnamese line: file, row, column, value, reason, code."""
        parts = [self.file]
        if self.row is not None:
            parts.append(self.where())
        if self.column is not None:
            parts.append(f"cột {self.column}")
        head = ", ".join(parts)
        value = f" = «{self.value}»" if self.value is not None else ""
        return f"{head}{value}: {self.reason} [{self.code.value}]"


class ValueProblem(ValueError):
    """A cell that cannot be accepted; raised by the per-value parsers (and so inside pydantic validators)."""

    def __init__(self, code: IssueCode, reason: str, field: str | None = None) -> None:
        super().__init__(reason)
        self.code = code
        self.reason = reason
        self.field = field


class FileProblem(ChisoError):
    """The whole file is unusable (encoding, format, columns): carries the :class:`Issue` to report."""

    def __init__(self, issue: Issue) -> None:
        super().__init__(issue.describe())
        self.issue = issue


def summarize(issues: Iterable[Issue]) -> dict[IssueCode, int]:
    """Number of problems per code, most frequent first."""
    counts = Counter(i.code for i in issues)
    return dict(counts.most_common())


def format_report(issues: Sequence[Issue], limit: int | None = 50) -> str:
    """A printable Vietnamese report: a count per kind of problem, then one line per problem (up to ``limit``)."""
    if not issues:
        return "Không có lỗi."
    lines = [f"Có {format_number_vi(len(issues))} lỗi:"]
    for code, n in summarize(issues).items():
        lines.append(f"  - {ISSUE_TITLES[code]} ({code.value}): {format_number_vi(n)}")
    shown = issues if limit is None else issues[:limit]
    lines.extend(f"  {issue.describe()}" for issue in shown)
    if len(shown) < len(issues):
        lines.append(f"  … và {format_number_vi(len(issues) - len(shown))} lỗi khác.")
    return "\n".join(lines)
