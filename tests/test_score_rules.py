"""Scoring rules of spec §1–§2 and §4b, one test per rule, with the worked figures of the spec as cases."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest

from chiso.methodology import Methodology, load_methodology
from chiso.score import Count, UnitInput, UnitScore, indicator_points, round_points, score_unit, sum_inputs
from chiso.score.scoring import ScoreError

M26 = load_methodology("dvcqg-2026")
M25 = load_methodology("dvcqg-2025")


def unit(level: str = "province", uid: str = "01", **metrics: tuple[float | None, float | None]) -> UnitInput:
    """A unit with the given (numerator, denominator) per indicator code."""
    return UnitInput(uid, f"Đơn vị {uid}", level, {code: Count(n, d) for code, (n, d) in metrics.items()})


def score(
    level: str = "province", methodology: Methodology = M26, **metrics: tuple[float | None, float | None]
) -> UnitScore:
    return score_unit(methodology, unit(level, **metrics))


# --- §1 points formula and rounding -------------------------------------------------------------------------------


def test_progress_on_time_worked_figure_15_68() -> None:
    """§2 TDGQ [firm]: 20 × 144625 / 184513 = 15.68."""
    s = score(PROGRESS_ON_TIME=(144625, 184513))
    r = s.indicators["PROGRESS_ON_TIME"]
    assert r.points == 15.68
    assert r.ratio == pytest.approx(0.78382, abs=1e-5)
    assert s.groups["TDGQ"] == 15.68
    assert r.lost_points == pytest.approx(4.32)


def test_payment_group_worked_figure_5_05_plus_0_75_plus_0_45_is_6_25() -> None:
    """§2 TTTT [firm]: thresholds 1 / 0.8 / 0.8 give 5.05 + 0.75 + 0.45 = 6.25 for a province."""
    s = score(
        ONLINE_PAYMENT_DOSSIER=(842, 1001),  # 6 × 0.84116 = 5.047 → 5.05
        ONLINE_PAYMENT_FORMALITY=(37, 123),  # 2 × 0.30081 / 0.8 = 0.752 → 0.75
        PAYMENT_INTEGRATED_FORMALITY=(20, 111),  # 2 × 0.18018 / 0.8 = 0.450 → 0.45
    )
    points = [
        s.indicators[c].points
        for c in ("ONLINE_PAYMENT_DOSSIER", "ONLINE_PAYMENT_FORMALITY", "PAYMENT_INTEGRATED_FORMALITY")
    ]
    assert points == [5.05, 0.75, 0.45]
    assert s.groups["TTTT"] == 6.25


def test_unit_with_no_fee_bearing_dossiers_scores_0_of_10_payment() -> None:
    """§2 TTTT [firm]: no fee-bearing dossiers (and no fee-bearing TTHC) → 0/10; d = 0 gives 0, not full points."""
    s = score(
        "commune", ONLINE_PAYMENT_DOSSIER=(0, 0), ONLINE_PAYMENT_FORMALITY=(0, 0), PAYMENT_INTEGRATED_FORMALITY=(0, 0)
    )
    assert s.groups["TTTT"] == 0.0
    assert all(s.indicators[c].points == 0.0 for c in ("ONLINE_PAYMENT_DOSSIER", "ONLINE_PAYMENT_FORMALITY"))
    assert all(r.ratio is None for r in s.indicators.values() if r.group == "TTTT")


def test_no_pakn_and_zero_on_time_gives_12_of_18_satisfaction() -> None:
    """§2 MDHL [firm]: no PAKN → 6 + 6; 0 % on time → the third line is 0: exactly the seed's 12/18."""
    s = score(
        "commune",
        PETITION_PROCESSING_ON_TIME=(0, 0),
        PETITION_HANDLING_SATISFACTION=(0, 0),
        DOSSIER_RECEIVING_SATISFACTION=(0, 25),
    )
    assert s.groups["MDHL"] == 12.0
    # A missing metric is an empty denominator too: the same 12/18.
    assert score("commune", DOSSIER_RECEIVING_SATISFACTION=(0, 25)).groups["MDHL"] == 12.0


