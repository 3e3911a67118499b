"""The pages: province overview, unit page, indicator page with its records — server-rendered Vietnamese HTML."""

from __future__ import annotations

import datetime as dt
from importlib import resources
from typing import Annotated, Any, Literal
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from markupsafe import Markup

from chiso.compute.period import Period
from chiso.explain import point_losses
from chiso.explain.records import COLUMN_LABELS_VI
from chiso.methodology import CONFIDENCE_VI, EMPTY_RULE_VI, NOT_APPLICABLE_VI
from chiso.score import UnitScore
from chiso.timeutil import VN_TZ
from chiso.web.charts import TrendValue, histogram_svg, trend_svg
from chiso.web.deps import GateDep, ViewsDep
from chiso.web.format import FILTERS, SOURCE_VI, cell
from chiso.web.routes.reports import report_formats
from chiso.web.views import Query as ViewQuery
from chiso.web.views import Views, parse_as_of, parse_period
from chiso.web.warnings import early_warnings

router = APIRouter(include_in_schema=False)
templates = Jinja2Templates(directory=str(resources.files("chiso.web") / "templates"))
templates.env.filters.update(FILTERS)
templates.env.globals["cell"] = cell

RECORDS_PER_PAGE = 25
TREND_PERIODS = 6


def period_choices(now: dt.datetime, current: Period) -> list[tuple[str, str]]:
    """The periods offered in the selector: the last 12 months, the last 4 quarters, this year and last year."""
    month = Period.containing(now.astimezone(VN_TZ).date())
    choices = [(p.key, p.label_vi.capitalize()) for p in reversed(month.trailing(12))]
    q = Period.quarter(month.start.year, (month.start.month - 1) // 3 + 1)
    choices += [(p.key, p.label_vi.capitalize()) for p in reversed(q.trailing(4))]
    year = Period.parse(str(month.start.year))
    choices += [(year.key, year.label_vi.capitalize()), (year.previous().key, year.previous().label_vi.capitalize())]
    if current.key not in {k for k, _ in choices}:
        choices.insert(0, (current.key, current.label_vi.capitalize()))
    return choices


def _query(views: Views, unit: str, period: str | None, as_of: str | None) -> ViewQuery:
    return ViewQuery(unit, parse_period(period, views.now()), parse_as_of(as_of))


def _base(request: Request, views: Views, q: ViewQuery, gate: Any, **extra: Any) -> dict[str, Any]:
    params = {"period": q.period.key}
    if q.as_of is not None:
        params["as_of"] = q.as_of.isoformat()
    return {
        "request": request,
        "q": q,
        "qs": urlencode(params),
        "as_of_param": params.get("as_of"),
        "evaluated_at": q.instant(views.now()),
        # Any period can move while data arrive (a back-dated event changes last month too); only an explicit
        # evaluation instant freezes a page.
        "live": q.as_of is None,
        "current": q.as_of is None and q.period.end >= views.now().astimezone(VN_TZ).date(),
        "periods": period_choices(views.now(), q.period),
        "methodology": views.methodology,
        "version": gate.version,
        **extra,
    }


def _ancestors(store: Any, unit: str) -> list[dict[str, str]]:
    rows = store.con.execute(
        "SELECT u.code, u.name, u.level FROM unit_closure c JOIN units u ON u.code = c.ancestor_code "
        "WHERE c.unit_code = ? AND c.distance > 0 ORDER BY c.distance DESC",
        [unit],
    ).fetchall()
    return [{"code": r[0], "name": r[1], "level": r[2]} for r in rows]


def _group_rows(views: Views, s: UnitScore) -> list[dict[str, Any]]:
    return [
        {
            "code": g.code,
            "name": g.name,
            "points": s.groups.get(g.code, 0.0),
            "max": g.max_points,
            "pct": 100 * s.groups.get(g.code, 0.0) / g.max_points if g.max_points else 0,
        }
        for g in views.methodology.groups
    ]


def render_error(request: Request, status: int, detail: str) -> Response:
    """An error page in the site's layout."""
    return templates.TemplateResponse(
        request, "error.html", {"request": request, "status": status, "detail": detail}, status_code=status
    )


PeriodQ = Annotated[str | None, Query()]
AsOfQ = Annotated[str | None, Query()]


@router.get("/", response_class=HTMLResponse)
def home(request: Request, gate: GateDep, views: ViewsDep, period: PeriodQ = None, as_of: AsOfQ = None) -> Response:
    """The overview of the only province, or the list of provinces and ministries."""
    with gate.read() as store:
        roots = store.con.execute("SELECT code FROM units WHERE parent_code IS NULL ORDER BY code").fetchall()
    suffix = f"?{request.url.query}" if request.url.query else ""
    if len(roots) == 1:
        return RedirectResponse(f"/overview/{roots[0][0]}{suffix}", status_code=307)
    q = _query(views, "", period, as_of)
    with gate.read() as store:
        from chiso.compute.engine import score_units_in_store

        scores = score_units_in_store(
            store, q.period, as_of=q.instant(views.now()), units=[r[0] for r in roots], methodology=views.methodology
        )
    scores.sort(key=lambda s: (s.rank or 0, s.id))
    return templates.TemplateResponse(request, "roots.html", _base(request, views, q, gate, scores=scores))


@router.get("/overview/{code}", response_class=HTMLResponse)
def overview(
    code: str, request: Request, gate: GateDep, views: ViewsDep, period: PeriodQ = None, as_of: AsOfQ = None
) -> Response:
    """Province overview: its own score, the ranking of its units, the distribution, the group averages."""
    q = _query(views, code, period, as_of)
    with gate.read() as store:
        scores = views.subtree(store, q, gate.peers_version(q.unit))
        ancestors = _ancestors(store, code)
        warnings = early_warnings(store, unit=code, as_of=q.instant(views.now()), days=3, limit=1)
    unit, children = scores[0], scores[1:]
    levels: dict[str, list[UnitScore]] = {}
    for s in children:
        levels.setdefault(s.level, []).append(s)
    averages = []
    for g in views.methodology.groups:
        row: dict[str, Any] = {"code": g.code, "name": g.name, "max": g.max_points, "by_level": {}}
        for level, members in levels.items():
            avg = sum(m.groups.get(g.code, 0.0) for m in members) / len(members)
            row["by_level"][level] = {"avg": avg, "pct": 100 * avg / g.max_points if g.max_points else 0}
        averages.append(row)
    distribution = []
    for band in sorted(views.methodology.bands, key=lambda b: -b.min):
        n = sum(1 for s in children if s.classification == band.code)
        distribution.append({"code": band.code, "name": band.name, "count": n})
    ctx = _base(
        request,
        views,
        q,
        gate,
        unit=unit,
        children=children,
        ancestors=ancestors,
        levels=levels,
        groups=_group_rows(views, unit),
        averages=averages,
        distribution=distribution,
        histogram=Markup(histogram_svg([s.total for s in children], views.methodology.bands)),
        average_total=(sum(s.total for s in children) / len(children)) if children else None,
        warn_total=warnings.total,
        warn_one=warnings.within_one,
        weakest=sorted(children, key=lambda s: (s.total, s.id))[:4] if len(children) > 5 else [],
    )
    return templates.TemplateResponse(request, "overview.html", ctx)


@router.get("/units/{code}", response_class=HTMLResponse)
def unit_page(
    code: str, request: Request, gate: GateDep, views: ViewsDep, period: PeriodQ = None, as_of: AsOfQ = None
) -> Response:
    """A unit: six groups against their maxima, total, class, rank, trend, points lost, early warnings."""
    q = _query(views, code, period, as_of)
    with gate.read() as store:
        scores = views.subtree(store, q, gate.peers_version(q.unit))
        trend = views.trend(
            store, q, TREND_PERIODS, lambda p: gate.period_version(q.unit, p.start, p.end), current=scores[0]
        )
        warnings = early_warnings(store, unit=code, as_of=q.instant(views.now()), days=3, limit=100)
        ancestors = _ancestors(store, code)
    s = scores[0]
    values = [
        TrendValue(f"T{p.start.month}/{p.start.year}" if p.kind == "month" else p.key, p.label_vi, t.total)
        for p, t in trend
    ]
    losses = [{"r": r, "name": views.methodology.indicator(r.code).name} for r in point_losses(s)]
    ctx = _base(
        request,
        views,
        q,
        gate,
        unit=s,
        children=scores[1:],
        ancestors=ancestors,
        groups=_group_rows(views, s),
        trend=Markup(trend_svg(values, views.methodology.bands)),
        trend_values=values,
        trend_rows=[
            (
                p,
                {
                    "total": t.total,
                    "classification": t.classification,
                    "classification_name": t.classification_name,
                    "change": None if i == 0 else round(t.total - trend[i - 1][1].total, 2),
                },
            )
            for i, (p, t) in enumerate(trend)
        ][-4:],
        losses=losses,
        lost_total=sum(r.lost_points for r in point_losses(s)),
        warn3=warnings.dossiers,
        warn_total=warnings.total,
        warn_one=warnings.within_one,
        report_formats=report_formats(),
    )
    return templates.TemplateResponse(request, "unit.html", ctx)


@router.get("/units/{code}/indicators/{indicator}", response_class=HTMLResponse)
def indicator_page(
    code: str,
    indicator: str,
    request: Request,
    gate: GateDep,
    views: ViewsDep,
    period: PeriodQ = None,
    as_of: AsOfQ = None,
    kind: Annotated[Literal["missing", "counted"], Query()] = "missing",
    page: Annotated[int, Query(ge=1)] = 1,
) -> Response:
    """An indicator: its definition, the unit's result, and the records behind it."""
    q = _query(views, code, period, as_of)
    offset = (page - 1) * RECORDS_PER_PAGE
    with gate.read() as store:
        s = views.subtree(store, q, gate.peers_version(q.unit))[0]
        ex = views.explain(
            store, q, indicator, limit=RECORDS_PER_PAGE, offset=offset, score=s, version=gate.unit_version(code)
        )
        ancestors = _ancestors(store, code)
    ind = views.methodology.indicator(ex.indicator.code)
    rule = ind.rule_for(s.level)
    rows = ex.missing if kind == "missing" else ex.counted
    total = ex.missing_total if kind == "missing" else ex.counted_total
    columns = list(rows[0]) if rows else []
    ctx = _base(
        request,
        views,
        q,
        gate,
        unit=s,
        ancestors=ancestors,
        ex=ex,
        ind=ind,
        rule=rule,
        group=views.methodology.group(ind.group),
        kind=kind,
        page=page,
        pages=max(1, -(-total // RECORDS_PER_PAGE)),
        total=total,
        rows=rows,
        columns=[(c, COLUMN_LABELS_VI.get(c, c)) for c in columns],
        source_vi=SOURCE_VI.get(ex.source, ex.source),
        empty_rule_vi=EMPTY_RULE_VI.get(rule.empty_rule, rule.empty_rule),
        not_applicable_vi=NOT_APPLICABLE_VI.get(rule.not_applicable, rule.not_applicable),
        confidence_vi=CONFIDENCE_VI.get(rule.confidence, rule.confidence),
        offset=offset,
    )
    return templates.TemplateResponse(request, "indicator.html", ctx)


@router.get("/healthz", include_in_schema=False)
def healthz(gate: GateDep) -> dict[str, Any]:
    """Liveness and the data version."""
    return {"ok": True, "version": gate.version}
