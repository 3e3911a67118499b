"""Small charts drawn as inline SVG on the server: no JavaScript library, nothing to download, crisp at any size
and readable by screen readers through their titles."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from chiso.methodology import Band
from chiso.web.format import number

BAND_COLORS = {
    "xuat_sac": "#1b7a3e",
    "tot": "#4f9a3a",
    "kha": "#c9a227",
    "trung_binh": "#e07b24",
    "yeu": "#c0392b",
}


@dataclass(frozen=True)
class TrendValue:
    """One period on the trend chart."""

    label: str  # short: "T10/2026"
    title: str  # long: "tháng 10 năm 2026"
    total: float


def band_of(total: float, bands: Sequence[Band]) -> Band | None:
    """The band a total falls in."""
    top = max(bands, key=lambda b: b.max) if bands else None
    for b in bands:
        if b.min <= total < b.max or (b is top and total == b.max):
            return b
    return None


def trend_svg(values: Sequence[TrendValue], bands: Sequence[Band], *, width: int = 560, height: int = 220) -> str:
    """Total score per period as a line over the classification bands (0–100)."""
    left, right, top, bottom = 34, 34, 18, 30
    w, h = width - left - right, height - top - bottom

    def y(v: float) -> float:
        return top + h * (1 - v / 100)

    parts = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" aria-label="Diễn biến tổng điểm">',
    ]
    for b in sorted(bands, key=lambda b: b.min):
        color = BAND_COLORS.get(b.code, "#999")
        parts.append(
            f'<rect x="{left}" y="{y(b.max):.1f}" width="{w}" height="{y(b.min) - y(b.max):.1f}" '
            f'fill="{color}" opacity="0.07"><title>{escape(b.name)}: {number(b.min)}–{number(b.max)}</title></rect>'
        )
    for tick in (0, 20, 40, 60, 80, 100):
        parts.append(
            f'<line x1="{left}" x2="{left + w}" y1="{y(tick):.1f}" y2="{y(tick):.1f}" class="grid"/>'
            f'<text x="{left - 6}" y="{y(tick) + 4:.1f}" class="axis" text-anchor="end">{tick}</text>'
        )
    if values:
        step = w / max(len(values) - 1, 1) if len(values) > 1 else 0
        xs = [left + (i * step if len(values) > 1 else w / 2) for i in range(len(values))]
        path = " ".join(
            f"{'M' if i == 0 else 'L'}{x:.1f},{y(v.total):.1f}" for i, (x, v) in enumerate(zip(xs, values, strict=True))
        )
        parts.append(f'<path d="{path}" class="line"/>')
        for x, v in zip(xs, values, strict=True):
            band = band_of(v.total, bands)
            color = BAND_COLORS.get(band.code if band else "", "#1f4e79")
            parts.append(
                f'<circle cx="{x:.1f}" cy="{y(v.total):.1f}" r="4.5" fill="{color}" class="dot">'
                f"<title>{escape(v.title)}: {number(v.total)} điểm</title></circle>"
                f'<text x="{x:.1f}" y="{y(v.total) - 9:.1f}" class="val" text-anchor="middle">{number(v.total, 1)}'
                f"</text>"
                f'<text x="{x:.1f}" y="{height - 10}" class="axis" text-anchor="middle">{escape(v.label)}</text>'
            )
    parts.append("</svg>")
    return "".join(parts)


def histogram_svg(totals: Sequence[float], bands: Sequence[Band], *, width: int = 420, height: int = 160) -> str:
    """How many units fall in each 10-point bin of the total, coloured by band."""
    left, right, top, bottom = 30, 8, 14, 30
    w, h = width - left - right, height - top - bottom
    counts = [0] * 10
    for t in totals:
        counts[min(int(t // 10), 9)] += 1
    peak = max(counts) or 1
    bar = w / 10
    parts = [f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" aria-label="Phân bố tổng điểm">']
    for i, n in enumerate(counts):
        bh = h * n / peak
        x = left + i * bar
        band = band_of(i * 10 + 5, bands)
        color = BAND_COLORS.get(band.code if band else "", "#1f4e79")
        parts.append(
            f'<rect x="{x + 2:.1f}" y="{top + h - bh:.1f}" width="{bar - 4:.1f}" height="{bh:.1f}" fill="{color}">'
            f"<title>{i * 10}–{i * 10 + 10} điểm: {n} đơn vị</title></rect>"
        )
        if n:
            parts.append(
                f'<text x="{x + bar / 2:.1f}" y="{top + h - bh - 4:.1f}" class="val" text-anchor="middle">{n}</text>'
            )
        parts.append(f'<text x="{x + bar / 2:.1f}" y="{height - 12}" class="axis" text-anchor="middle">{i * 10}</text>')
    parts.append(f'<line x1="{left}" x2="{left + w}" y1="{top + h}" y2="{top + h}" class="grid"/>')
    parts.append("</svg>")
    return "".join(parts)
