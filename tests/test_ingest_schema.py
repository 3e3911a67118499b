"""The column schema: canonical names and aliases, entity detection, and the documentation kept in step."""

from __future__ import annotations

from pathlib import Path

import pytest

from chiso.ingest.schema import ENTITIES, ORDER, detect_entity, entity_named, map_columns
from chiso.ingest.text import fold
from chiso.store.writer import COLUMNS

DOC = Path(__file__).resolve().parents[1] / "docs" / "import-format.md"


def test_every_writer_column_is_importable_with_the_writers_type() -> None:
    """Rule: the schema maps onto chiso.store.writer.COLUMNS — same names, same Arrow types."""
    for name, columns in COLUMNS.items():
        spec = ENTITIES[name]
        for column, (arrow_type, required) in columns.items():
            assert spec.has(column), f"{name}.{column} cannot be imported"
            assert spec.field(column).type.arrow_type == arrow_type, f"{name}.{column}"
            # Only an event's id may be left out on import (it is then derived).
            if required and (name, column) != ("dossier_events", "event_id"):
                assert spec.field(column).required, f"{name}.{column} should be required"


def test_dependency_order_puts_referenced_entities_first() -> None:
    """Rule: units → procedures → dossiers → events → payments → petitions."""
    assert ORDER == ("units", "procedures", "dossiers", "dossier_events", "payments", "petitions")


@pytest.mark.parametrize(
    ("header", "canonical"),
    [
        ("MaHoSo", "code"),
        ("Mã hồ sơ", "code"),
        ("ma_ho_so", "code"),
        ("MA HO SO", "code"),
        ("MaDonVi", "unit_code"),
        ("MaTTHC", "procedure_code"),
        ("NgayTiepNhan", "received_at"),
        ("Ngày hẹn trả", "due_at"),
        ("KenhThucHien", "channel"),
        ("NgayKetThucXuLy", "finished_at"),
        ("NgayTraKetQua", "result_returned_at"),
        ("NgayDongBo", "synced_at"),
        ("DaDongBo", "synced"),
        ("NgayCapNhat", "source_updated_at"),
        ("received_at", "received_at"),
    ],
)
def test_dossier_headers_accept_vietnamese_aliases_in_any_case_and_spelling(header: str, canonical: str) -> None:
    """Rule: headers match ignoring case, diacritics, spaces and underscores."""
    assert ENTITIES["dossiers"].match(header) == canonical


def test_vietnamese_aliases_of_the_other_entities() -> None:
    """Rule: the one-stop export names of units, TTHC, payments and PAKN are accepted."""
    assert ENTITIES["units"].match("TenDonVi") == "name"
    assert ENTITIES["units"].match("CapDonVi") == "level"
    assert ENTITIES["units"].match("MaDonViCha") == "parent_code"
    assert ENTITIES["procedures"].match("TenTTHC") == "name"
    assert ENTITIES["procedures"].match("MucDoDVC") == "online_level"
    assert ENTITIES["procedures"].match("CoPhi") == "fee_bearing"
    assert ENTITIES["procedures"].match("ThoiHanGiaiQuyet") == "time_limit"
    assert ENTITIES["procedures"].match("MaCoQuanThucHien") == "agency_code"
    assert ENTITIES["payments"].match("MaGiaoDich") == "payment_id"
    assert ENTITIES["payments"].match("SoTien") == "amount"
    assert ENTITIES["payments"].match("HinhThucThanhToan") == "method"
    assert ENTITIES["payments"].match("NgayThanhToan") == "paid_at"
    assert ENTITIES["petitions"].match("MaPAKN") == "code"
    assert ENTITIES["petitions"].match("NgayHanXuLy") == "due_at"
    assert ENTITIES["petitions"].match("NgayXuLy") == "handled_at"


def test_fold_removes_case_diacritics_and_separators() -> None:
    """Rule: "Trực tuyến", "truc_tuyen", "TrucTuyen" are one word; đ is d."""
    assert fold("Trực tuyến") == fold("truc_tuyen") == fold("TrucTuyen") == "tructuyen"
    assert fold("Đơn vị") == "donvi"


@pytest.mark.parametrize(
    ("headers", "entity"),
    [
        (["MaDonVi", "TenDonVi", "CapDonVi", "MaDonViCha"], "units"),
        (["MaCoQuanCongBo", "MaTTHC", "TenTTHC", "CapThucHien", "MucDoDVC"], "procedures"),
        (["MaHoSo", "MaDonVi", "MaTTHC", "KenhThucHien", "NgayTiepNhan", "NgayHenTra"], "dossiers"),
        (["MaHoSo", "TrangThai", "ThoiGian"], "dossier_events"),
        (["MaGiaoDich", "MaHoSo", "SoTien", "HinhThucThanhToan", "NgayThanhToan"], "payments"),
        (["MaPAKN", "MaDonVi", "NgayTiepNhan", "NgayHanXuLy"], "petitions"),
        # Canonical names: a dossier file also holds a petition's required columns; more matches win.
        (["code", "unit_code", "procedure_code", "channel", "received_at"], "dossiers"),
    ],
)
def test_entity_is_detected_from_the_header(headers: list[str], entity: str) -> None:
    """Rule: the entity whose required columns are present and which recognises the most columns."""
    found = detect_entity(headers)
    assert found.entity is not None and found.entity.name == entity


def test_detection_is_ambiguous_when_two_entities_match_equally() -> None:
    """Rule: a tie is refused (the user names the entity with --entity)."""
    # Complete as a payment and as an event, four recognised columns each.
    found = detect_entity(
        [
            "MaHoSo",
            "MaGiaoDich",
            "SoTien",
            "HinhThucThanhToan",
            "NgayThanhToan",
            "TrangThai",
            "ThoiGian",
            "GhiChu",
            "NguoiXuLy",
        ]
    )
    assert found.entity is None
    assert set(found.candidates) == {"payments", "dossier_events"}


def test_detection_names_the_closest_entity_when_nothing_matches() -> None:
    """Rule: an unknown header is refused with the closest entity and its missing columns."""
    found = detect_entity(["MaHoSo", "MaDonVi", "NgayTiepNhan"])
    assert found.entity is None and not found.candidates
    assert found.closest is not None and found.closest.entity.name == "dossiers"
    assert set(found.closest.missing) == {"procedure_code", "channel"}


def test_entity_names_accept_vietnamese_aliases() -> None:
    """Rule: --entity ho_so / pakn / tthc …"""
    assert entity_named("ho_so") is ENTITIES["dossiers"]
    assert entity_named("PAKN") is ENTITIES["petitions"]
    assert entity_named("tthc") is ENTITIES["procedures"]
    assert entity_named("dossier_events") is ENTITIES["dossier_events"]
    assert entity_named("bogus") is None


def test_two_headers_for_one_field_are_reported() -> None:
    """Error class DUPLICATE_COLUMN is detected on the header."""
    cmap = map_columns(ENTITIES["dossiers"], ["MaHoSo", "SoHoSo", "MaDonVi"])
    assert cmap.duplicates == (("code", ("MaHoSo", "SoHoSo")),)


def test_the_documentation_lists_every_column_and_alias() -> None:
    """Rule: docs/import-format.md documents every accepted name (regenerate with python -m chiso.ingest.schema)."""
    text = DOC.read_text(encoding="utf-8")
    for spec in ENTITIES.values():
        assert f"### {spec.name} " in text
        for f in spec.fields:
            assert f"`{f.name}`" in text, f.name
            for alias in f.aliases:
                assert f"`{alias}`" in text, alias
