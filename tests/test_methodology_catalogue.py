"""The methodology catalogue as data: the shipped files match spec §1–§2 and §4b, and loading validates them."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from chiso.methodology import (
    COUNTING_KEYS,
    KNOWN_LEVELS,
    Methodology,
    MethodologyError,
    available_methodologies,
    load_methodology,
    methodology_for,
)

PACKAGE_DIR = Path(__file__).resolve().parents[1] / "src" / "chiso" / "methodology"

# Spec §1: the six groups and their maxima.
SPEC_GROUPS = {"CKMB": 18, "TDGQ": 20, "CLGQ": 12, "TTTT": 10, "MDHL": 18, "MDSH": 22}

# Spec §2, row by row: code → (group, max, T, d = 0 rule, counting key).
SPEC_INDICATORS = {
    "PUBLISH_ON_TIME": ("CKMB", 6, 1.0, "null", "procedures_published_on_time"),
    "PUBLIC_UPDATE_ON_TIME": ("CKMB", 4, 1.0, "null", "procedures_public_on_time"),
    "PUBLIC_CONTENT_FULL": ("CKMB", 2, 1.0, "null", "procedures_content_full"),
    "DOSSIER_SYNC": ("CKMB", 6, 1.0, "null", "dossiers_synced"),
    "PROGRESS_ON_TIME": ("TDGQ", 20, 1.0, "zero", "dossiers_on_time"),
    "ONLINE_PROVISION": ("CLGQ", 2, 0.8, "zero", "procedures_online"),
    "ONLINE_DOSSIER_ARISING": ("CLGQ", 4, 1.0, "zero", "online_procedures_with_online_dossier"),
    "ONLINE_SUBMISSION": ("CLGQ", 6, 0.5, "zero", "dossiers_online"),
    "ONLINE_PAYMENT_DOSSIER": ("TTTT", 6, 1.0, "zero", "fee_dossiers_paid_online"),
    "ONLINE_PAYMENT_FORMALITY": ("TTTT", 2, 0.8, "zero", "fee_procedures_with_online_payment"),
    "PAYMENT_INTEGRATED_FORMALITY": ("TTTT", 2, 0.8, "zero", "fee_procedures_integrated"),
    "PETITION_PROCESSING_ON_TIME": ("MDHL", 6, 1.0, "full", "petitions_on_time"),
    "PETITION_HANDLING_SATISFACTION": ("MDHL", 6, 1.0, "full", "petitions_satisfied"),
    "DOSSIER_RECEIVING_SATISFACTION": ("MDHL", 6, 0.9, "zero", "dossiers_satisfied"),
    "ORIGINAL_RESULT_AVAILABLE": ("MDSH", 6, 1.0, "null", "result_dossiers_with_e_result"),
    "SO_HOA_GIAY_TO_GIAI_QUYET": ("MDSH", 4, 1.0, "null", "dossiers_digitised"),
    "ELECTRONIC_CERTIFIED_COPY": ("MDSH", 2, 1.0, "null", "communes_e_certified_copy"),
    "REUSED_DIGITIZED_DATA": ("MDSH", 2, 0.8, "null", "dossiers_reused_data"),
    "SYNCED_WITH_DVCQG_PERSONAL_STORAGE": ("MDSH", 4, 1.0, "null", "dossiers_personal_storage"),
    "CITIZEN_DATA_CONNECTED_DOSSIER": ("MDSH", 2, 1.0, "null", "dossiers_citizen_data"),
    "CITIZEN_DATA_CONNECTED_FORMALITY": ("MDSH", 2, 1.0, "null", "citizen_procedures_with_citizen_data"),
}

BOTH = pytest.mark.parametrize("name", ["dvcqg-2026", "dvcqg-2025"])


def test_shipped_methodologies_are_listed_and_named_after_their_id() -> None:
    """§4b: each generation of the method is one file; its id is its file name."""
    names = available_methodologies()
    assert names == ["dvcqg-2025", "dvcqg-2026"]
    for name in names:
        assert load_methodology(name).id == name


@BOTH
def test_six_groups_with_the_portal_codes_and_maxima_summing_to_100(name: str) -> None:
    """§1 [firm] and §4b: six groups, same codes and maxima in both generations."""
    m = load_methodology(name)
    assert {g.code: g.max_points for g in m.groups} == SPEC_GROUPS
    assert sum(g.max_points for g in m.groups) == 100
    assert [g.name for g in m.groups][:2] == ["Công khai, minh bạch", "Tiến độ giải quyết"]


@BOTH
def test_every_indicator_of_spec_section_2_with_its_max_threshold_and_empty_rule(name: str) -> None:
    """§2: every row of the indicator tables — group, max, T, d = 0 rule — and the engine counting key."""
    m = load_methodology(name)
    got = {i.code: (i.group, i.max_points, i.threshold, i.empty_rule, i.counting) for i in m.indicators}
    assert got == SPEC_INDICATORS
    for ind in m.indicators:
        assert ind.name and ind.numerator_text and ind.denominator_text and ind.source
        assert ind.confidence in ("firm", "likely", "open")


def test_counting_keys_are_the_ones_the_engine_computes() -> None:
    """A catalogue can only name counts the engine knows how to compute."""
    from chiso.compute.metrics import ALL_KEYS

    assert set(COUNTING_KEYS) == set(ALL_KEYS)


def test_known_levels_are_the_store_vocabulary() -> None:
    """§4: ministry | province | department | district | commune, as the store's units.level."""
    from chiso.store.vocab import UNIT_LEVELS

    assert tuple(KNOWN_LEVELS) == tuple(UNIT_LEVELS)
    assert tuple(load_methodology().levels) == tuple(UNIT_LEVELS)


