"""The report's chart: the six groups against their maxima, and the total over the last months.

matplotlib with the Agg backend (no display needed) and DejaVu Sans, which ships with matplotlib and has every
Vietnamese glyph. Numbers on the chart use the decimal comma, like the text.
"""

from __future__ import annotations

import functools
import io
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, cast

import matplotlib

matplotlib.use("Agg")  # no display; must be chosen before pyplot is ever imported

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter
from PIL import Image

from chiso.timeutil import format_number_vi

FONT = "DejaVu Sans"
BAR_COLOR = "#1f4e79"
MAX_COLOR = "#d9d9d9"
LINE_COLOR = "#c00000"
BAND_COLOR = "#7f7f7f"


@dataclass(frozen=True)
class GroupBar:
    """One group on the chart."""

    name: str
    points: float
    max_points: float


@dataclass(frozen=True)
class TrendPoint:
    """One period's total (``None``: no data for that period)."""

    label: str
    total: float | None


@dataclass(frozen=True)
class _Layout:
    """What does not change between the reports of a batch: group names and maxima, period labels, bands, size."""

    names: tuple[str, ...]
    maxima: tuple[float, ...]
    labels: tuple[str, ...]
    bands: tuple[tuple[float, str], ...]
    trend_title: str
    width_cm: float
    height_cm: float
    dpi: int


class _Template:
    """A chart drawn once without its data; each report restores that background and draws only its bars, values
    and trend line on it (matplotlib "blitting"). A full draw costs ~0,2 s, mostly text layout; a batch of a hundred
    reports shares one layout, so this is most of the chart's cost saved."""

    def __init__(self, layout: _Layout) -> None:
        self.layout = layout
        fig = Figure(figsize=(layout.width_cm / 2.54, layout.height_cm / 2.54), dpi=layout.dpi, facecolor="white")
        self.canvas: Any = cast(Any, FigureCanvasAgg(fig))  # its methods carry no annotations
        fig.subplots_adjust(left=0.2, right=0.985, top=0.9, bottom=0.16, wspace=0.28)
        left, right = fig.subplots(1, 2, gridspec_kw={"width_ratios": [1.25, 1]})
        self.left, self.right = left, right
        rc = {"fontfamily": FONT}

        names = list(layout.names)[::-1]
        maxima = list(layout.maxima)[::-1]
        ys = list(range(len(names)))
        left.barh(ys, maxima, color=MAX_COLOR, height=0.62)
        top = max(maxima, default=1)
        left.set_yticks(ys, names, fontsize=6.5, **rc)
        left.set_xlim(0, top * 1.32)
        left.set_ylim(-0.6, len(names) - 0.4)
        left.xaxis.set_major_formatter(FuncFormatter(lambda v, _: format_number_vi(v)))
        left.tick_params(axis="x", labelsize=6)
        left.set_title("Điểm các nhóm chỉ số", fontsize=8, fontweight="bold", **rc)

        xs = list(range(len(layout.labels)))
        for value, name in layout.bands:
            right.axhline(value, color=BAND_COLOR, linewidth=0.5, linestyle=":", zorder=1)
            right.text(-0.45, value + 1, name, fontsize=5.5, color=BAND_COLOR, ha="left", va="bottom", **rc)
        right.set_xticks(xs, list(layout.labels), fontsize=5.5, **rc)
        right.set_xlim(-0.5, len(xs) - 0.5)
        right.set_ylim(0, 105)
        right.yaxis.set_major_formatter(FuncFormatter(lambda v, _: format_number_vi(v)))
        right.tick_params(axis="y", labelsize=6)
        right.set_title(layout.trend_title, fontsize=8, fontweight="bold", **rc)
        for ax in (left, right):
            for side in ("top", "right"):
                ax.spines[side].set_visible(False)

        self.canvas.draw()
        self.background = self.canvas.copy_from_bbox(fig.bbox)
        # The data artists, kept out of full draws (animated) and drawn on the restored background per report.
        self.bars = list(left.barh(ys, [0.0] * len(ys), color=BAR_COLOR, height=0.62, animated=True))
        self.values = [
            left.text(m + top * 0.02, y, "", va="center", fontsize=6.5, animated=True, **rc)
            for y, m in zip(ys, maxima, strict=True)
        ]
        (self.line,) = right.plot(
            [], [], color=LINE_COLOR, marker="o", markersize=3.5, linewidth=1.4, zorder=3, animated=True
        )
        self.notes = [
            right.annotate(
                "", (x, 0), textcoords="offset points", xytext=(0, 5), ha="center", fontsize=6, animated=True, **rc
            )
            for x in xs
        ]

    def render(self, points: Sequence[float], totals: Sequence[float | None]) -> bytes:
        """The PNG of one report's data on the shared background."""
        self.canvas.restore_region(self.background)
        maxima = list(self.layout.maxima)[::-1]
        for rect, text, p, m in zip(self.bars, self.values, list(points)[::-1], maxima, strict=True):
            rect.set_width(p)
            self.left.draw_artist(rect)
            text.set_text(f"{format_number_vi(p)}/{format_number_vi(m)}")
            self.left.draw_artist(text)
        known = [(x, t) for x, t in enumerate(totals) if t is not None]
        if known:
            self.line.set_data([k[0] for k in known], [k[1] for k in known])
            self.right.draw_artist(self.line)
            for x, value in known:
                note = self.notes[x]
                note.xy = (x, value)
                note.set_text(format_number_vi(value, 1))
                self.right.draw_artist(note)
        rgba = np.asarray(self.canvas.buffer_rgba())
        out = io.BytesIO()
        Image.fromarray(rgba[..., :3]).save(out, format="PNG", dpi=(self.layout.dpi, self.layout.dpi))
        return out.getvalue()


_lock = threading.Lock()


@functools.lru_cache(maxsize=8)
def _template(layout: _Layout) -> _Template:
    return _Template(layout)


def score_chart(
    groups: Sequence[GroupBar],
    trend: Sequence[TrendPoint],
    *,
    bands: Sequence[tuple[float, str]] = (),
    trend_title: str = "Tổng điểm các kỳ gần nhất",
    width_cm: float = 16.0,
    height_cm: float = 6.6,
    dpi: int = 200,
) -> bytes:
    """A PNG with two panels: groups vs maxima (left), the total per period with the class boundaries (right)."""
    layout = _Layout(
        names=tuple(g.name for g in groups),
        maxima=tuple(g.max_points for g in groups),
        labels=tuple(t.label for t in trend),
        bands=tuple(bands),
        trend_title=trend_title,
        width_cm=width_cm,
        height_cm=height_cm,
        dpi=dpi,
    )
    with _lock:
        return _template(layout).render([g.points for g in groups], [t.total for t in trend])
