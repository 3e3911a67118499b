"""Ranking among peers (spec §4): same parent and same level, by total descending, then the catalogue's tie-break.

The portal's tie-break is unknown (spec §6, question 4); the catalogue declares chiso's deterministic choice as
``[ranking] tie_break`` — group codes compared in turn (higher first), ending with ``"id"`` (unit code ascending) —
so two units never share a rank and the same inputs always give the same order.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence

from chiso.score.model import UnitScore
from chiso.score.scoring import ScoreError

TIE_BREAK_ID = "id"


def _sort_key(score: UnitScore, tie_break: Sequence[str]) -> tuple[object, ...]:
    key: list[object] = [-score.total]
    for item in tie_break:
        key.append(score.id if item == TIE_BREAK_ID else -score.groups.get(item, 0.0))
    key.append(score.id)  # whatever the catalogue says, the unit code ends every tie
    return tuple(key)


def peer_key(score: UnitScore) -> tuple[str | None, str]:
    """Units are peers when they share a parent and a level."""
    return (score.parent, score.level)


def rank_peers(scores: Iterable[UnitScore], tie_break: Sequence[str] | None = None) -> list[UnitScore]:
    """Set ``rank`` (1 = best) and ``peers`` (size of the peer group) on every score, among the scores given.

    ``tie_break`` defaults to the one the scores carry from their methodology. Returns new scores in the input
    order."""
    items = list(scores)
    groups: dict[tuple[str | None, str], list[int]] = {}
    for i, s in enumerate(items):
        groups.setdefault(peer_key(s), []).append(i)
    ranked: dict[int, UnitScore] = {}
    for members in groups.values():
        chosen = tie_break
        if chosen is None:
            carried = {items[i].tie_break for i in members}
            if len(carried) > 1:
                raise ScoreError(
                    "Các đơn vị cùng cấp được tính theo các phương pháp khác nhau; không thể xếp hạng chung."
                )
            chosen = next(iter(carried))
        order = sorted(members, key=lambda i: _sort_key(items[i], chosen))
        for position, i in enumerate(order, start=1):
            ranked[i] = dataclasses.replace(items[i], rank=position, peers=len(members))
    return [ranked[i] for i in range(len(items))]
