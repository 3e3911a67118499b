"""The monthly report as .docx (issue 4): format of Nghị định 30/2020/NĐ-CP, figures equal to the engine's, tasks
from the data, profiles, the province variant and batch mode.

One small store (a province, four communes with division types, a department; September and October dossiers) is
built once per module through the production write path; reports are opened back with python-docx.
"""

from __future__ import annotations

import io
import re
import tomllib
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest
from docx import Document as open_docx
from docx.shared import Cm, Pt

from chiso.compute.engine import score_subtree
from chiso.compute.period import Period
from chiso.methodology import COUNTING_KEYS, load_methodology
from chiso.report import ProfileError, build_report, load_profiles, write_report, write_reports
from chiso.report.content import document_date
from chiso.report.profile import ProfileBook
from chiso.report.tasks import actions, needed, next_period
from chiso.store import write_units
from chiso.timeutil import format_number_vi
from tests.builders import COMMUNE_A, COMMUNE_B, DEPARTMENT, PROVINCE, StoreBuilder, at

COMMUNE_C = "99003"
COMMUNE_D = "99004"
PERIOD = "2026-10"
AS_OF = at(2026, 11, 5, 8)


def build_store() -> StoreBuilder:
    """A province with four communes and a department; Xã An Bình has overdue, unsynced and unpaid dossiers."""
    b = StoreBuilder.tiny()
    write_units(
        b.store,
        pa.table(
            {
                "code": [PROVINCE, COMMUNE_A, COMMUNE_B, COMMUNE_C, COMMUNE_D, DEPARTMENT],
                "name": [
                    "Tỉnh Thử Nghiệm",
                    "Xã An Bình",
                    "Phường Hòa Lạc",
                    "Xã Tân Lập",
                    "Phường Đông Hải",
                    "Sở Tư pháp",
                ],
                "level": ["province", "commune", "commune", "commune", "commune", "department"],
                "parent_code": [None, PROVINCE, PROVINCE, PROVINCE, PROVINCE, PROVINCE],
                "division_type": ["tỉnh", "xã", "phường", "xã", "phường", "sở"],
                "e_certified_copy": [False, True, False, False, True, False],
            }
        ),
    )
    for i in range(4):  # September: all on time
        b.dossier(
            at(2026, 9, 7 + i, 9),
            due=at(2026, 9, 10 + i, 17),
            events=[("finished", at(2026, 9, 8 + i, 10))],
            synced=True,
            channel="online",
        )
    for i in range(6):  # October: on time, online, synced
        b.dossier(
            at(2026, 10, 5 + i, 9),
            due=at(2026, 10, 8 + i, 17),
            events=[("finished", at(2026, 10, 7 + i, 10))],
            synced=True,
            channel="online",
            digitised=True,
        )
    for i in range(3):  # October: still open and overdue, not synced
        b.dossier(at(2026, 10, 12 + i, 9), due=at(2026, 10, 14 + i, 17), code=f"QH-{i + 1}")
    b.dossier(
        at(2026, 10, 20, 9),
        procedure="1.000002",
        fee_required=True,
        due=at(2026, 10, 21, 17),
        events=[("finished", at(2026, 10, 27, 10))],
        code="PHI-1",
    )
    for unit in (COMMUNE_B, COMMUNE_D):
        for i in range(3):
            b.dossier(
                at(2026, 10, 6 + i, 9),
                unit=unit,
                due=at(2026, 10, 9 + i, 17),
                synced=True,
                events=[("finished", at(2026, 10, 7 + i, 10))],
                channel="online",
                digitised=True,
                e_result=True,
            )
    b.dossier(
        at(2026, 10, 6, 9),
        unit=COMMUNE_C,
        due=at(2026, 10, 8, 17),
        synced=True,
        events=[("finished", at(2026, 10, 9, 16))],
    )
    b.dossier(
        at(2026, 10, 8, 9),
        unit=DEPARTMENT,
        procedure="2.000001",
        due=at(2026, 10, 20, 17),
        synced=True,
        events=[("finished", at(2026, 10, 15, 10))],
        channel="online",
    )
    return b


@pytest.fixture(scope="module")
def store() -> Any:
    b = build_store()
    yield b.store
    b.store.close()


@pytest.fixture(scope="module")
def commune_report(store: Any, tmp_path_factory: pytest.TempPathFactory) -> tuple[Any, Path]:
    out = tmp_path_factory.mktemp("commune")
    report = build_report(store, COMMUNE_A, PERIOD, as_of=AS_OF)
    path = out / f"{report.stem}.docx"
    report.docx(path)
    return report, path


