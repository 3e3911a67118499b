"""Loading validates a catalogue and names the file and every offending key, in Vietnamese (spec §1: maxima sum to
100, groups complete; a corrected rule must be a data change that cannot silently break the index)."""

from __future__ import annotations

from pathlib import Path

import pytest

from chiso.methodology import MethodologyError, load_methodology, parse_methodology

SOURCE = Path(__file__).resolve().parents[1] / "src" / "chiso" / "methodology" / "dvcqg-2026.toml"


def broken(tmp_path: Path, old: str, new: str, count: int = 1) -> Path:
    """A copy of dvcqg-2026.toml with ``old`` replaced by ``new`` (``count`` occurrences)."""
    text = SOURCE.read_text(encoding="utf-8")
    assert old in text, old
    path = tmp_path / "broken.toml"
    path.write_text(text.replace(old, new, count), encoding="utf-8")
    return path


def problems(path: Path) -> MethodologyError:
    with pytest.raises(MethodologyError) as info:
        load_methodology(path)
    assert "broken.toml" in str(info.value)  # the message names the file
    return info.value


def test_group_maxima_must_sum_to_100(tmp_path: Path) -> None:
    """§1: the six groups total 100 points."""
    tttt = 'code = "TTTT"\nname = "Thanh toán trực tuyến"\nmax_points = '
    err = problems(broken(tmp_path, tttt + "10", tttt + "8"))
    keys = [k for k, _ in err.problems]
    assert "groups" in keys and "phải bằng 100" in str(err)
    # The indicators of TTTT no longer add up to the group's maximum either: both problems are reported at once.
    assert "groups.TTTT" in keys


def test_indicator_maxima_must_sum_to_their_group_max(tmp_path: Path) -> None:
    sync = 'code = "DOSSIER_SYNC"\ngroup = "CKMB"\nname = "Tỷ lệ hồ sơ đồng bộ lên Cổng DVCQG"\nmax_points = '
    err = problems(broken(tmp_path, sync + "6", sync + "5"))
    assert [k for k, _ in err.problems] == ["groups.CKMB"]
    assert "khác điểm tối đa của nhóm (18)" in str(err)


def test_unknown_empty_rule_names_the_indicator_key(tmp_path: Path) -> None:
    """§2 column "d = 0": null | zero | full."""
    err = problems(broken(tmp_path, 'empty_rule = "zero"', 'empty_rule = "nothing"'))
    assert [k for k, _ in err.problems] == ["indicators.PROGRESS_ON_TIME.empty_rule"]
    assert "'nothing' không hợp lệ" in str(err)


def test_missing_group_is_reported_for_the_group_sum_and_its_indicators(tmp_path: Path) -> None:
    """Every indicator's group must exist; removing MDSH leaves 78 points and seven orphans."""
    err = problems(broken(tmp_path, '[[groups]]\ncode = "MDSH"\nname = "Số hóa hồ sơ"\nmax_points = 22\n', ""))
    keys = [k for k, _ in err.problems]
    assert "groups" in keys
    assert keys.count("indicators.ORIGINAL_RESULT_AVAILABLE.group") == 1
    assert sum(k.endswith(".group") for k in keys) == 7
    assert "ranking.tie_break" in keys  # the tie-break names a group that no longer exists


def test_group_without_indicators_is_an_error(tmp_path: Path) -> None:
    path = broken(tmp_path, 'group = "TDGQ"', 'group = "TTTT"')
    err = problems(path)
    assert "groups.TDGQ" in [k for k, _ in err.problems]
    assert "không có chỉ tiêu nào" in str(err)


def test_duplicate_indicator_code(tmp_path: Path) -> None:
    err = problems(broken(tmp_path, 'code = "PUBLIC_UPDATE_ON_TIME"', 'code = "PUBLISH_ON_TIME"'))
    assert "bị trùng" in str(err)


@pytest.mark.parametrize("value", ["0", "1.5", "-0.2", '"cao"'])
def test_threshold_must_be_in_zero_one(tmp_path: Path, value: str) -> None:
    """§1: T in (0, 1]."""
    err = problems(broken(tmp_path, "threshold = 0.5", f"threshold = {value}"))
    assert [k for k, _ in err.problems] == ["indicators.ONLINE_SUBMISSION.threshold"]