def test_publication_items_apply_to_provinces_and_ministries_only_2026_null() -> None:
    """§2 CKMB [firm]: PUBLISH_ON_TIME and PUBLIC_UPDATE_ON_TIME apply to provinces and ministries; communes get
    null (0) in the 2026 method."""
    m = load_methodology("dvcqg-2026")
    for code in ("PUBLISH_ON_TIME", "PUBLIC_UPDATE_ON_TIME"):
        ind = m.indicator(code)
        applies = {level: ind.rule_for(level).applies for level in KNOWN_LEVELS}
        assert applies == {
            "ministry": True,
            "province": True,
            "department": False,
            "district": False,
            "commune": False,
        }
        assert ind.rule_for("commune").not_applicable == "null"


def test_items_that_do_not_apply_are_awarded_in_full_in_the_2025_method() -> None:
    """§4b: up to 2025, items that do not apply to a level were awarded in full (communes got CKMB 18/18)."""
    m = load_methodology("dvcqg-2025")
    assert m.not_applicable == "full"
    rule = m.indicator("PUBLISH_ON_TIME").rule_for("commune")
    assert (rule.applies, rule.not_applicable) == (False, "full")


@BOTH
def test_commune_online_provision_counts_fully_online_tthc_without_threshold(name: str) -> None:
    """§2 CLGQ [open] / seed fit: at commune level ONLINE_PROVISION counts only "toàn trình" TTHC, no 0.8 threshold;
    provinces keep partial + full with T = 0.8."""
    ind = load_methodology(name).indicator("ONLINE_PROVISION")
    commune = ind.rule_for("commune")
    assert (commune.counting, commune.threshold) == ("procedures_full_online", 1.0)
    province = ind.rule_for("province")
    assert (province.counting, province.threshold) == ("procedures_online", 0.8)
    assert ind.rule_for("department").counting == "procedures_online"