@pytest.fixture(scope="module")
def doc(commune_report: tuple[Any, Path]) -> Any:
    return open_docx(str(commune_report[1]))


def body_texts(document: Any) -> list[str]:
    """Paragraph texts of the body in document order, tables flattened cell by cell (nested paragraphs included)."""
    out: list[str] = []
    for el in document.element.body.iterchildren():
        tag = el.tag.rsplit("}", 1)[-1]
        if tag == "p":
            out.append("".join(t.text or "" for t in el.iter() if t.tag.endswith("}t")))
        elif tag == "tbl":
            for p in el.iter():
                if p.tag.endswith("}p"):
                    out.append("".join(t.text or "" for t in p.iter() if t.tag.endswith("}t")))
    return out


def full_text(document: Any) -> str:
    return "\n".join(body_texts(document))


def effective(run: Any, paragraph: Any, attr: str) -> Any:
    """A run's font attribute as displayed: the run's own, else its paragraph style's chain."""
    value = getattr(run.font, attr)
    style = paragraph.style
    while value is None and style is not None:
        value = getattr(style.font, attr)
        style = style.base_style
    return value


def groups_table(document: Any) -> Any:
    return next(t for t in document.tables if t.rows[0].cells[1].text == "Nhóm chỉ số")


# ---------------------------------------------------------------------------------------------------------------
# Nghị định 30/2020/NĐ-CP layout


def test_page_is_a4_with_decree_margins(doc: Any) -> None:
    """Phụ lục I NĐ 30/2020: A4; top/bottom 20–25 mm, left 30–35 mm, right 15–20 mm."""
    s = doc.sections[0]
    assert abs(s.page_width - Cm(21)) < Cm(0.01) and abs(s.page_height - Cm(29.7)) < Cm(0.01)
    assert Cm(2) - Cm(0.01) <= s.top_margin <= Cm(2.5) and Cm(2) - Cm(0.01) <= s.bottom_margin <= Cm(2.5)
    assert Cm(3) - Cm(0.01) <= s.left_margin <= Cm(3.5) and Cm(1.5) - Cm(0.01) <= s.right_margin <= Cm(2)


def test_body_font_is_times_new_roman_13_to_14_pt(doc: Any) -> None:
    """NĐ 30/2020: Times New Roman (all scripts, so Vietnamese letters never fall back), body 13–14 pt."""
    normal = doc.styles["Normal"]
    assert normal.font.name == "Times New Roman"
    fonts = normal.element.rPr.rFonts
    assert {fonts.get(f"{{{fonts.nsmap['w']}}}{k}") for k in ("ascii", "hAnsi", "cs", "eastAsia")} == {
        "Times New Roman"
    }
    body = [p for p in doc.paragraphs if p.style.name == "Chiso Body"]
    assert len(body) > 10
    for p in body:
        for r in p.runs:
            assert effective(r, p, "name") == "Times New Roman"
            assert Pt(13) <= effective(r, p, "size") <= Pt(14)


def test_header_table_has_issuing_body_national_title_number_and_date(doc: Any) -> None:
    """NĐ 30/2020 header: issuing body in bold capitals (left), national title and motto in bold (right),
    "Số: …/BC-UBND" under the body, italic place and date under the motto (day padded: "ngày 05")."""
    header = doc.tables[0]
    left, right = header.cell(0, 0), header.cell(0, 1)
    assert [p.text for p in left.paragraphs if p.text] == ["ỦY BAN NHÂN DÂN", "XÃ AN BÌNH"]
    assert all(r.bold for p in left.paragraphs for r in p.runs if r.text)
    assert [p.text for p in right.paragraphs if p.text] == [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
    ]
    assert all(r.bold for p in right.paragraphs for r in p.runs if r.text)
    sizes = [r.font.size for p in right.paragraphs for r in p.runs if r.text]
    assert sizes == [Pt(13), Pt(14)]
    number = header.cell(1, 0).paragraphs[0]
    assert re.fullmatch(r"Số:\s+/BC-UBND", number.text)
    place = header.cell(1, 1).paragraphs[0]
    assert place.text == "An Bình, ngày 05 tháng 11 năm 2026"
    assert all(r.italic for r in place.runs)
    # Solid rules under the issuing body and the motto: paragraphs with a top border.
    for cell in (left, right):
        assert any(
            p._p.pPr is not None and p._p.pPr.find(f"{{{p._p.nsmap['w']}}}pBdr") is not None for p in cell.paragraphs
        )