def test_unknown_confidence_and_level_values(tmp_path: Path) -> None:
    path = broken(tmp_path, 'confidence = "firm"\n\n# --- CLGQ', 'confidence = "sure"\n\n# --- CLGQ')
    assert "indicators.PROGRESS_ON_TIME.confidence" in [k for k, _ in problems(path).problems]
    path = broken(tmp_path, "levels.district = { applies = false }", "levels.village = { applies = false }")
    assert "indicators.PUBLISH_ON_TIME.levels.village" in [k for k, _ in problems(path).problems]
    path = broken(
        tmp_path, 'levels.commune = { applies = false, confidence = "firm" }', 'levels.commune = { applies = "no" }'
    )
    assert "indicators.PUBLISH_ON_TIME.levels.commune.applies" in [k for k, _ in problems(path).problems]


def test_unknown_counting_key(tmp_path: Path) -> None:
    err = problems(broken(tmp_path, 'counting = "dossiers_synced"', 'counting = "dossiers_sent"'))
    assert [k for k, _ in err.problems] == ["indicators.DOSSIER_SYNC.counting"]


def test_bands_must_be_contiguous_and_cover_0_to_100(tmp_path: Path) -> None:
    """§1: the classification covers every total from 0 to 100 with no gap or overlap."""
    err = problems(broken(tmp_path, "min = 70\nmax = 80", "min = 72\nmax = 80"))
    assert "không liền nhau" in str(err)
    err = problems(broken(tmp_path, "min = 0\nmax = 50", "min = 10\nmax = 50"))
    assert "bắt đầu từ 0" in str(err)


def test_tie_break_must_end_with_the_unit_code(tmp_path: Path) -> None:
    """§4 [open]: the chosen tie-break must be deterministic."""
    err = problems(broken(tmp_path, '"TTTT", "id"]', '"TTTT"]'))
    assert [k for k, _ in err.problems] == ["ranking.tie_break"]


def test_misspelt_key_is_reported_not_ignored(tmp_path: Path) -> None:
    err = problems(broken(tmp_path, "threshold = 0.9", "treshold = 0.9"))
    assert "indicators.DOSSIER_RECEIVING_SATISFACTION.treshold" in [k for k, _ in err.problems]


def test_toml_syntax_error_names_the_file(tmp_path: Path) -> None:
    path = broken(tmp_path, 'id = "dvcqg-2026"', 'id = "dvcqg-2026')
    with pytest.raises(MethodologyError, match=r"broken\.toml sai cú pháp TOML"):
        load_methodology(path)


def test_a_minimal_catalogue_with_other_codes_scores_without_code_changes() -> None:
    """The engine special-cases no indicator: a different catalogue (other codes, groups, rules) just works."""
    from chiso.score import Count, UnitInput, score_unit

    m = parse_methodology(MINIMAL, "toy.toml")
    unit = UnitInput("u1", "Xã Thử", "commune", {"X": Count(1, 4)})
    s = score_unit(m, unit)
    assert s.indicators["X"].points == 30.0  # 60 × min(1, 0.25 / 0.5)
    assert s.indicators["Y"].points == 40.0  # not applicable to communes → full, as this file says
    assert (s.groups, s.total, s.classification) == ({"A": 30.0, "B": 40.0}, 70.0, "pass")


MINIMAL = """
id = "toy"
version = "1"
title = "Thử"
valid_from = 2030-01-01
source = "Thử nghiệm"
[levels]
province = "Tỉnh"
commune = "Xã"
[scoring]
not_applicable = "full"
[ranking]
tie_break = ["A", "id"]
[[groups]]
code = "A"
name = "Nhóm A"
max_points = 60
[[groups]]
code = "B"
name = "Nhóm B"
max_points = 40
[[indicators]]
code = "X"
group = "A"
name = "Chỉ tiêu X"
max_points = 60
threshold = 0.5
empty_rule = "null"
counting = "dossiers_online"
numerator = "a"
denominator = "b"
source = "c"
confidence = "open"
[[indicators]]
code = "Y"
group = "B"
name = "Chỉ tiêu Y"
max_points = 40
empty_rule = "zero"
counting = "dossiers_synced"
numerator = "a"
denominator = "b"
source = "c"
confidence = "open"
levels.commune = { applies = false }
[[bands]]
code = "pass"
name = "Đạt"
min = 50
max = 100
[[bands]]
code = "fail"
name = "Chưa đạt"
min = 0
max = 50
"""
