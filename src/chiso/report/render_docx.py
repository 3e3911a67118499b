"""Lay out a :class:`~chiso.report.document.Document` as a .docx in the format of Nghị định 30/2020/NĐ-CP.

Phụ lục I of the decree fixes what an administrative document looks like: A4, Times New Roman (13–14 pt for the
body), margins top/bottom 20–25 mm, left 30–35 mm, right 15–20 mm; a header table with the issuing body (bold
capitals, a short rule under it) and "Số: …" on the left, the national title, the motto (with a rule of its length)
and the italic place and date on the right; the title in bold capitals; page numbers centred at the top from the
second page; "Nơi nhận" and the signature block at the end. Where Times New Roman is not installed (Linux),
LibreOffice substitutes the metric-compatible Liberation Serif, so lines and pages break at the same places.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape as xml_escape

import docx
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt

from chiso.report.document import Annex, Block, Document, Figure, Header, Paragraph, Table

FONT = "Times New Roman"
BODY_PT = 14
HEADER_PT = 13
PAGE_WIDTH_CM = 21.0
PAGE_HEIGHT_CM = 29.7
MARGINS_CM = {"top": 2.0, "bottom": 2.0, "left": 3.0, "right": 1.5}
TEXT_WIDTH_CM = PAGE_WIDTH_CM - MARGINS_CM["left"] - MARGINS_CM["right"]  # 16.5
HEADER_COLUMNS_CM = (6.4, TEXT_WIDTH_CM - 6.4)
TWIPS_PER_CM = 566.93
CELL_MARGIN_CM = 0.19  # LibreOffice's and Word's default left/right cell margin
FIRST_LINE_INDENT_CM = 1.27

STYLE_BODY = "Chiso Body"
STYLE_ITEM = "Chiso Item"
STYLE_HEADING = "Chiso Heading"
STYLE_NOTE = "Chiso Note"
STYLE_CAPTION = "Chiso Caption"
STYLE_CELL = "Chiso Table Text"
STYLE_CELL_SMALL = "Chiso Table Small"
STYLE_CENTER = "Chiso Center"

ALIGN = {
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
    "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
}


def _set_font_names(element: Any, name: str) -> None:
    """Set the font for every script (Vietnamese letters with diacritics fall in several Unicode ranges)."""
    rpr = element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), name)


def _setup_styles(doc: Any) -> dict[str, Any]:
    """Define the report's styles; returns them by name (python-docx looks names up by scanning every style, so
    callers pass the objects)."""
    styles = doc.styles
    normal = styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(BODY_PT)
    _set_font_names(normal.element, FONT)
    pf = normal.paragraph_format
    pf.space_before = Pt(0)
    pf.space_after = Pt(0)
    pf.line_spacing = 1.0
    # Word's and LibreOffice's other default styles (table text, headers) inherit from Normal.

    def add(
        name: str,
        *,
        size: float = BODY_PT,
        bold: bool = False,
        italic: bool = False,
        align: str = "justify",
        indent: bool = False,
        before: float = 6,
        line: float = 1.1,
    ) -> None:
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = normal
        style.font.size = Pt(size)
        style.font.bold = bold
        style.font.italic = italic
        p = style.paragraph_format
        p.alignment = ALIGN[align]
        p.first_line_indent = Cm(FIRST_LINE_INDENT_CM) if indent else Cm(0)
        p.space_before = Pt(before)
        p.space_after = Pt(0)
        p.line_spacing = line
        p.widow_control = True

    add(STYLE_BODY, indent=True)
    add(STYLE_ITEM, indent=True, before=3)
    add(STYLE_HEADING, bold=True, indent=True)
    add(STYLE_NOTE, size=12, italic=True, align="left", before=3)
    add(STYLE_CAPTION, size=12, italic=True, align="center", before=3)
    add(STYLE_CELL, size=12, align="center", before=1, line=1.0)
    add(STYLE_CELL_SMALL, size=10, align="center", before=1, line=1.0)
    add(STYLE_CENTER, bold=True, align="center", before=0, line=1.0)
    names = (
        STYLE_BODY,
        STYLE_ITEM,
        STYLE_HEADING,
        STYLE_NOTE,
        STYLE_CAPTION,
        STYLE_CELL,
        STYLE_CELL_SMALL,
        STYLE_CENTER,
    )
    out = {name: styles[name] for name in names}
    out["Table Grid"] = styles["Table Grid"]
    return out


def _add(container: Any, style: Any, text: str | None = None) -> Any:
    """Add a paragraph in ``style``. Sets the style id directly: python-docx's ``style=`` scans every style of
    the document to rule out the default one, which dominates the time of a long report."""
    p = container.add_paragraph(text) if text else container.add_paragraph()
    p._p.style = style.style_id
    return p


def _page_setup(section: Any, *, landscape: bool = False) -> None:
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Cm(PAGE_HEIGHT_CM), Cm(PAGE_WIDTH_CM)
    else:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Cm(PAGE_WIDTH_CM), Cm(PAGE_HEIGHT_CM)
    section.top_margin = Cm(MARGINS_CM["top"])
    section.bottom_margin = Cm(MARGINS_CM["bottom"])
    section.left_margin = Cm(MARGINS_CM["left"])
    section.right_margin = Cm(MARGINS_CM["right"])
    section.header_distance = Cm(1.0)
    section.footer_distance = Cm(1.0)


def _page_number_header(section: Any) -> None:
    """The page number, centred in the top margin, shown from page 2 (Nghị định 30/2020/NĐ-CP): a PAGE field,
    one run per field part as Word writes it."""
    section.different_first_page_header_footer = True
    p = section.header.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER

    def run_with(element: Any) -> None:
        run = p.add_run()
        run.font.size = Pt(HEADER_PT)
        run._r.append(element)

    for kind in ("begin", "instr", "separate", "text", "end"):
        if kind == "instr":
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = " PAGE "
        elif kind == "text":
            el = OxmlElement("w:t")
            el.text = "2"
        else:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        run_with(el)


def _border(paragraph: Any, side: str, size_eighths: int = 6) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    bdr = OxmlElement("w:pBdr")
    edge = OxmlElement(f"w:{side}")
    edge.set(qn("w:val"), "single")
    edge.set(qn("w:sz"), str(size_eighths))
    edge.set(qn("w:space"), "0")
    edge.set(qn("w:color"), "000000")
    bdr.append(edge)
    ppr.append(bdr)


def _rule(container: Any, width_cm: float, box_cm: float) -> Any:
    """A centred horizontal rule ``width_cm`` long (the decree's solid rules under the issuing body, the motto and
    the subject line): an empty paragraph of exactly 5 pt with a bottom border, indented so that the border has
    that length inside a box ``box_cm`` wide. The fixed height keeps the rule clear of the text above it."""
    p = container.add_paragraph()
    side = max(0.0, (box_cm - width_cm) / 2)
    pf = p.paragraph_format
    pf.left_indent = Cm(side)
    pf.right_indent = Cm(side)
    pf.first_line_indent = Cm(0)
    pf.space_before = Pt(0)
    pf.space_after = Pt(0)
    pf.line_spacing = Pt(5)
    _border(p, "bottom")
    return p


def _line(
    container: Any,
    text: str,
    *,
    size: float,
    bold: bool = False,
    italic: bool = False,
    align: str = "center",
    before: float = 0,
    paragraph: Any = None,
) -> Any:
    p = paragraph if paragraph is not None else container.add_paragraph()
    p.alignment = ALIGN[align]
    p.paragraph_format.space_before = Pt(before)
    p.paragraph_format.space_after = Pt(0)
    p.paragraph_format.first_line_indent = Cm(0)
    run = p.add_run(text)
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.italic = italic
    return p


def _no_borders(table: Any) -> None:
    tblpr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    tblpr.append(borders)


def _fixed_widths(table: Any, widths_cm: Iterable[float]) -> None:
    """Fixed column widths that Word (cell widths) and LibreOffice (grid columns) both honour."""
    table.autofit = False
    widths = list(widths_cm)
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    table._tbl.tblPr.append(layout)
    for col, w in zip(table.columns, widths, strict=True):
        col.width = Cm(w)
    for row in table.rows:
        for cell, w in zip(row.cells, widths, strict=True):
            cell.width = Cm(w)


def _header(doc: Any, h: Header) -> None:
    left_w, right_w = HEADER_COLUMNS_CM
    table = doc.add_table(rows=2, cols=2)
    _no_borders(table)
    _fixed_widths(table, HEADER_COLUMNS_CM)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    left, right = table.cell(0, 0), table.cell(0, 1)
    first = left.paragraphs[0]
    if h.issuing_parent:
        _line(left, h.issuing_parent, size=HEADER_PT, paragraph=first)
        first = None
    for text in h.issuing_body:
        _line(left, text, size=HEADER_PT, bold=True, paragraph=first)
        first = None
    _rule(left, 2.2, left_w - 2 * CELL_MARGIN_CM)
    _line(right, h.national_title, size=HEADER_PT, bold=True, paragraph=right.paragraphs[0])
    _line(right, h.motto, size=BODY_PT, bold=True)
    _rule(right, 6.0, right_w - 2 * CELL_MARGIN_CM)
    _line(table.cell(1, 0), h.number_line, size=HEADER_PT, paragraph=table.cell(1, 0).paragraphs[0], before=2)
    _line(table.cell(1, 1), h.place_date, size=BODY_PT, italic=True, paragraph=table.cell(1, 1).paragraphs[0], before=2)
    for row in table.rows:
        for cell in row.cells:
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.TOP


def _paragraph(container: Any, block: Paragraph, styles: dict[str, Any]) -> None:
    name = {
        "body": STYLE_BODY,
        "item": STYLE_ITEM,
        "heading": STYLE_HEADING,
        "note": STYLE_NOTE,
        "center": STYLE_CENTER,
    }[block.kind]
    p = _add(container, styles[name])
    for r in block.runs:
        run = p.add_run(r.text)
        if r.bold:
            run.bold = True
        if r.italic:
            run.italic = True


def _table(doc: Any, block: Table, width_cm: float, styles: dict[str, Any]) -> None:
    """A bordered table with fixed column widths and a repeating header row.

    Written as one XML fragment and parsed once: python-docx's cell-by-cell API costs about a millisecond per cell,
    which made the annexes the slowest part of a batch of reports."""
    if block.caption:
        _add(doc, styles[STYLE_CAPTION], block.caption).paragraph_format.keep_with_next = True
    total = sum(block.widths)
    twips = [round(width_cm * w / total * TWIPS_PER_CM) for w in block.widths]
    cell_style = styles[STYLE_CELL if block.font_pt >= 12 else STYLE_CELL_SMALL].style_id
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in twips)
    parts = [
        f'<w:tbl {nsdecls("w")}><w:tblPr><w:tblStyle w:val="{styles["Table Grid"].style_id}"/>'
        '<w:tblW w:w="0" w:type="auto"/><w:jc w:val="center"/><w:tblLayout w:type="fixed"/>'
        '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" w:lastColumn="0" w:noHBand="0" '
        f'w:noVBand="1"/></w:tblPr><w:tblGrid>{grid}</w:tblGrid>',
        _row_xml(block.header, twips, ["center"] * len(twips), cell_style, bold=True, header=True),
    ]
    for i, row in enumerate(block.rows):
        parts.append(_row_xml(row, twips, block.align, cell_style, bold=i in block.bold_rows, header=False))
    parts.append("</w:tbl>")
    doc.element.body.sectPr.addprevious(parse_xml("".join(parts)))


def _row_xml(
    cells: Sequence[str], twips: Sequence[int], align: Sequence[str], style_id: str, *, bold: bool, header: bool
) -> str:
    run_pr = "<w:rPr><w:b/><w:bCs/></w:rPr>" if bold else ""
    out = ["<w:tr>", "<w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>" if header else "<w:trPr><w:cantSplit/></w:trPr>"]
    for text, width, a in zip(cells, twips, align, strict=True):
        jc = "" if a == "center" else f'<w:jc w:val="{"left" if a == "left" else "right"}"/>'
        out.append(
            f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/><w:vAlign w:val="center"/></w:tcPr>'
            f'<w:p><w:pPr><w:pStyle w:val="{style_id}"/>{jc}</w:pPr>'
            f'<w:r>{run_pr}<w:t xml:space="preserve">{xml_escape(text)}</w:t></w:r></w:p></w:tc>'
        )
    out.append("</w:tr>")
    return "".join(out)


def _figure(doc: Any, block: Figure, styles: dict[str, Any]) -> None:
    p = _add(doc, styles[STYLE_CAPTION])
    p.paragraph_format.space_before = Pt(6)
    p.paragraph_format.keep_with_next = True
    p.add_run().add_picture(io.BytesIO(block.png), width=Cm(block.width_cm))
    _add(doc, styles[STYLE_CAPTION], block.caption)


def _blocks(doc: Any, blocks: Iterable[Block], width_cm: float, styles: dict[str, Any]) -> None:
    for block in blocks:
        if isinstance(block, Paragraph):
            _paragraph(doc, block, styles)
        elif isinstance(block, Table):
            _table(doc, block, width_cm, styles)
        else:
            _figure(doc, block, styles)


def _closing(doc: Any, document: Document) -> None:
    c = document.closing
    table = doc.add_table(rows=1, cols=2)
    _no_borders(table)
    _fixed_widths(table, (8.5, TEXT_WIDTH_CM - 8.5))
    left, right = table.cell(0, 0), table.cell(0, 1)
    p = left.paragraphs[0]
    p.paragraph_format.space_before = Pt(12)
    run = p.add_run("Nơi nhận:")
    run.bold = True
    run.italic = True
    run.font.size = Pt(12)
    for line in c.recipients:
        _line(left, f"- {line}", size=11, align="left")
    first = right.paragraphs[0]
    first.paragraph_format.space_before = Pt(12)
    for text in c.signature_title:
        _line(right, text, size=BODY_PT, bold=True, paragraph=first)
        first = None
    # Room for the signature and the seal.
    for _ in range(4):
        _line(right, "", size=BODY_PT)
    _line(right, c.signer_name, size=BODY_PT, bold=True)


def _annex(doc: Any, annex: Annex, styles: dict[str, Any]) -> None:
    section = doc.add_section(WD_SECTION.NEW_PAGE)
    _page_setup(section, landscape=annex.landscape)
    section.different_first_page_header_footer = False
    width = (PAGE_HEIGHT_CM if annex.landscape else PAGE_WIDTH_CM) - MARGINS_CM["left"] - MARGINS_CM["right"]
    first = _add(doc, styles[STYLE_CENTER], annex.label)
    first.paragraph_format.space_before = Pt(0)
    _add(doc, styles[STYLE_CENTER], annex.title)
    sub = _add(doc, styles[STYLE_CAPTION], annex.subtitle)
    sub.paragraph_format.space_before = Pt(0)
    _rule(doc, 4.0, width)
    _blocks(doc, annex.blocks, width, styles)


def build_docx(document: Document) -> Any:
    """The python-docx ``Document`` of a report."""
    doc = docx.Document()
    styles = _setup_styles(doc)
    section = doc.sections[0]
    _page_setup(section)
    _page_number_header(section)
    props = doc.core_properties
    props.title = document.metadata.get("title", document.title)
    props.subject = document.metadata.get("subject", "")
    props.keywords = document.metadata.get("keywords", "")
    props.author = document.metadata.get("author", "")
    props.comments = "Tạo bởi chiso"

    _header(doc, document.header)
    title = _add(doc, styles[STYLE_CENTER], document.title)
    title.paragraph_format.space_before = Pt(18)
    subject = _add(doc, styles[STYLE_CENTER], document.subject)
    subject.paragraph_format.space_before = Pt(0)
    _rule(doc, 4.5, TEXT_WIDTH_CM)
    _blocks(doc, document.blocks, TEXT_WIDTH_CM, styles)
    _closing(doc, document)
    for annex in document.annexes:
        _annex(doc, annex, styles)
    return doc


def render_docx(document: Document, path: str | Path | None = None) -> bytes:
    """Write the report as .docx to ``path`` (when given) and return its bytes."""
    buf = io.BytesIO()
    build_docx(document).save(buf)
    data = buf.getvalue()
    if path is not None:
        Path(path).write_bytes(data)
    return data