def test_title_subject_and_sections_come_in_the_decree_order(doc: Any) -> None:
    """Title "BÁO CÁO", subject with the period, legal basis, I, II, III, closing, Nơi nhận/signature, annex."""
    texts = body_texts(doc)

    def index(prefix: str) -> int:
        return next(i for i, t in enumerate(texts) if t.startswith(prefix))

    order = [
        index("ỦY BAN NHÂN DÂN"),
        index("BÁO CÁO"),
        index("Kết quả Bộ chỉ số chỉ đạo, điều hành"),
        index("Thực hiện Quyết định số 766/QĐ-TTg"),
        index("Căn cứ số liệu"),
        index("I. KẾT QUẢ ĐIỂM SỐ THÁNG 10 NĂM 2026"),
        index("II. KẾT QUẢ ĐÁNH GIÁ, XẾP LOẠI"),
        index("III. NHIỆM VỤ THÁNG 11 NĂM 2026"),
        index("Trên đây là báo cáo"),
        index("Nơi nhận:"),
        index("TM. ỦY BAN NHÂN DÂN"),
        index("Phụ lục"),
    ]
    assert order == sorted(order)
    assert texts[index("BÁO CÁO")] == "BÁO CÁO"
    assert texts[index("Kết quả Bộ chỉ số")].endswith("tháng 10 năm 2026")
    assert texts[index("Trên đây là báo cáo")].endswith("./.")
    assert texts[index("TM. ỦY BAN NHÂN DÂN") + 1] == "CHỦ TỊCH"


def test_page_numbers_from_page_two_centred_in_the_top_margin(doc: Any) -> None:
    """NĐ 30/2020: page numbers centred at the top, not on the first page."""
    s = doc.sections[0]
    assert s.different_first_page_header_footer
    xml = s.header._element.xml
    assert "PAGE" in xml
    assert not s.first_page_header.paragraphs[0].text


# ---------------------------------------------------------------------------------------------------------------
# Figures equal the engine's


def test_group_points_equal_the_engine_and_sum_to_the_total(store: Any, doc: Any) -> None:
    """Spec §1: group = sum of rounded indicator points, total = sum of groups — the report shows the engine's."""
    score = score_subtree(store, unit=COMMUNE_A, period=PERIOD, as_of=AS_OF)[0]
    previous = score_subtree(store, unit=COMMUNE_A, period="2026-09", as_of=AS_OF)[0]
    m = load_methodology("dvcqg-2026")
    table = groups_table(doc)
    rows = table.rows[1:]
    assert len(rows) == len(m.groups) + 1
    for row, g in zip(rows, m.groups, strict=False):
        cells = [c.text for c in row.cells]
        assert cells[1] == g.name
        assert cells[2] == format_number_vi(g.max_points)
        assert cells[3] == format_number_vi(previous.groups[g.code])
        assert cells[4] == format_number_vi(score.groups[g.code])
    total = [c.text for c in rows[-1].cells]
    assert total[1] == "Tổng điểm" and total[4] == format_number_vi(score.total)
    assert round(sum(score.groups.values()), 2) == round(score.total, 2)
    text = full_text(doc)
    assert f"đạt {format_number_vi(score.total)}/100 điểm" in text
    for n, g in enumerate(m.groups, start=1):
        assert f"{n}. Nhóm chỉ số {g.name}: {format_number_vi(score.groups[g.code])}/" in text


def test_rank_among_peers_and_classification_are_the_engine_s(store: Any, doc: Any) -> None:
    """Spec §4: rank among same parent and level ("xếp hạng 4/4 xã, phường"); §1 bands give the class."""
    score = score_subtree(store, unit=COMMUNE_A, period=PERIOD, as_of=AS_OF)[0]
    text = full_text(doc)
    assert score.peers == 4
    assert f"xếp hạng {score.rank}/4 xã, phường của tỉnh Thử Nghiệm" in text
    assert f"xếp loại {score.classification_name}" in text
    assert "II. KẾT QUẢ ĐÁNH GIÁ, XẾP LOẠI" in text