@pytest.mark.parametrize(
    ("code", "max_points", "threshold"),
    [
        ("ONLINE_PROVISION", 2, 0.8),
        ("ONLINE_PAYMENT_FORMALITY", 2, 0.8),
        ("PAYMENT_INTEGRATED_FORMALITY", 2, 0.8),
        ("REUSED_DIGITIZED_DATA", 2, 0.8),
        ("ONLINE_SUBMISSION", 6, 0.5),
        ("DOSSIER_RECEIVING_SATISFACTION", 6, 0.9),
    ],
)
def test_threshold_reaches_full_points_at_t_and_caps_above(code: str, max_points: float, threshold: float) -> None:
    """§1: points = max × min(1, ratio / T) — T = 0.8 / 0.5 / 0.9 per §2; above T the points stay at max."""

    def points(n: int, d: int = 1000) -> float | None:
        return score("province", **{code: (n, d)}).indicators[code].points

    at_t = round(threshold * 1000)
    assert points(at_t) == max_points
    assert points(min(1000, at_t + 50)) == max_points
    assert points(1000) == max_points
    assert points(at_t // 2) == max_points / 2
    assert points(0) == 0.0


def test_threshold_figures() -> None:
    """§2: 40 % of TTHC online → 2 × 0.4 / 0.8 = 1; 25 % online dossiers → 6 × 0.25 / 0.5 = 3; 45 % satisfied →
    6 × 0.45 / 0.9 = 3."""
    s = score(ONLINE_PROVISION=(40, 100), ONLINE_SUBMISSION=(25, 100), DOSSIER_RECEIVING_SATISFACTION=(45, 100))
    assert [
        s.indicators[c].points for c in ("ONLINE_PROVISION", "ONLINE_SUBMISSION", "DOSSIER_RECEIVING_SATISFACTION")
    ] == [1.0, 3.0, 3.0]


def test_points_round_half_up_exactly_not_as_binary_floats() -> None:
    """§1 round2, half-up like the portal: 20 × 1/160 = 0.125 → 0.13 (binary float rounding would give 0.12)."""
    assert round(20 * (1 / 160), 2) == 0.12  # what naive float rounding does
    assert score(PROGRESS_ON_TIME=(1, 160)).indicators["PROGRESS_ON_TIME"].points == 0.13
    assert indicator_points(2, 0.1675, 1, 0.8) == Decimal("0.42")  # 0.41875 → 0.42
    assert round_points(Fraction(2675, 1000)) == Decimal("2.68")  # float 2.675 is 2.67499…
    assert round_points(Fraction(2675, 1000), rounding="half_even") == Decimal("2.68")
    assert round_points(Fraction(2665, 1000), rounding="half_even") == Decimal("2.66")


def test_group_is_the_sum_of_rounded_points_not_the_rounded_sum() -> None:
    """§1 [firm]: round each indicator first; group = sum of the rounded points (order matters)."""
    # Each payment indicator is 0.005 before rounding → 0.01 each → group 0.03; rounding the sum would give 0.02.
    s = score(
        ONLINE_PAYMENT_DOSSIER=(1, 1200), ONLINE_PAYMENT_FORMALITY=(1, 500), PAYMENT_INTEGRATED_FORMALITY=(1, 500)
    )
    assert [r.points for r in s.indicators.values() if r.group == "TTTT"] == [0.01, 0.01, 0.01]
    assert s.groups["TTTT"] == 0.03
    raw = Fraction(6, 1200) + 2 * Fraction(2, 500) / Fraction(4, 5)
    assert round_points(raw) == Decimal("0.02")  # the other order, which the portal does not use
    # And downwards: 0.004 each → 0.00 each → group 0.00, while the rounded sum would be 0.01.
    s = score(
        ONLINE_PAYMENT_DOSSIER=(1, 1500), ONLINE_PAYMENT_FORMALITY=(2, 1250), PAYMENT_INTEGRATED_FORMALITY=(2, 1250)
    )
    assert s.groups["TTTT"] == 0.0


def test_total_is_the_sum_of_the_groups_without_float_noise() -> None:
    """§1: total = sum of the 6 groups, exact to the cent."""
    s = score(
        PROGRESS_ON_TIME=(144625, 184513),
        ONLINE_PAYMENT_DOSSIER=(842, 1001),
        ONLINE_PAYMENT_FORMALITY=(37, 123),
        PAYMENT_INTEGRATED_FORMALITY=(20, 111),
        DOSSIER_SYNC=(1, 10),
        ONLINE_SUBMISSION=(1, 10),
    )
    assert s.total == 35.73  # 15.68 + 6.25 + 0.6 + 1.2 + 12
    assert str(s.total) == "35.73"


# --- §2 empty denominators ----------------------------------------------------------------------------------------

EMPTY_EXPECTED = {
    # d = 0 → points: None = no value (contributes 0), 0.0 = zero, max = full.
    "PUBLISH_ON_TIME": None,
    "PUBLIC_UPDATE_ON_TIME": None,
    "PUBLIC_CONTENT_FULL": None,
    "DOSSIER_SYNC": None,
    "PROGRESS_ON_TIME": 0.0,
    "ONLINE_PROVISION": 0.0,
    "ONLINE_DOSSIER_ARISING": 0.0,
    "ONLINE_SUBMISSION": 0.0,
    "ONLINE_PAYMENT_DOSSIER": 0.0,
    "ONLINE_PAYMENT_FORMALITY": 0.0,
    "PAYMENT_INTEGRATED_FORMALITY": 0.0,
    "PETITION_PROCESSING_ON_TIME": 6.0,
    "PETITION_HANDLING_SATISFACTION": 6.0,
    "DOSSIER_RECEIVING_SATISFACTION": 0.0,
    "ORIGINAL_RESULT_AVAILABLE": None,
    "SO_HOA_GIAY_TO_GIAI_QUYET": None,
    "ELECTRONIC_CERTIFIED_COPY": None,
    "REUSED_DIGITIZED_DATA": None,
    "SYNCED_WITH_DVCQG_PERSONAL_STORAGE": None,
    "CITIZEN_DATA_CONNECTED_DOSSIER": None,
    "CITIZEN_DATA_CONNECTED_FORMALITY": None,
}


@pytest.mark.parametrize(("code", "expected"), sorted(EMPTY_EXPECTED.items()))
def test_empty_denominator_rule_per_indicator(code: str, expected: float | None) -> None:
    """§2 column "d = 0" [firm]: null → no value (0 points, group max unchanged); 0 → 0; 6 → full points."""
    for count in ((0, 0), (None, None), (None, 0)):
        r = score("province", **{code: count}).indicators[code]
        assert r.points == expected
        assert r.ratio is None


def test_all_empty_province_scores_12_from_the_pakn_rules_only() -> None:
    """A unit with no records at all: only the two full-points PAKN rules give points."""
    s = score("province")
    assert s.total == 12.0
    assert s.classification == "yeu"
    assert sum(1 for r in s.indicators.values() if r.points is None) == 11


def test_null_numerator_with_positive_denominator_counts_as_zero() -> None:
    r = score(PROGRESS_ON_TIME=(None, 10)).indicators["PROGRESS_ON_TIME"]
    assert (r.ratio, r.points) == (0.0, 0.0)


def test_negative_counts_are_rejected() -> None:
    with pytest.raises(ScoreError, match="âm"):
        score(PROGRESS_ON_TIME=(-1, 10))


def test_unknown_indicator_code_is_rejected() -> None:
    with pytest.raises(ScoreError, match="PROGRESS_ONTIME"):
        score(PROGRESS_ONTIME=(1, 10))


# --- scope by level (§2 CKMB, CLGQ, MDSH; §4b) ---------------------------------------------------------------------


def test_publication_items_give_communes_null_in_2026_and_full_points_in_2025() -> None:
    """§2 CKMB [firm]: communes get null (0) for PUBLISH_ON_TIME / PUBLIC_UPDATE_ON_TIME in the 2026 method;
    §4b: the 2025 method awarded non-applicable items in full (communes routinely got CKMB 18/18)."""
    counts = {"PUBLISH_ON_TIME": (3, 4), "PUBLIC_UPDATE_ON_TIME": (1, 4)}  # the province's, not the commune's
    s26 = score("commune", M26, **counts, PUBLIC_CONTENT_FULL=(10, 10), DOSSIER_SYNC=(5, 5))
    assert (s26.indicators["PUBLISH_ON_TIME"].points, s26.indicators["PUBLISH_ON_TIME"].applies) == (None, False)
    assert s26.indicators["PUBLISH_ON_TIME"].lost_points == 0.0  # nothing the commune can do
    assert s26.groups["CKMB"] == 8.0
    s25 = score("commune", M25, **counts, PUBLIC_CONTENT_FULL=(10, 10), DOSSIER_SYNC=(5, 5))
    assert s25.indicators["PUBLISH_ON_TIME"].points == 6.0
    assert s25.groups["CKMB"] == 18.0
    # Provinces are scored on their own counts in both.
    assert score("province", M26, **counts).indicators["PUBLISH_ON_TIME"].points == 4.5


def test_commune_online_provision_has_no_threshold_province_has_0_8() -> None:
    """§2 CLGQ: 60 % → province 2 × 0.6 / 0.8 = 1.5; commune (fully online share, no T) 2 × 0.6 = 1.2."""
    assert score("province", ONLINE_PROVISION=(60, 100)).indicators["ONLINE_PROVISION"].points == 1.5
    assert score("commune", ONLINE_PROVISION=(60, 100)).indicators["ONLINE_PROVISION"].points == 1.2


def test_electronic_certified_copy_for_a_department_per_method() -> None:
    """§2 MDSH: departments have no communes → not applicable: 2026 null (0), 2025 full (2)."""
    assert score("department", M26).indicators["ELECTRONIC_CERTIFIED_COPY"].points is None
    assert score("department", M25).indicators["ELECTRONIC_CERTIFIED_COPY"].points == 2.0
    assert score("commune", M26, ELECTRONIC_CERTIFIED_COPY=(1, 1)).indicators["ELECTRONIC_CERTIFIED_COPY"].points == 2


# --- §1 classification ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("total", "band"),
    [
        (0, "yeu"),
        (47.17, "yeu"),
        (47.27, "yeu"),  # published yếu
        (49.99, "yeu"),
        (50, "trung_binh"),
        (57.00, "trung_binh"),  # published trung bình
        (69.99, "trung_binh"),
        (70, "kha"),
        (79.99, "kha"),
        (80, "tot"),
        (89.99, "tot"),
        (90, "xuat_sac"),
        (100, "xuat_sac"),
    ],
)
def test_classification_bands_and_boundaries(total: float, band: str) -> None:
    """§1: Xuất sắc ≥ 90, Tốt 80–<90, Khá 70–<80 [likely], Trung bình 50–<70, Yếu < 50."""
    assert M26.classify(total).code == band
    assert M25.classify(total).code == band


