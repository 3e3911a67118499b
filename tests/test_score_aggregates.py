"""``chiso score --aggregates``: the JSON input is validated with JSON paths, scored and ranked (issue 3 item 2)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from chiso.score import AggregatesError, parse_aggregates, read_aggregates, score_aggregates

DOC: dict[str, Any] = {
    "methodology": "dvcqg-2026",
    "units": [
        {
            "id": "01",
            "name": "Thành phố Hà Nội",
            "level": "province",
            "metrics": {
                "PROGRESS_ON_TIME": {"numerator": 144625, "denominator": 184513},
                "ONLINE_PAYMENT_DOSSIER": {"numerator": 842, "denominator": 1001},
                "ONLINE_PAYMENT_FORMALITY": {"numerator": 37, "denominator": 123},
                "PAYMENT_INTEGRATED_FORMALITY": {"numerator": 20, "denominator": 111},
                "DOSSIER_SYNC": None,
                "PUBLISH_ON_TIME": {"numerator": None, "denominator": None},
            },
        },
        {"id": "00070", "name": "Phường Hoàn Kiếm", "level": "commune", "parent": "01"},
    ],
}


def problems(doc: Any) -> list[tuple[str, str]]:
    with pytest.raises(AggregatesError) as info:
        parse_aggregates(doc)
    for path, _ in info.value.problems:
        assert path in str(info.value)
    return info.value.problems


def test_output_shape_per_unit() -> None:
    """Issue 3: {"units": [{"id", "indicators": {CODE: {"ratio", "points"}}, "groups", "total", "classification"}]}
    plus name, level, parent, counts, rank and peers."""
    out = score_aggregates(DOC)
    assert out["methodology"] == "dvcqg-2026"
    first = out["units"][0]
    assert list(first) == [
        "id",
        "name",
        "level",
        "parent",
        "indicators",
        "groups",
        "total",
        "classification",
        "rank",
        "peers",
    ]
    assert first["indicators"]["PROGRESS_ON_TIME"] == {
        "ratio": 144625 / 184513,
        "points": 15.68,
        "numerator": 144625,
        "denominator": 184513,
    }
    assert first["indicators"]["DOSSIER_SYNC"] == {
        "ratio": None,
        "points": None,
        "numerator": None,
        "denominator": None,
    }
    assert len(first["indicators"]) == 21
    assert first["groups"] == {"CKMB": 0.0, "TDGQ": 15.68, "CLGQ": 0.0, "TTTT": 6.25, "MDHL": 12.0, "MDSH": 0.0}
    assert (first["total"], first["classification"], first["rank"], first["peers"]) == (33.93, "yeu", 1, 1)
    # A unit without metrics is scored as all-empty; json round-trips the whole output.
    assert out["units"][1]["total"] == 12.0 and out["units"][1]["parent"] == "01"
    assert json.loads(json.dumps(out)) == out


def test_methodology_defaults_to_2026_and_can_be_overridden() -> None:
    doc = {"units": [{"id": "x", "level": "commune", "metrics": {"PUBLISH_ON_TIME": None}}]}
    assert score_aggregates(doc)["units"][0]["groups"]["CKMB"] == 0.0
    out = score_aggregates(doc, "dvcqg-2025")
    assert out["methodology"] == "dvcqg-2025"
    assert out["units"][0]["groups"]["CKMB"] == 10.0  # 6 + 4 awarded in full (§4b)
    assert out["units"][0]["name"] == "x"


def test_validation_names_each_json_path() -> None:
    """Every problem is reported at once, each with its JSON path and a Vietnamese message."""
    doc = {
        "methodology": "dvcqg-2026",
        "unit": [],
        "units": [
            {"id": 1, "level": "tinh"},
            {
                "id": "02",
                "level": "province",
                "metrics": {
                    "PROGRESS_ON_TIME": {"numerator": 5, "denominator": 4},
                    "ONLINE_SUBMISSION": {"numerator": "3", "denominator": 4},
                    "DOSIER_SYNC": {"numerator": 1, "denominator": 1},
                    "ONLINE_PROVISION": {"numerator": -1, "denominator": 4},
                    "ONLINE_PAYMENT_DOSSIER": {"numerator": 1, "denominator": 2, "ratio": 0.5},
                    "REUSED_DIGITIZED_DATA": 0.5,
                },
            },
            {"id": "02", "level": "province"},
            "03",
        ],
    }
    paths = [p for p, _ in problems(doc)]
    assert paths == [
        "$.unit",
        "$.units[0].id",
        "$.units[0].level",
        "$.units[1].metrics.PROGRESS_ON_TIME",
        "$.units[1].metrics.ONLINE_SUBMISSION.numerator",
        "$.units[1].metrics.DOSIER_SYNC",
        "$.units[1].metrics.ONLINE_PROVISION.numerator",
        "$.units[1].metrics.ONLINE_PAYMENT_DOSSIER.ratio",
        "$.units[1].metrics.REUSED_DIGITIZED_DATA",
        "$.units[2].id",
        "$.units[3]",
    ]


@pytest.mark.parametrize(
    ("doc", "path"),
    [
        ([], "$"),
        ({"methodology": "dvcqg-1999", "units": []}, "$.methodology"),
        ({"units": {}}, "$.units"),
        ({"units": [{"id": "a", "level": "commune", "metrics": []}]}, "$.units[0].metrics"),
        ({"units": [{"id": "a", "level": "commune", "parent": 5}]}, "$.units[0].parent"),
        ({"units": [{"id": "a", "level": "commune", "extra": 5}]}, "$.units[0].extra"),
        (
            {"units": [{"id": "a", "level": "commune", "metrics": {"DOSSIER_SYNC": {"numerator": 1}}}]},
            "$.units[0].metrics.DOSSIER_SYNC",
        ),
    ],
)
def test_structural_errors(doc: Any, path: str) -> None:
    with pytest.raises(AggregatesError, match=r"tại \$"):
        parse_aggregates(doc)
    if path != "$":
        assert path in [p for p, _ in problems(doc)]


def test_reading_a_file_reports_syntax_errors_with_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"units": [\n  {"id": "a",}\n]}', encoding="utf-8")
    with pytest.raises(AggregatesError, match=r"bad\.json: JSON sai cú pháp ở dòng 2"):
        read_aggregates(bad)
    with pytest.raises(AggregatesError, match="Không tìm thấy"):
        read_aggregates(tmp_path / "missing.json")
    good = tmp_path / "good.json"
    good.write_text(json.dumps(DOC), encoding="utf-8")
    assert score_aggregates(read_aggregates(good)) == score_aggregates(DOC)