def test_numbers_use_the_decimal_comma(doc: Any, commune_report: tuple[Any, Path]) -> None:
    """Numbers as Vietnamese write them: 42,27 (no 42.27); rates 60%."""
    report = commune_report[0]
    total = report.data.score.total
    assert not float(total).is_integer()
    text = full_text(doc)
    assert format_number_vi(total) in text and f"{total:.2f}" not in text
    for row in groups_table(doc).rows[1:]:
        for cell in row.cells[2:5]:
            assert re.fullmatch(r"\d+(,\d{1,2})?", cell.text), cell.text
    assert re.search(r"\d+,\d+%", text) or re.search(r"\d+% \(", text)
    # No number with a decimal point outside TTHC codes (1.000001), dotted thousands and the method's version tag.
    stray = [m for m in re.findall(r"(?<![\d.])\d+\.\d{1,2}(?![\d])", text) if m != "2026.1"]
    assert stray == []


def test_dates_are_written_the_vietnamese_way(doc: Any) -> None:
    """Issue date in the NĐ 30 form (ngày 05 tháng 11 năm 2026); running text "ngày 5 tháng 11 năm 2026"."""
    text = full_text(doc)
    assert "An Bình, ngày 05 tháng 11 năm 2026" in text
    assert "08:00 ngày 5 tháng 11 năm 2026" in text
    assert document_date(Period.parse("2027-02").start) == "ngày 01 tháng 02 năm 2027"
    assert document_date(Period.parse("2026-12").end) == "ngày 31 tháng 12 năm 2026"


def test_change_against_last_month_per_group(doc: Any, commune_report: tuple[Any, Path]) -> None:
    """The hand-made report lacks it: each group's change against the previous month, signed, decimal comma."""
    data = commune_report[0].data
    tdgq = next(r for r in groups_table(doc).rows if r.cells[1].text == "Tiến độ giải quyết")
    diff = data.score.groups["TDGQ"] - data.previous.groups["TDGQ"]
    assert diff < 0
    assert tdgq.cells[5].text == f"−{format_number_vi(-diff)}"
    assert f"giảm {format_number_vi(-diff)} điểm so với tháng 9 năm 2026" in full_text(doc)


def test_chart_is_embedded_as_png(doc: Any) -> None:
    """Hình 1: a matplotlib PNG of the six groups and the 6-month trend, embedded in the document."""
    assert len(doc.inline_shapes) == 1
    blob = doc.inline_shapes[0]._inline.graphic.graphicData.pic.blipFill.blip.embed
    part = doc.part.related_parts[blob]
    assert part.blob[:8] == b"\x89PNG\r\n\x1a\n"
    assert any(t.startswith("Hình 1. Điểm các nhóm chỉ số") for t in body_texts(doc))


# ---------------------------------------------------------------------------------------------------------------
# Tasks and annex from the data


def test_tasks_come_from_the_records_ordered_by_recoverable_points(commune_report: tuple[Any, Path], doc: Any) -> None:
    """III: one task per indicator losing points, largest recoverable first, with the counts of its records."""
    tasks = commune_report[0].data.tasks
    assert [t.recoverable for t in tasks] == sorted((t.recoverable for t in tasks), reverse=True)
    by_code = {t.indicator: t for t in tasks}
    assert "Giải quyết ngay 3 hồ sơ đang quá hạn" in by_code["PROGRESS_ON_TIME"].text
    assert "1 hồ sơ đã giải quyết quá hạn" in by_code["PROGRESS_ON_TIME"].text
    assert by_code["DOSSIER_SYNC"].text.startswith("Đồng bộ 4 hồ sơ chưa đồng bộ lên Cổng DVCQG")
    assert "1 hồ sơ có phí, lệ phí chưa thanh toán trực tuyến" in by_code["ONLINE_PAYMENT_DOSSIER"].text
    assert "Triển khai thanh toán trực tuyến cho 1 TTHC có phí" in by_code["ONLINE_PAYMENT_FORMALITY"].text
    text = full_text(doc)
    first = tasks[0]
    assert f"1. {first.name}: đạt {format_number_vi(first.points)}/" in text
    assert f"có thể tăng {format_number_vi(first.recoverable)} điểm" in text