def test_unit_score_carries_class_code_and_vietnamese_name() -> None:
    s = score(
        PROGRESS_ON_TIME=(1, 1),
        DOSSIER_SYNC=(1, 1),
        ONLINE_SUBMISSION=(1, 1),
        ONLINE_PAYMENT_DOSSIER=(1, 1),
        ORIGINAL_RESULT_AVAILABLE=(1, 1),
        SO_HOA_GIAY_TO_GIAI_QUYET=(1, 1),
    )
    assert s.total == 20 + 6 + 6 + 6 + 12 + 6 + 4
    assert (s.classification, s.classification_name) == ("trung_binh", "Trung bình")


# --- §1 parents on summed counts ------------------------------------------------------------------------------------


def test_parent_is_scored_on_summed_counts_not_averaged_scores() -> None:
    """§1 [firm]: a province is scored on the summed numerators and denominators of its units."""
    a = unit("commune", "A", PROGRESS_ON_TIME=(9, 10), ONLINE_SUBMISSION=(0, 10))
    b = unit("commune", "B", PROGRESS_ON_TIME=(10, 90), ONLINE_SUBMISSION=(90, 90))
    parent = sum_inputs("P", "Tỉnh", "province", [a, b])
    assert parent.metrics["PROGRESS_ON_TIME"] == Count(19, 100)
    direct = score("province", PROGRESS_ON_TIME=(19, 100), ONLINE_SUBMISSION=(90, 100))
    summed = score_unit(M26, parent)
    assert summed.indicators == direct.indicators and summed.total == direct.total
    assert summed.indicators["PROGRESS_ON_TIME"].points == 3.8  # 20 × 19/100
    average = (score_unit(M26, a).groups["TDGQ"] + score_unit(M26, b).groups["TDGQ"]) / 2
    assert average == 10.11  # what averaging the children's scores would wrongly give


