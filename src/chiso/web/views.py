"""What the API and the pages show, computed once: scores of a unit and its children, trends, records behind an
indicator, early warnings. Thin over the library (chiso.compute, chiso.explain); results are cached per data
version so that a page and its live refreshes cost one computation until the next write."""

from __future__ import annotations

import datetime as dt
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from chiso.compute.engine import score_subtree, score_units_in_store
from chiso.compute.period import Period
from chiso.errors import ChisoError
from chiso.explain import Explanation, explain_indicator
from chiso.methodology import Methodology, load_methodology
from chiso.score import IndicatorResult, UnitScore
from chiso.timeutil import VN_TZ, ensure_aware

if TYPE_CHECKING:
    from chiso.store.db import Store

CACHE_SIZE = 512


class NotFound(ChisoError):
    """Something asked for does not exist (unit, indicator); answered with 404."""


class BadRequest(ChisoError):
    """A query parameter that cannot be understood; answered with 400."""


def parse_period(text: str | None, now: dt.datetime) -> Period:
    """The period asked for, or the current month (the live period)."""
    if text is None or text.strip() == "":
        return Period.containing(now.astimezone(VN_TZ).date())
    try:
        return Period.parse(text)
    except ChisoError as exc:
        raise BadRequest(str(exc)) from exc


def parse_as_of(text: str | None) -> dt.datetime | None:
    """An ``as_of`` parameter (ISO 8601; naive = Vietnam local time), or ``None`` for now."""
    if text is None or text.strip() == "":
        return None
    try:
        return ensure_aware(dt.datetime.fromisoformat(text.strip()))
    except ValueError as exc:
        raise BadRequest(f"Thời điểm đánh giá không hợp lệ: '{text}' (dùng dạng 2026-10-31T17:00).") from exc


class Cache:
    """A small LRU of computed results; keys carry the data version, so a write makes old entries unreachable."""

    def __init__(self, size: int = CACHE_SIZE) -> None:
        self._items: OrderedDict[Hashable, Any] = OrderedDict()
        self._size = size
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def get(self, key: Hashable, compute: Callable[[], Any]) -> Any:
        """The cached value of ``key``, computing it on a miss."""
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                self.hits += 1
                return self._items[key]
        value = compute()
        with self._lock:
            self.misses += 1
            self._items[key] = value
            while len(self._items) > self._size:
                self._items.popitem(last=False)
        return value


@dataclass(frozen=True)
class Query:
    """Which results: a unit, a period, an evaluation instant (``None`` = now)."""

    unit: str
    period: Period
    as_of: dt.datetime | None

    def instant(self, now: dt.datetime) -> dt.datetime:
        """The evaluation instant."""
        return self.as_of if self.as_of is not None else now

    def key(self, now: dt.datetime) -> tuple[Any, ...]:
        # "Now" is bucketed to the minute: scores move with the clock (due dates pass), but not within a minute.
        when = self.as_of.isoformat() if self.as_of is not None else now.strftime("now %Y-%m-%dT%H:%M")
        return (self.unit, self.period.key, when)