def test_annex_lists_overdue_dossiers_with_due_dates_and_working_days_late(doc: Any) -> None:
    """The annex names the dossiers behind the biggest losses: overdue ones with due date and delay."""
    annex = next(t for t in doc.tables if t.rows[0].cells[-1].text == "Trễ (ngày làm việc)")
    rows = [[c.text for c in r.cells] for r in annex.rows[1:]]
    by_code = {r[1]: r for r in rows}
    assert set(by_code) == {"QH-1", "QH-2", "QH-3", "PHI-1"}
    assert by_code["QH-1"][4] == "14/10/2026 17:00"
    assert by_code["QH-1"][5] == "Đang xử lý"
    assert int(by_code["QH-1"][6]) > int(by_code["QH-3"][6]) > 0  # judged at 31/10: the oldest is the latest
    assert by_code["PHI-1"][5] == "Đã giải quyết"
    text = full_text(doc)
    assert "Hồ sơ chưa đồng bộ lên Cổng DVCQG" in text
    assert "Hồ sơ có phí, lệ phí chưa thanh toán trực tuyến" in text


def test_every_counting_key_has_an_action_whose_templates_fill() -> None:
    """The action phrases are data keyed by counting key (assets/tasks.toml): all keys covered, all fill."""
    table = actions()
    assert set(COUNTING_KEYS) <= set(table)
    words = dict.fromkeys(
        (
            "n",
            "num",
            "den",
            "open",
            "closed",
            "need",
            "need_partial",
            "procedures",
            "units",
            "target",
            "at_units",
            "period",
            "next_period",
        ),
        "1",
    )
    for action in table.values():
        for _, text in action.clauses:
            text.format(**words)
        action.always.format(**words)
        action.empty.format(**words)
        assert all(when in words for when, _ in action.clauses)


def test_records_needed_to_reach_a_threshold() -> None:
    """ONLINE_SUBMISSION reaches full points at 50 %: 20 of 100 online needs 30 more; reached needs none."""
    assert needed(20, 100, 0.5) == 30
    assert needed(50, 100, 0.5) == 0
    assert needed(2, 3, 0.8) == 1  # 0,8 × 3 = 2,4 → 3
    assert next_period(Period.parse("2026-12")).key == "2027-01"
    assert next_period(Period.parse("2026-Q4")).key == "2027-Q1"


# ---------------------------------------------------------------------------------------------------------------
# Profiles


def test_profile_file_sets_number_signer_recipients_and_legal_basis(store: Any, tmp_path: Path) -> None:
    """Names, signer, recipients and number come from the profile, not from code."""
    profile = tmp_path / "profile.toml"
    profile.write_text(
        """
[defaults]
legal_basis = ["Thực hiện Quyết định số 766/QĐ-TTg ngày 23/6/2022 của Thủ tướng Chính phủ;",
               "Thực hiện Kế hoạch số 12/KH-UBND ngày 10/01/2026 của UBND {province_lc};"]

[units."99001"]
document_number = "125"
signer_name = "Nguyễn Văn An"
signature_title = ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]
recipients = ["Văn phòng UBND tỉnh;", "Lưu: VT."]
""",
        encoding="utf-8",
    )
    path = write_report(store, COMMUNE_A, PERIOD, out=tmp_path, as_of=AS_OF, profiles=load_profiles(profile))[0]
    d = open_docx(str(path))
    text = full_text(d)
    assert d.tables[0].cell(1, 0).paragraphs[0].text == "Số: 125/BC-UBND"
    assert "Thực hiện Kế hoạch số 12/KH-UBND ngày 10/01/2026 của UBND tỉnh Thử Nghiệm;" in text
    assert "Nguyễn Văn An" in text and "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH" in text
    assert "- Văn phòng UBND tỉnh;\n- Lưu: VT." in text


def test_profile_defaults_follow_the_unit_level() -> None:
    """Defaults derive from the unit: a department has its province as managing body and a director signs."""
    from chiso.report.profile import UnitRef

    ref = UnitRef("99.STP", "Sở Tư pháp", "department", "sở", "99", "99", "Tỉnh Thử Nghiệm", "tỉnh")
    p = ProfileBook.empty().for_unit(ref)
    assert p.issuing_parent == "UBND TỈNH THỬ NGHIỆM"
    assert p.issuing_body == ("SỞ TƯ PHÁP",)
    assert p.symbol == "BC-STP" and p.signature_title == ("GIÁM ĐỐC",)
    assert p.place == "Thử Nghiệm"
    ward = UnitRef("99002", "Phường Hòa Lạc", "commune", "phường", "99", "99", "Tỉnh Thử Nghiệm", "tỉnh")
    w = ProfileBook.empty().for_unit(ward)
    assert w.issuing_body == ("ỦY BAN NHÂN DÂN", "PHƯỜNG HÒA LẠC")
    assert w.short_name == "UBND phường Hòa Lạc" and w.place == "Hòa Lạc"
    assert w.signature_title == ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH")