# --- §5 the seed report, decoded -------------------------------------------------------------------------------------


def test_seed_commune_luc_binh_october_2023_with_the_2025_method() -> None:
    """§5: Lục Bình (commune, 10/2023, older method §4b). Counts that yield the report's sub-rates give TDGQ 0,
    CLGQ 7.22 (2 × 35.97 % + 4 × 12.5 % + 6), TTTT 0, MDHL 12, MDSH 18, CKMB within its maximum of 18 — and a
    total that is the sum of the groups, not the report's 47.17."""
    seed = unit(
        "commune",
        "LUC_BINH",
        DOSSIER_SYNC=(1, 20),  # the report's CKMB 0.3 is this line alone (6 × 5 %)
        PUBLIC_CONTENT_FULL=(0, 0),
        PROGRESS_ON_TIME=(0, 20),  # 0 % on time
        ONLINE_PROVISION=(50, 139),  # 35.97 % of its TTHC fully online (11/139 = 7.91 % partial, not scored)
        ONLINE_DOSSIER_ARISING=(1, 8),  # 12.5 % of online services with an online dossier
        ONLINE_SUBMISSION=(20, 20),  # 100 % submitted online
        ONLINE_PAYMENT_DOSSIER=(0, 0),  # no paid dossiers
        ONLINE_PAYMENT_FORMALITY=(0, 0),
        PAYMENT_INTEGRATED_FORMALITY=(0, 0),
        PETITION_PROCESSING_ON_TIME=(0, 0),  # no PAKN
        PETITION_HANDLING_SATISFACTION=(0, 0),
        DOSSIER_RECEIVING_SATISFACTION=(0, 20),  # 0 % on time → 0
        ORIGINAL_RESULT_AVAILABLE=(20, 20),  # 100 % e-results
        SO_HOA_GIAY_TO_GIAI_QUYET=(20, 20),  # 100 % digitised
        ELECTRONIC_CERTIFIED_COPY=(1, 1),  # provides e-certified copies (478 dossiers)
        REUSED_DIGITIZED_DATA=(0, 20),  # 0 % reuse
        # Not in the report: 50 % here is one split of the remaining points that fits its 18/22.
        SYNCED_WITH_DVCQG_PERSONAL_STORAGE=(10, 20),
        CITIZEN_DATA_CONNECTED_DOSSIER=(20, 20),
        CITIZEN_DATA_CONNECTED_FORMALITY=(5, 5),
    )
    s = score_unit(M25, seed)
    assert round(50 / 139 * 100, 2) == 35.97 and round(11 / 139 * 100, 2) == 7.91
    assert s.groups["TDGQ"] == 0.0
    assert s.groups["CLGQ"] == 7.22
    assert [s.indicators[c].points for c in ("ONLINE_PROVISION", "ONLINE_DOSSIER_ARISING", "ONLINE_SUBMISSION")] == [
        0.72,
        0.5,
        6.0,
    ]
    assert s.groups["TTTT"] == 0.0
    assert s.groups["MDHL"] == 12.0
    assert round(s.groups["MDHL"] / 18 * 100, 1) == 66.7  # the report's "66,7 %" is only 12 / 18
    assert s.groups["MDSH"] == 18.0
    assert round(s.groups["MDSH"] / 22 * 100, 1) == 81.8  # and "81,8 %" is 18 / 22
    # CKMB: the maximum is 18 (the report says /20). Under this method a commune gets the 6 + 4 points of the
    # publication items it is not assessed on, so its 0.3 cannot be the commune's CKMB; 0.3 is the sync line alone.
    assert M25.group("CKMB").max_points == 18
    assert s.indicators["DOSSIER_SYNC"].points == 0.3
    assert s.groups["CKMB"] == 10.3 <= 18
    assert s.total == round(sum(s.groups.values()), 2) == 47.52
    assert s.total != 47.17
    assert s.classification_name == "Yếu"


def test_scoring_code_names_no_indicator() -> None:
    """Issue 3 item 1: no indicator is special-cased by name in scoring code — everything comes from the catalogue.
    (Docstrings may show an example code; no string the code compares or looks up may be one.)"""
    import ast
    from pathlib import Path

    import chiso.score

    literals: set[str] = set()
    for path in Path(chiso.score.__file__).parent.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {
            id(node.body[0].value)
            for node in ast.walk(tree)
            if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef)
            and node.body
            and isinstance(node.body[0], ast.Expr)
            and isinstance(node.body[0].value, ast.Constant)
        }
        literals |= {
            n.value
            for n in ast.walk(tree)
            if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in docstrings
        }
    assert [i.code for i in M26.indicators if any(i.code in text for text in literals)] == []
