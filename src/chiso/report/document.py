"""The report as a small document model: what it says, independent of the file format.

:mod:`chiso.report.content` fills it from the data; :mod:`chiso.report.render_docx` and
:mod:`chiso.report.render_md` lay it out. Keeping the words in one place is what makes the .docx, the PDF and the
Markdown say exactly the same thing.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Run:
    """A piece of text with its emphasis."""

    text: str
    bold: bool = False
    italic: bool = False


@dataclass(frozen=True)
class Paragraph:
    """A paragraph. ``kind``: body (justified, first-line indent) | heading (bold section title) | item (a numbered
    or dashed line of a list, justified) | note (italic, smaller) | center (centred, e.g. an annex title)."""

    runs: tuple[Run, ...]
    kind: str = "body"

    @property
    def text(self) -> str:
        """The paragraph's plain text."""
        return "".join(r.text for r in self.runs)


@dataclass(frozen=True)
class Table:
    """A bordered table. ``widths`` are relative; ``align`` per column: left | center | right;
    ``bold_rows`` are indexes into ``rows`` (e.g. the total)."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...]
    align: tuple[str, ...]
    caption: str = ""
    bold_rows: frozenset[int] = frozenset()
    font_pt: float = 12


@dataclass(frozen=True)
class Figure:
    """A PNG image with its caption below."""

    png: bytes
    width_cm: float
    caption: str


Block = Paragraph | Table | Figure


@dataclass(frozen=True)
class Header:
    """The header table of Nghị định 30/2020/NĐ-CP: issuing body and number on the left; national title, motto and
    place/date on the right."""

    issuing_parent: str
    issuing_body: tuple[str, ...]
    number_line: str
    national_title: str
    motto: str
    place_date: str


@dataclass(frozen=True)
class Closing:
    """The "Nơi nhận" block (left) and the signature block (right)."""

    recipients: tuple[str, ...]
    signature_title: tuple[str, ...]
    signer_name: str


@dataclass
class Annex:
    """An appendix: starts on a new page (landscape when its tables are wide)."""

    label: str  # "Phụ lục I"
    title: str
    subtitle: str
    blocks: list[Block] = field(default_factory=list)
    landscape: bool = False


@dataclass
class Document:
    """A whole report."""

    header: Header
    title: str
    subject: str
    blocks: list[Block]
    closing: Closing
    annexes: list[Annex] = field(default_factory=list)
    metadata: dict[str, str] = field(default_factory=dict)


def para(text: str, kind: str = "body", *, bold: bool = False, italic: bool = False) -> Paragraph:
    """A paragraph of one run."""
    return Paragraph((Run(text, bold=bold, italic=italic),), kind)