@BOTH
def test_electronic_certified_copy_applies_where_there_are_communes(name: str) -> None:
    """§2 MDSH: the item counts communes — a commune itself, a province or district over its communes; departments
    and ministries have none (documented [open] choice)."""
    ind = load_methodology(name).indicator("ELECTRONIC_CERTIFIED_COPY")
    applies = {level: ind.rule_for(level).applies for level in KNOWN_LEVELS}
    assert applies == {"ministry": False, "province": True, "department": False, "district": True, "commune": True}


@BOTH
def test_bands_codes_names_and_boundaries(name: str) -> None:
    """§1: Xuất sắc ≥ 90, Tốt 80–<90, Khá 70–<80, Trung bình 50–<70, Yếu < 50."""
    m = load_methodology(name)
    assert [(b.code, b.name, b.min, b.max) for b in m.bands] == [
        ("xuat_sac", "Xuất sắc", 90, 100),
        ("tot", "Tốt", 80, 90),
        ("kha", "Khá", 70, 80),
        ("trung_binh", "Trung bình", 50, 70),
        ("yeu", "Yếu", 0, 50),
    ]


@BOTH
def test_rounding_tie_break_pakn_limits_and_open_questions_are_settings(name: str) -> None:
    """§1 rounding (2 decimals), §4 tie-break [open], §2 MDHL PAKN limits (2/5/15/2 working days), §6 listed."""
    m = load_methodology(name)
    assert (m.decimals, m.rounding) == (2, "half_up")
    assert m.tie_break[-1] == "id" and m.tie_break[0] == "TDGQ"
    counting = m.settings["counting"]
    assert (
        counting["petition_refuse_working_days"],
        counting["petition_request_info_working_days"],
        counting["petition_handle_working_days"],
        counting["petition_publish_working_days"],
    ) == (2, 5, 15, 2)
    assert m.settings["periods"]["closed_period_frozen"] is False
    assert [q.number for q in m.open_questions] == [1, 2, 3, 4, 5, 6]


@BOTH
def test_every_open_rule_in_the_file_carries_a_comment_saying_why(name: str) -> None:
    """Spec header: every [open] rule is a setting with its chosen value and a comment."""
    text = (PACKAGE_DIR / f"{name}.toml").read_text(encoding="utf-8")
    open_settings = [line for line in text.splitlines() if 'confidence = "open"' in line]
    assert open_settings, "the catalogue declares its open choices"
    assert len(re.findall(r"#.*\[open\]", text)) >= 5


def test_engine_counting_settings_read_from_the_catalogue() -> None:
    """The counting rules' parameters come from [settings.counting]."""
    from chiso.compute.metrics import CountingSettings

    s = CountingSettings.from_mapping(load_methodology().settings["counting"])
    assert (s.petition_handle_working_days, s.publish_lead_working_days_ministry) == (15, 20)


def test_methodology_for_a_date_picks_the_generation_in_force() -> None:
    """§4b: reports from 2023–2025 follow dvcqg-2025; from 2026 dvcqg-2026."""
    assert methodology_for(dt.date(2023, 10, 31)).id == "dvcqg-2025"
    assert methodology_for(dt.date(2026, 10, 1)).id == "dvcqg-2026"


def test_unknown_methodology_name_is_a_vietnamese_error_listing_the_available_ones() -> None:
    with pytest.raises(MethodologyError, match="dvcqg-2026"):
        load_methodology("dvcqg-2019")


def test_a_level_missing_from_the_catalogue_is_an_error() -> None:
    with pytest.raises(MethodologyError, match="Cấp đơn vị 'village'"):
        load_methodology().indicator("DOSSIER_SYNC").rule_for("village")


def test_loading_from_a_path_and_as_json() -> None:
    m = load_methodology(PACKAGE_DIR / "dvcqg-2026.toml")
    assert isinstance(m, Methodology)
    data = m.to_dict()
    assert data["id"] == "dvcqg-2026" and len(data["indicators"]) == 21
    assert data["indicators"][5]["levels"]["commune"]["counting"] == "procedures_full_online"
