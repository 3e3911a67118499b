"""Ranking among peers (spec §4): same parent and level, total descending, deterministic documented tie-break."""

from __future__ import annotations

import itertools

from chiso.methodology import load_methodology
from chiso.score import Count, UnitInput, UnitScore, rank_peers, score_units

M = load_methodology("dvcqg-2026")


def commune(uid: str, parent: str | None = "P", level: str = "commune", **metrics: tuple[int, int]) -> UnitInput:
    return UnitInput(uid, f"Xã {uid}", level, {c: Count(n, d) for c, (n, d) in metrics.items()}, parent=parent)


def ranks(scores: list[UnitScore]) -> dict[str, tuple[int | None, int | None]]:
    return {s.id: (s.rank, s.peers) for s in scores}


def test_rank_by_total_descending_among_peers_of_same_parent_and_level() -> None:
    """§4: the seed's "13/14 xã, thị trấn" — rank among units with the same parent and level."""
    units = [
        commune("A", PROGRESS_ON_TIME=(5, 10)),
        commune("B", PROGRESS_ON_TIME=(9, 10)),
        commune("C", PROGRESS_ON_TIME=(1, 10)),
        commune("D", parent="Q", PROGRESS_ON_TIME=(0, 10)),  # another province's commune
        commune("S", level="department", PROGRESS_ON_TIME=(10, 10)),  # same parent, other level
    ]
    r = ranks(rank_peers(score_units(M, units)))
    assert r == {"B": (1, 3), "A": (2, 3), "C": (3, 3), "D": (1, 1), "S": (1, 1)}


def test_roots_rank_together() -> None:
    """§4: provinces (no parent) rank among themselves."""
    units = [
        commune("01", parent=None, level="province"),
        commune("02", parent=None, level="province", PROGRESS_ON_TIME=(1, 2)),
    ]
    assert ranks(rank_peers(score_units(M, units))) == {"02": (1, 2), "01": (2, 2)}


def test_equal_totals_are_broken_by_tdgq_then_mdhl_then_unit_code() -> None:
    """§4 [open] tie-break (catalogue [ranking]): higher TDGQ, then MDHL, …, then unit code ascending."""
    # X and Y both total 22: X has TDGQ 10 + MDHL 12, Y has TDGQ 4 + MDHL 12 + CLGQ 6.
    x = commune("X", PROGRESS_ON_TIME=(1, 2))
    y = commune("Y", PROGRESS_ON_TIME=(1, 5), ONLINE_SUBMISSION=(1, 1))
    # Z and W are identical in every group: only the code can separate them.
    z = commune("Z", ONLINE_SUBMISSION=(1, 1), DOSSIER_SYNC=(2, 3))
    w = commune("W", ONLINE_SUBMISSION=(1, 1), DOSSIER_SYNC=(2, 3))
    scores = score_units(M, [x, y, z, w])
    assert scores[0].total == scores[1].total == 22.0
    assert scores[2].total == scores[3].total == 22.0
    assert scores[0].groups["TDGQ"] > scores[1].groups["TDGQ"]
    r = ranks(rank_peers(scores))
    assert r == {"X": (1, 4), "Y": (2, 4), "W": (3, 4), "Z": (4, 4)}


def test_equal_totals_and_tdgq_are_broken_by_mdhl() -> None:
    """§4 [open]: second key of the tie-break is MDHL (what citizens felt)."""
    u = commune("U", ONLINE_SUBMISSION=(1, 1))  # CLGQ 6 + MDHL 12 = 18
    v = commune("V", ONLINE_SUBMISSION=(1, 1), DOSSIER_SYNC=(1, 1), PETITION_PROCESSING_ON_TIME=(0, 1))  # 6+6+6
    scores = score_units(M, [v, u])
    assert scores[0].total == scores[1].total == 18.0
    assert ranks(rank_peers(scores)) == {"U": (1, 2), "V": (2, 2)}


def test_ranking_does_not_depend_on_input_order() -> None:
    """Deterministic: every permutation of the input gives the same ranks."""
    units = [
        commune("A", PROGRESS_ON_TIME=(1, 2)),
        commune("B", PROGRESS_ON_TIME=(1, 5), ONLINE_SUBMISSION=(1, 1)),
        commune("C", ONLINE_SUBMISSION=(1, 1), DOSSIER_SYNC=(2, 3)),
        commune("D", ONLINE_SUBMISSION=(1, 1), DOSSIER_SYNC=(2, 3)),
    ]
    scores = score_units(M, units)
    expected = ranks(rank_peers(scores))
    for perm in itertools.permutations(scores):
        ranked = rank_peers(perm)
        assert ranks(ranked) == expected
        assert [s.id for s in ranked] == [s.id for s in perm]  # input order kept


def test_explicit_tie_break_overrides_the_catalogue() -> None:
    y = commune("Y", PROGRESS_ON_TIME=(1, 5), ONLINE_SUBMISSION=(1, 1))
    x = commune("X", PROGRESS_ON_TIME=(1, 2))
    r = ranks(rank_peers(score_units(M, [x, y]), tie_break=["CLGQ", "id"]))
    assert r == {"Y": (1, 2), "X": (2, 2)}