def test_profile_errors_name_the_file_and_key(tmp_path: Path) -> None:
    """A misspelt key or a bad template is a Vietnamese error naming the file and the key."""
    bad = tmp_path / "bad.toml"
    bad.write_text('[units."99001"]\nsigner = "A"\n', encoding="utf-8")
    with pytest.raises(ProfileError, match=r"bad\.toml.*signer"):
        load_profiles(bad)
    with pytest.raises(ProfileError, match="Không tìm thấy tệp hồ sơ đơn vị"):
        load_profiles(tmp_path / "missing.toml")
    tmpl = tmp_path / "tmpl.json"
    tmpl.write_text('{"defaults": {"place": "{ten_xa}"}}', encoding="utf-8")
    book = load_profiles(tmpl)
    from chiso.report.profile import UnitRef

    with pytest.raises(ProfileError, match="ten_xa"):
        book.for_unit(UnitRef("1", "Xã A", "commune", "xã", "9", "9", "Tỉnh B", "tỉnh"))


def test_example_profile_in_docs_is_valid() -> None:
    """docs/report-profile.example.toml loads (it is what docs/report.md tells users to copy)."""
    path = Path(__file__).resolve().parents[1] / "docs" / "report-profile.example.toml"
    tomllib.loads(path.read_text(encoding="utf-8"))
    load_profiles(path)


# ---------------------------------------------------------------------------------------------------------------
# Province variant, batch mode, Markdown


def test_province_report_lists_every_unit_with_rank_and_class(store: Any) -> None:
    """The province's own result plus the table of all its communes and departments with rank and class."""
    report = build_report(store, PROVINCE, PERIOD, as_of=AS_OF)
    d = open_docx(io.BytesIO(report.docx()))
    scores = {s.id: s for s in score_subtree(store, unit=PROVINCE, period=PERIOD, as_of=AS_OF)}
    assert d.tables[0].cell(0, 0).paragraphs[0].text == "ỦY BAN NHÂN DÂN"
    assert "TỈNH THỬ NGHIỆM" in d.tables[0].cell(0, 0).text
    ranking = [t for t in d.tables if t.rows[0].cells[0].text == "Xếp hạng"]
    rows = {r.cells[1].text: [c.text for c in r.cells] for t in ranking for r in t.rows[1:]}
    children = {k for k in scores if k != PROVINCE}
    assert set(rows) == children
    for code in children:
        s = scores[code]
        assert rows[code][0] == f"{s.rank}/{s.peers}"
        assert rows[code][-2] == format_number_vi(s.total)
        assert rows[code][-1] == s.classification_name
    assert d.sections[-2].page_width > d.sections[-2].page_height  # the wide table is on landscape pages
    text = full_text(d)
    assert f"đạt {format_number_vi(scores[PROVINCE].total)}/100 điểm" in text
    assert "Xã, phường, đặc khu (4 đơn vị)" in text


def test_batch_writes_every_unit_report(store: Any, tmp_path: Path) -> None:
    """Batch mode: one report per unit of the province (province, department, communes) for the period."""
    result = write_reports(store, PERIOD, out=tmp_path, root=PROVINCE, as_of=AS_OF, formats="docx,md")
    docx_files = sorted(p for p in result.paths if p.suffix == ".docx")
    assert result.units == 6 and len(docx_files) == 6
    assert len([p for p in result.paths if p.suffix == ".md"]) == 6
    # Ranks in batch mode are the same as in a single report (the batch scores all peers once).
    single = build_report(store, COMMUNE_C, PERIOD, as_of=AS_OF).data.score
    batch_doc = open_docx(str(next(p for p in docx_files if COMMUNE_C in p.name)))
    assert f"xếp hạng {single.rank}/{single.peers}" in full_text(batch_doc)


def test_markdown_says_the_same_as_the_docx(commune_report: tuple[Any, Path], tmp_path: Path) -> None:
    """The Markdown output carries the same header, total, groups table and tasks; the chart sits next to it."""
    report = commune_report[0]
    md = report.markdown(tmp_path / "r.md")
    assert (tmp_path / "r.png").read_bytes()[:4] == b"\x89PNG"
    assert "# BÁO CÁO" in md and "**XÃ AN BÌNH**" in md
    assert f"| **{format_number_vi(report.data.score.total)}** |" in md
    assert "## III. NHIỆM VỤ THÁNG 11 NĂM 2026" in md
    assert report.data.tasks[0].text in md
