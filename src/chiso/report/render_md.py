"""Lay out a :class:`~chiso.report.document.Document` as Markdown (for e-mail, chat, wikis, or a quick look).

Same words and tables as the .docx; the chart is written next to the file as a PNG and linked.
"""

from __future__ import annotations

from pathlib import Path

from chiso.report.document import Block, Document, Figure, Paragraph, Table


def _escape(text: str) -> str:
    return text.replace("|", "\\|")


def _inline(p: Paragraph) -> str:
    out = []
    for r in p.runs:
        text = r.text
        if not text.strip():
            out.append(text)
            continue
        lead = text[: len(text) - len(text.lstrip())]
        trail = text[len(text.rstrip()) :]
        core = text.strip()
        if r.bold and r.italic:
            core = f"***{core}***"
        elif r.bold:
            core = f"**{core}**"
        elif r.italic:
            core = f"*{core}*"
        out.append(f"{lead}{core}{trail}")
    return "".join(out)


def _table(t: Table) -> str:
    sep = {"left": ":---", "center": ":---:", "right": "---:"}
    lines = []
    if t.caption:
        lines.append(f"*{t.caption}*\n")
    lines.append("| " + " | ".join(_escape(h) for h in t.header) + " |")
    lines.append("| " + " | ".join(sep.get(a, "---") for a in t.align) + " |")
    for i, row in enumerate(t.rows):
        cells = [_escape(c) for c in row]
        if i in t.bold_rows:
            cells = [f"**{c}**" if c else c for c in cells]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def _blocks(blocks: list[Block], image_name: str | None) -> list[str]:
    out: list[str] = []
    for b in blocks:
        if isinstance(b, Paragraph):
            if b.kind == "heading":
                out.append(f"## {b.text}")
            elif b.kind == "center":
                out.append(f"**{b.text}**")
            elif b.kind == "note":
                out.append(f"*{b.text}*")
            else:
                out.append(_inline(b))
        elif isinstance(b, Table):
            out.append(_table(b))
        elif isinstance(b, Figure):
            if image_name:
                out.append(f"![{b.caption}]({image_name})")
            out.append(f"*{b.caption}*")
    return out


def render_markdown(document: Document, path: str | Path | None = None) -> str:
    """The report as Markdown; with ``path``, also write it there and its chart next to it (``<stem>.png``)."""
    image_name = None
    if path is not None:
        p = Path(path)
        figures = [b for b in document.blocks if isinstance(b, Figure)]
        if figures:
            image = p.with_suffix(".png")
            image.write_bytes(figures[0].png)
            image_name = image.name
    h = document.header
    left = "<br>".join([*([h.issuing_parent] if h.issuing_parent else []), *(f"**{x}**" for x in h.issuing_body)])
    right = f"**{h.national_title}**<br>**{h.motto}**"
    parts = [
        f"| {left} | {right} |",
        "| :---: | :---: |",
        f"| {h.number_line} | *{h.place_date}* |",
        "",
        f"# {document.title}",
        "",
        f"**{document.subject}**",
        "",
    ]
    parts += [x + "\n" for x in _blocks(document.blocks, image_name)]
    c = document.closing
    parts.append("***Nơi nhận:***\n")
    parts += [f"- {line}" for line in c.recipients]
    parts.append("")
    parts += [f"**{line}**<br>" for line in c.signature_title]
    parts.append("")
    if c.signer_name:
        parts.append(f"**{c.signer_name}**\n")
    for annex in document.annexes:
        parts += ["---", "", f"## {annex.label}: {annex.title}", "", f"*{annex.subtitle}*", ""]
        parts += [x + "\n" for x in _blocks(annex.blocks, None)]
    text = "\n".join(parts).rstrip() + "\n"
    if path is not None:
        Path(path).write_text(text, encoding="utf-8")
    return text
