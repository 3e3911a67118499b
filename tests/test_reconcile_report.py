"""The monthly report carries the reconciliation as an annex when the portal's figures of the period were imported
and differ (issue 6: "Số liệu trên Cổng DVCQG chưa đúng với thực tế …", backed by the list of records)."""

from __future__ import annotations

from pathlib import Path

from chiso.report import build_report
from tests.builders import COMMUNE_A
from tests.reconcile_support import AS_OF, PERIOD, full_world, local_world


def test_report_has_the_portal_annex_and_points_to_it(tmp_path: Path) -> None:
    b = full_world(tmp_path)
    report = build_report(b.store, COMMUNE_A, PERIOD, as_of=AS_OF)
    annex = report.document.annexes[-1]
    assert annex.title == "SỐ LIỆU TRÊN CỔNG DỊCH VỤ CÔNG QUỐC GIA CHƯA ĐÚNG VỚI THỰC TẾ"
    md = report.markdown()
    assert f"chi tiết tại {annex.label}" in md
    assert "D-STATUS" in md and "lệch 9,67 điểm" in md
    assert report.docx()[:2] == b"PK"


def test_report_without_portal_data_has_no_portal_annex() -> None:
    b = local_world()
    report = build_report(b.store, COMMUNE_A, PERIOD, as_of=AS_OF)
    assert all("CỔNG DỊCH VỤ CÔNG" not in a.title for a in report.document.annexes)
    assert "Số liệu trên Cổng DVCQG chưa đúng" not in report.markdown()
