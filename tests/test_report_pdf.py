"""The report as PDF through LibreOffice headless (issue 4): page count, page numbers, title and total in the text.

Skipped, with the reason, only where LibreOffice (soffice) or poppler (pdftotext, pdfinfo) is missing; CI installs
them (.ci/run, Makefile). The .docx never depends on them: that is tested where soffice is hidden.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from chiso.report import PdfUnavailableError, soffice_path, write_report
from chiso.report.pdf import convert_to_pdf
from chiso.timeutil import format_number_vi
from tests.test_report_docx import AS_OF, COMMUNE_A, PERIOD, build_store

needs_pdf = pytest.mark.skipif(
    soffice_path() is None or shutil.which("pdftotext") is None or shutil.which("pdfinfo") is None,
    reason="LibreOffice (soffice) hoặc poppler-utils (pdftotext, pdfinfo) chưa được cài; CI cài qua .ci/run",
)


@pytest.fixture(scope="module")
def pdf(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Any]:
    if soffice_path() is None:
        pytest.skip("LibreOffice (soffice) chưa được cài; CI cài qua .ci/run")
    b = build_store()
    out = tmp_path_factory.mktemp("pdf")
    paths = write_report(b.store, COMMUNE_A, PERIOD, out=out, formats="docx,pdf", as_of=AS_OF)
    from chiso.report import build_report

    score = build_report(b.store, COMMUNE_A, PERIOD, as_of=AS_OF).data.score
    b.store.close()
    docx_path = next(p for p in paths if p.suffix == ".docx")
    pdf_path = next(p for p in paths if p.suffix == ".pdf")
    return docx_path, pdf_path, score


def pages_text(pdf: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return text.split("\f")[:-1] if text.endswith("\f") else text.split("\f")


def page_count(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    match = re.search(r"^Pages:\s+(\d+)", info, re.M)
    assert match
    return int(match[1])


@needs_pdf
def test_pdf_text_has_title_total_and_header(pdf: tuple[Path, Path, Any]) -> None:
    """pdftotext finds the title, the total with its decimal comma, the header and the national title."""
    _, pdf_path, score = pdf
    first = pages_text(pdf_path)[0]
    assert "BÁO CÁO" in first
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in first
    assert "XÃ AN BÌNH" in first
    whole = "\n".join(pages_text(pdf_path))
    assert f"{format_number_vi(score.total)}/100 điểm" in " ".join(whole.split())


@needs_pdf
def test_pdf_page_count_matches_its_page_numbers(pdf: tuple[Path, Path, Any]) -> None:
    """Right page count: every page after the first carries its own number at the top (NĐ 30/2020), so the last
    number printed equals pdfinfo's count; no blank page; the annex starts on a fresh page."""
    _, pdf_path, _ = pdf
    pages = pages_text(pdf_path)
    count = page_count(pdf_path)
    assert count == len(pages)
    assert 3 <= count <= 12
    for n, text in enumerate(pages, start=1):
        assert text.strip(), f"trang {n} trống"
        if n > 1:
            assert text.strip().splitlines()[0].strip() == str(n)
    assert not re.match(r"\s*1\s*\n", pages[0])  # no number on the first page
    annex = [n for n, text in enumerate(pages, start=1) if re.match(r"\s*\d*\s*Phụ lục\b", text.strip())]
    assert annex, "phụ lục phải bắt đầu ở đầu một trang"
    body = "\n".join(pages[: annex[0] - 1])
    assert "Nơi nhận:" in body and "TM. ỦY BAN NHÂN DÂN" in body


@needs_pdf
def test_conversion_of_many_files_in_one_call(pdf: tuple[Path, Path, Any], tmp_path: Path) -> None:
    """Batch conversion: several .docx in one LibreOffice call, each with its PDF."""
    docx_path = pdf[0]
    copies = []
    for n in range(2):
        target = tmp_path / f"copy{n}.docx"
        target.write_bytes(docx_path.read_bytes())
        copies.append(target)
    out = convert_to_pdf(copies)
    assert [p.name for p in out] == ["copy0.pdf", "copy1.pdf"]
    assert all(p.read_bytes()[:5] == b"%PDF-" for p in out)


def test_missing_libreoffice_is_a_clear_error_and_docx_still_works(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without LibreOffice, asking for PDF fails fast with a Vietnamese message saying how to install it; the .docx
    alone never needs it."""
    monkeypatch.setenv("CHISO_SOFFICE", str(tmp_path / "khong-co-soffice"))
    b = build_store()
    with pytest.raises(PdfUnavailableError, match=r"Không tìm thấy LibreOffice.*apt-get install"):
        write_report(b.store, COMMUNE_A, PERIOD, out=tmp_path, formats="docx,pdf", as_of=AS_OF)
    paths = write_report(b.store, COMMUNE_A, PERIOD, out=tmp_path, formats="docx", as_of=AS_OF)
    assert [p.suffix for p in paths] == [".docx"]
    b.store.close()