class Views:
    """The read side of the app over one methodology and a cache."""

    def __init__(self, methodology: str | Methodology = "dvcqg-2026", clock: Callable[[], dt.datetime] | None = None):
        self.methodology = methodology if isinstance(methodology, Methodology) else load_methodology(methodology)
        from chiso.timeutil import now_vn

        self.clock = clock or now_vn
        self.cache = Cache()

    def now(self) -> dt.datetime:
        """The current instant (the settings' clock)."""
        return ensure_aware(self.clock())

    # -- scores -------------------------------------------------------------------------------------------------

    def subtree(self, store: Store, q: Query, version: Hashable) -> list[UnitScore]:
        """The unit (ranked among its peers) then its direct children, each ranked among theirs."""
        now = self.now()

        def compute() -> list[UnitScore]:
            exists = store.con.execute("SELECT 1 FROM units WHERE code = ?", [q.unit]).fetchone()
            if exists is None:
                raise NotFound(f"Không có đơn vị mã '{q.unit}'.")
            return score_subtree(
                store, unit=q.unit, period=q.period, as_of=q.instant(now), methodology=self.methodology
            )

        result: list[UnitScore] = self.cache.get(("subtree", version, *q.key(now)), compute)
        return result

    def trend(
        self,
        store: Store,
        q: Query,
        count: int,
        version: Callable[[Period], Hashable],
        current: UnitScore | None = None,
    ) -> list[tuple[Period, UnitScore]]:
        """The unit's score in ``count`` periods up to ``q.period`` (oldest first). ``version(period)`` is the data
        version the unit's result for that period depends on; ``current`` its score for ``q.period`` when already
        computed."""
        now = self.now()
        today = now.astimezone(VN_TZ).date()
        out = []
        for p in q.period.trailing(count):
            if current is not None and p == q.period:
                out.append((p, current))
                continue
            sub = Query(q.unit, p, q.as_of)

            def compute(p: Period = p) -> UnitScore:
                scores = score_units_in_store(
                    store, p, as_of=q.instant(now), units=[q.unit], methodology=self.methodology
                )
                return scores[0]

            # A closed period judged after its end no longer moves with the clock, only with its own data.
            closed = p.end < today and (q.as_of is None or q.as_of.astimezone(VN_TZ).date() > p.end)
            when = (q.unit, p.key, "closed") if closed else sub.key(now)
            out.append((p, self.cache.get(("trend", version(p), *when), compute)))
        return out

    def explain(
        self,
        store: Store,
        q: Query,
        indicator: str,
        *,
        limit: int,
        offset: int,
        score: UnitScore | None = None,
        version: Hashable = None,
    ) -> Explanation:
        """The records behind one indicator (paginated); cached under ``version`` when given."""
        code = indicator.upper()
        if code not in {i.code for i in self.methodology.indicators}:
            raise NotFound(f"Không có chỉ tiêu '{indicator}'.")
        if version is None:
            return self._explain(store, q, code, limit, offset, score)
        key = ("explain", version, code, limit, offset, *q.key(self.now()))
        result: Explanation = self.cache.get(key, lambda: self._explain(store, q, code, limit, offset, score))
        return result

    def _explain(
        self, store: Store, q: Query, code: str, limit: int, offset: int, score: UnitScore | None
    ) -> Explanation:
        return explain_indicator(
            store,
            unit=q.unit,
            period=q.period,
            indicator=code,
            as_of=q.instant(self.now()),
            methodology=self.methodology,
            limit=limit,
            offset=offset,
            score=score,
        )

    # -- shapes -------------------------------------------------------------------------------------------------

    def indicator_json(self, r: IndicatorResult) -> dict[str, Any]:
        """One indicator as the API shows it."""
        ind = self.methodology.indicator(r.code)
        return {
            "code": r.code,
            "name": ind.name,
            "group": r.group,
            "ratio": r.ratio,
            "points": r.points,
            "max_points": r.max_points,
            "lost_points": r.lost_points,
            "numerator": r.numerator,
            "denominator": r.denominator,
            "applies": r.applies,
        }

    def score_json(self, s: UnitScore, q: Query) -> dict[str, Any]:
        """A unit's score as the API shows it."""
        return {
            "id": s.id,
            "name": s.name,
            "level": s.level,
            "parent": s.parent,
            "period": q.period.key,
            "period_label": q.period.label_vi,
            "as_of": q.instant(self.now()).isoformat(),
            "total": s.total,
            "classification": s.classification,
            "classification_name": s.classification_name,
            "rank": s.rank,
            "peers": s.peers,
            "groups": [
                {"code": g.code, "name": g.name, "points": s.groups.get(g.code, 0.0), "max_points": g.max_points}
                for g in self.methodology.groups
            ],
            "indicators": [self.indicator_json(r) for r in s.indicators.values()],
        }
