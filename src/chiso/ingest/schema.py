"""The column schema of every importable entity: canonical names (those of :data:`chiso.store.writer.COLUMNS`),
the aliases accepted for them (the Vietnamese names one-stop systems export), how each value is read, and
detection of the entity from a file's header.

A header matches a field when both fold to the same skeleton (:func:`chiso.ingest.text.fold`): case, diacritics,
spaces and underscores do not matter, so ``Mã hồ sơ``, ``MaHoSo`` and ``ma_ho_so`` are one name.
docs/import-format.md is the readable form of this module; a test keeps them in step.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import pyarrow as pa

from chiso.ingest import vocab
from chiso.ingest.text import fold
from chiso.ingest.values import ValueType

TEXT = ValueType("text")
BOOL = ValueType("bool")
TIMESTAMP = ValueType("timestamp")
DEADLINE = ValueType("deadline")
DATE = ValueType("date")
COUNT = ValueType("int", minimum=0, maximum=2**31 - 1, arrow=pa.int32())
AMOUNT = ValueType("int", minimum=0)
DURATION = ValueType("duration")


def _v(voc: vocab.Vocabulary) -> ValueType:
    return ValueType("vocab", vocab=voc)


@dataclass(frozen=True)
class FieldSpec:
    """One importable column: canonical ``name``, how its cells are read, Vietnamese ``label``, ``aliases``.

    ``event_type`` marks a dossier status-time column (``finished_at`` …): its value becomes a dossier event."""

    name: str
    type: ValueType
    label: str
    aliases: tuple[str, ...] = ()
    required: bool = False
    event_type: str | None = None

    def spellings(self) -> tuple[str, ...]:
        """The canonical name and every alias."""
        return (self.name, *self.aliases)


@dataclass(frozen=True)
class EntitySpec:
    """An importable kind of record (one per file)."""

    name: str
    label: str  # Vietnamese, singular: "hồ sơ"
    fields: tuple[FieldSpec, ...]
    key: tuple[str, ...]
    _by_name: dict[str, FieldSpec] = field(init=False, repr=False, compare=False)
    _by_folded: dict[str, str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_name = {f.name: f for f in self.fields}
        by_folded: dict[str, str] = {}
        for f in self.fields:
            for spelling in f.spellings():
                key = fold(spelling)
                previous = by_folded.setdefault(key, f.name)
                if previous != f.name:
                    raise ValueError(f"{self.name}: {spelling!r} names both {previous} and {f.name}")
        object.__setattr__(self, "_by_name", by_name)
        object.__setattr__(self, "_by_folded", by_folded)

    def field(self, name: str) -> FieldSpec:
        """The field called ``name`` (canonical)."""
        return self._by_name[name]

    def has(self, name: str) -> bool:
        """True when ``name`` is a canonical field of this entity."""
        return name in self._by_name

    @property
    def required(self) -> tuple[str, ...]:
        """Canonical names of the columns a file must have."""
        return tuple(f.name for f in self.fields if f.required)

    @property
    def event_fields(self) -> tuple[FieldSpec, ...]:
        """Status-time columns that become dossier events."""
        return tuple(f for f in self.fields if f.event_type is not None)

    def match(self, header: str) -> str | None:
        """The canonical field a header names, or ``None``."""
        return self._by_folded.get(fold(header))


def F(
    name: str,
    type_: ValueType,
    label: str,
    *aliases: str,
    required: bool = False,
    event: str | None = None,
) -> FieldSpec:
    """Terse constructor for the tables below."""
    return FieldSpec(name, type_, label, tuple(aliases), required, event)


UNITS = EntitySpec(
    "units",
    "đơn vị",
    (
        F(
            "code",
            TEXT,
            "Mã đơn vị",
            "MaDonVi",
            "MaCoQuan",
            "MaDinhDanh",
            "MaDinhDanhDonVi",
            "unit_code",
            required=True,
        ),
        F("name", TEXT, "Tên đơn vị", "TenDonVi", "TenCoQuan", "Ten", "unit_name", required=True),
        F("level", _v(vocab.UNIT_LEVEL), "Cấp đơn vị", "CapDonVi", "Cap", "CapHanhChinh", "CapCoQuan", required=True),
        F("parent_code", TEXT, "Mã đơn vị cấp trên", "MaDonViCha", "MaDonViCapTren", "MaCapTren", "MaCha", "parent"),
        F(
            "division_type",
            TEXT,
            "Loại đơn vị hành chính (tỉnh, xã, phường, đặc khu, sở…)",
            "LoaiDonVi",
            "LoaiHinh",
            "LoaiDonViHanhChinh",
        ),
        F(
            "e_certified_copy",
            BOOL,
            "Cung cấp chứng thực bản sao điện tử",
            "ChungThucDienTu",
            "ChungThucBanSaoDienTu",
            "CungCapChungThucDienTu",
        ),
        F("active", BOOL, "Còn hoạt động", "HoatDong", "ConHoatDong", "ConHieuLuc"),
    ),
    ("code",),
)

PROCEDURES = EntitySpec(
    "procedures",
    "thủ tục hành chính",
    (
        F(
            "authority_code",
            TEXT,
            "Mã tỉnh/bộ có danh mục TTHC",
            "MaCoQuanCongBo",
            "MaDonViCongBo",
            "MaTinh",
            "MaBo",
            "MaTinhBo",
            "authority",
            required=True,
        ),
        F(
            "code",
            TEXT,
            "Mã TTHC (mã quốc gia)",
            "MaTTHC",
            "MaThuTuc",
            "MaThuTucHanhChinh",
            "procedure_code",
            required=True,
        ),
        F("name", TEXT, "Tên TTHC", "TenTTHC", "TenThuTuc", "TenThuTucHanhChinh", required=True),
        F("level", _v(vocab.PROCEDURE_LEVEL), "Cấp thực hiện", "CapThucHien", "CapTTHC", "CapGiaiQuyet", required=True),
        F("field", TEXT, "Lĩnh vực", "LinhVuc", "TenLinhVuc"),
        F(
            "agency_code",
            TEXT,
            "Mã cơ quan thực hiện (sở, ban, ngành)",
            "MaCoQuanThucHien",
            "CoQuanThucHien",
            "MaCoQuanGiaiQuyet",
            "MaDonViThucHien",
        ),
        F(
            "online_level",
            _v(vocab.ONLINE_LEVEL),
            "Mức độ DVCTT (toàn trình, một phần, không)",
            "MucDoDVC",
            "MucDoDichVuCong",
            "MucDoDVCTT",
            "MucDo",
            "MucDoTrucTuyen",
            required=True,
        ),
        F("fee_bearing", BOOL, "Có phí, lệ phí", "CoPhi", "CoPhiLePhi", "CoLePhi", "PhiLePhi"),
        F(
            "fee_integrated",
            BOOL,
            "Đã tích hợp thanh toán trực tuyến",
            "TichHopThanhToan",
            "DaTichHopThanhToan",
            "TichHopThanhToanTrucTuyen",
        ),
        F("issues_result", BOOL, "Có giấy tờ kết quả", "CoKetQua", "CoGiayToKetQua", "CapKetQua"),
        F("applicant_type", _v(vocab.APPLICANT_TYPE), "Đối tượng thực hiện", "DoiTuongThucHien", "DoiTuong"),
        F("decision_number", TEXT, "Số quyết định công bố", "SoQuyetDinh", "SoQDCongBo", "QuyetDinhCongBo"),
        F("decision_date", DATE, "Ngày quyết định công bố", "NgayQuyetDinh", "NgayQDCongBo", "NgayBanHanhQD"),
        F(
            "legal_effective_date",
            DATE,
            "Ngày có hiệu lực của văn bản quy định",
            "NgayHieuLuc",
            "NgayCoHieuLuc",
            "NgayHieuLucVanBan",
        ),
        F("public_date", DATE, "Ngày công khai trên CSDL quốc gia về TTHC", "NgayCongKhai", "NgayCongBo"),
        F("content_complete", BOOL, "Công khai đầy đủ nội dung", "CongKhaiDayDu", "DayDuNoiDung"),
        F(
            "time_limit",
            DURATION,
            "Thời hạn giải quyết (số, có thể kèm đơn vị)",
            "ThoiHanGiaiQuyet",
            "ThoiGianGiaiQuyet",
            "SoNgayGiaiQuyet",
            "ThoiHan",
        ),
        F(
            "time_limit_unit",
            _v(vocab.TIME_LIMIT_UNIT),
            "Đơn vị thời hạn",
            "DonViThoiHan",
            "DonViThoiGian",
            "DonViTinhThoiHan",
        ),
        F(
            "source_updated_at",
            TIMESTAMP,
            "Thời điểm cập nhật ở hệ thống nguồn",
            "NgayCapNhat",
            "ThoiGianCapNhat",
            "updated_at",
        ),
    ),
    ("authority_code", "code"),
)

DOSSIERS = EntitySpec(
    "dossiers",
    "hồ sơ",
    (
        F("code", TEXT, "Mã hồ sơ", "MaHoSo", "SoHoSo", "dossier_code", required=True),
        F(
            "unit_code",
            TEXT,
            "Mã đơn vị tiếp nhận",
            "MaDonVi",
            "MaCoQuan",
            "MaDonViXuLy",
            "MaCoQuanTiepNhan",
            "MaDonViTiepNhan",
            required=True,
        ),
        F("procedure_code", TEXT, "Mã TTHC", "MaTTHC", "MaThuTuc", "MaThuTucHanhChinh", required=True),
        F(
            "channel",
            _v(vocab.CHANNEL),
            "Kênh nộp (trực tuyến, trực tiếp, bưu chính)",
            "KenhThucHien",
            "KenhNop",
            "HinhThucNop",
            "KenhTiepNhan",
            required=True,
        ),
        F(
            "received_at",
            TIMESTAMP,
            "Ngày tiếp nhận",
            "NgayTiepNhan",
            "ThoiGianTiepNhan",
            "NgayNop",
            "NgayNopHoSo",
            required=True,
        ),
        F("due_at", DEADLINE, "Ngày hẹn trả kết quả", "NgayHenTra", "NgayHenTraKetQua", "HanXuLy", "HanGiaiQuyet"),
        F("synced", BOOL, "Đã đồng bộ lên Cổng DVCQG", "DaDongBo", "DongBo", "DongBoDVCQG"),
        F("synced_at", TIMESTAMP, "Thời điểm đồng bộ", "NgayDongBo", "ThoiGianDongBo"),
        F(
            "fee_required",
            BOOL,
            "Có nghĩa vụ tài chính (phí, lệ phí)",
            "PhaiNopPhi",
            "CoNghiaVuTaiChinh",
            "CoPhi",
            "CoPhiLePhi",
        ),
        F("digitised", BOOL, "Đã số hóa thành phần hồ sơ", "DaSoHoa", "SoHoa", "SoHoaHoSo"),
        F("e_result", BOOL, "Có kết quả điện tử", "KetQuaDienTu", "CoKetQuaDienTu", "DaCapKetQuaDienTu"),
        F("reused_data", BOOL, "Tái sử dụng dữ liệu số hóa", "TaiSuDungDuLieu", "SuDungLaiDuLieu", "TaiSuDung"),
        F("personal_storage", BOOL, "Kết nối kho dữ liệu cá nhân", "KhoDuLieuCaNhan", "KetNoiKhoDuLieu"),
        F("citizen_data", BOOL, "Sử dụng dữ liệu dân cư (VNeID)", "DuLieuDanCu", "SuDungDuLieuDanCu", "VNeID"),
        F("rating", _v(vocab.RATING), "Đánh giá mức độ hài lòng", "DanhGia", "MucDoHaiLong", "KetQuaDanhGia"),
        F("complaint", BOOL, "Có phản ánh, khiếu nại", "KhieuNai", "CoKhieuNai", "CoPhanAnh"),
        F(
            "source_updated_at",
            TIMESTAMP,
            "Thời điểm cập nhật ở hệ thống nguồn (bản mới thay bản cũ)",
            "NgayCapNhat",
            "ThoiGianCapNhat",
            "updated_at",
        ),
        # Status times: each filled cell becomes one dossier event (history is kept across versions).
        F("forwarded_at", TIMESTAMP, "Ngày chuyển xử lý", "NgayChuyenXuLy", event="forwarded"),
        F(
            "supplement_requested_at",
            TIMESTAMP,
            "Ngày yêu cầu bổ sung",
            "NgayYeuCauBoSung",
            event="supplement_requested",
        ),
        F(
            "supplement_completed_at",
            TIMESTAMP,
            "Ngày hoàn thành bổ sung",
            "NgayBoSung",
            "NgayHoanThanhBoSung",
            "NgayNopBoSung",
            event="supplement_completed",
        ),
        F("paused_at", TIMESTAMP, "Ngày tạm dừng", "NgayTamDung", event="paused"),
        F("resumed_at", TIMESTAMP, "Ngày tiếp tục xử lý", "NgayTiepTuc", "NgayTiepTucXuLy", event="resumed"),
        F("refused_at", TIMESTAMP, "Ngày từ chối", "NgayTuChoi", "NgayTuChoiGiaiQuyet", event="refused"),
        F("stopped_at", TIMESTAMP, "Ngày dừng xử lý", "NgayDungXuLy", event="stopped"),
        F("withdrawn_at", TIMESTAMP, "Ngày rút hồ sơ", "NgayRutHoSo", "NgayRut", event="withdrawn"),
        F(
            "finished_at",
            TIMESTAMP,
            "Ngày kết thúc xử lý (xử lý xong)",
            "NgayKetThucXuLy",
            "NgayXuLyXong",
            "NgayHoanThanh",
            "NgayKetThuc",
            "NgayCoKetQua",
            event="finished",
        ),
        F(
            "result_returned_at",
            TIMESTAMP,
            "Ngày trả kết quả",
            "NgayTraKetQua",
            "NgayTra",
            "ThoiGianTraKetQua",
            event="result_returned",
        ),
    ),
    ("code",),
)

DOSSIER_EVENTS = EntitySpec(
    "dossier_events",
    "sự kiện xử lý hồ sơ",
    (
        # Optional on import: without it the id is derived from (dossier, type, time), so re-import is idempotent.
        F(
            "event_id",
            TEXT,
            "Mã sự kiện (nếu trống: tạo từ mã hồ sơ, loại, thời điểm)",
            "MaSuKien",
            "MaQuaTrinh",
            "MaBuocXuLy",
        ),
        F("dossier_code", TEXT, "Mã hồ sơ", "MaHoSo", "SoHoSo", required=True),
        F(
            "event_type",
            _v(vocab.EVENT_TYPE),
            "Loại sự kiện",
            "LoaiSuKien",
            "TrangThai",
            "TrangThaiHoSo",
            "TenTrangThai",
            required=True,
        ),
        F(
            "occurred_at",
            TIMESTAMP,
            "Thời điểm",
            "ThoiGian",
            "ThoiDiem",
            "NgayThucHien",
            "ThoiGianThucHien",
            "at",
            required=True,
        ),
        F("actor", TEXT, "Người hoặc bộ phận xử lý", "NguoiXuLy", "CanBoXuLy", "DonViXuLy"),
        F("note", TEXT, "Ghi chú", "GhiChu", "NoiDung", "NoiDungXuLy"),
    ),
    ("event_id",),
)

PAYMENTS = EntitySpec(
    "payments",
    "giao dịch thanh toán",
    (
        F("payment_id", TEXT, "Mã giao dịch", "MaGiaoDich", "MaThanhToan", "SoGiaoDich", required=True),
        F("dossier_code", TEXT, "Mã hồ sơ", "MaHoSo", "SoHoSo", required=True),
        F("amount", AMOUNT, "Số tiền (đồng)", "SoTien", "SoTienThanhToan", "TongTien", required=True),
        F(
            "method",
            _v(vocab.PAYMENT_METHOD),
            "Hình thức thanh toán",
            "HinhThucThanhToan",
            "PhuongThucThanhToan",
            required=True,
        ),
        F(
            "gateway",
            _v(vocab.PAYMENT_GATEWAY),
            "Kênh thanh toán trực tuyến",
            "KenhThanhToan",
            "CongThanhToan",
            "NenTangThanhToan",
        ),
        F("paid_at", TIMESTAMP, "Ngày thanh toán", "NgayThanhToan", "ThoiGianThanhToan", required=True),
        F("synced", BOOL, "Đã đồng bộ lên Cổng DVCQG", "DaDongBo", "DongBo", "DongBoDVCQG"),
    ),
    ("payment_id",),
)

PETITIONS = EntitySpec(
    "petitions",
    "phản ánh, kiến nghị",
    (
        F("code", TEXT, "Mã PAKN", "MaPAKN", "MaPhanAnh", "MaPhanAnhKienNghi", "petition_code", required=True),
        F("unit_code", TEXT, "Mã đơn vị xử lý", "MaDonVi", "MaCoQuan", "MaDonViXuLy", "MaCoQuanXuLy", required=True),
        F("received_at", TIMESTAMP, "Ngày tiếp nhận", "NgayTiepNhan", "NgayGui", "ThoiGianTiepNhan", required=True),
        F("repeat_of", TEXT, "Mã PAKN trước (phản ánh lặp lại)", "MaPAKNLap", "MaPAKNTruoc", "PhanAnhLapLaiCua"),
        F("due_at", DEADLINE, "Hạn xử lý", "NgayHanXuLy", "HanXuLy", "HanGiaiQuyet"),
        F("refused_at", TIMESTAMP, "Ngày từ chối", "NgayTuChoi"),
        F("info_requested_at", TIMESTAMP, "Ngày yêu cầu bổ sung thông tin", "NgayYeuCauBoSung", "NgayYeuCauThongTin"),
        F("handled_at", TIMESTAMP, "Ngày xử lý xong", "NgayXuLy", "NgayXuLyXong", "NgayHoanThanh"),
        F("published_at", TIMESTAMP, "Ngày công khai kết quả", "NgayCongKhai", "NgayDangTai"),
        F("likes", COUNT, "Số lượt thích", "SoLuotThich", "LuotThich", "SoThich"),
        F("dislikes", COUNT, "Số lượt không thích", "SoLuotKhongThich", "LuotKhongThich", "SoKhongThich"),
        F(
            "source_updated_at",
            TIMESTAMP,
            "Thời điểm cập nhật ở hệ thống nguồn",
            "NgayCapNhat",
            "ThoiGianCapNhat",
            "updated_at",
        ),
    ),
    ("code",),
)

# Import order: what a file refers to is imported first.
ENTITIES: dict[str, EntitySpec] = {
    e.name: e for e in (UNITS, PROCEDURES, DOSSIERS, DOSSIER_EVENTS, PAYMENTS, PETITIONS)
}
ORDER: tuple[str, ...] = tuple(ENTITIES)

# Names accepted by --entity besides the canonical ones.
ENTITY_ALIASES: dict[str, str] = {
    "donvi": "units",
    "unit": "units",
    "thutuc": "procedures",
    "tthc": "procedures",
    "procedure": "procedures",
    "hoso": "dossiers",
    "dossier": "dossiers",
    "sukien": "dossier_events",
    "events": "dossier_events",
    "event": "dossier_events",
    "quatrinhxuly": "dossier_events",
    "thanhtoan": "payments",
    "payment": "payments",
    "pakn": "petitions",
    "phananhkiennghi": "petitions",
    "petition": "petitions",
}


def entity_named(name: str) -> EntitySpec | None:
    """The entity called ``name`` (canonical, or a Vietnamese/English alias such as ``ho_so``), or ``None``."""
    key = fold(name)
    for canonical in ENTITIES:
        if fold(canonical) == key:
            return ENTITIES[canonical]
    alias = ENTITY_ALIASES.get(key)
    return ENTITIES[alias] if alias else None


@dataclass(frozen=True)
class ColumnMap:
    """How a file's header maps onto an entity's fields."""

    entity: EntitySpec
    columns: dict[str, str]  # canonical field → header as written in the file
    unknown: tuple[str, ...]  # headers that name no field (ignored)
    duplicates: tuple[tuple[str, tuple[str, ...]], ...]  # field → several headers naming it
    missing: tuple[str, ...]  # required fields without a column

    def header(self, name: str) -> str:
        """The file's header for canonical field ``name`` (the canonical name when the file lacks it)."""
        return self.columns.get(name, name)


def map_columns(entity: EntitySpec, headers: Sequence[str]) -> ColumnMap:
    """Match ``headers`` against ``entity``'s fields."""
    found: dict[str, list[str]] = {}
    unknown: list[str] = []
    for header in headers:
        name = entity.match(header)
        if name is None:
            unknown.append(header)
        else:
            found.setdefault(name, []).append(header)
    columns = {name: hs[0] for name, hs in found.items()}
    duplicates = tuple((name, tuple(hs)) for name, hs in found.items() if len(hs) > 1)
    missing = tuple(name for name in entity.required if name not in found)
    return ColumnMap(entity, columns, tuple(unknown), duplicates, missing)


@dataclass(frozen=True)
class Detection:
    """Result of entity detection: the chosen entity or why none could be chosen."""

    entity: EntitySpec | None
    candidates: tuple[str, ...]  # complete matches with the best score (several = ambiguous)
    closest: ColumnMap | None  # best partial match when nothing is complete


def detect_entity(headers: Iterable[str]) -> Detection:
    """Which entity a header describes: among entities whose required columns are all present, the one that
    recognises the most columns. Several at the same score is ambiguous; none is unknown."""
    hs = list(headers)
    maps = [map_columns(e, hs) for e in ENTITIES.values()]
    complete = [m for m in maps if not m.missing]
    if complete:
        best = max(len(m.columns) for m in complete)
        top = [m for m in complete if len(m.columns) == best]
        if len(top) == 1:
            return Detection(top[0].entity, (top[0].entity.name,), None)
        return Detection(None, tuple(m.entity.name for m in top), None)
    closest = max(maps, key=lambda m: (len(m.columns) - len(m.missing), len(m.columns)))
    return Detection(None, (), closest if closest.columns else None)


@dataclass(frozen=True)
class NotBefore:
    """A row rule: ``later`` must not be earlier than ``earlier`` (both instants; skipped when one is empty)."""

    later: str
    earlier: str
    reason: str  # Vietnamese; {later} and {earlier} are the two values as local date-times


ROW_RULES: dict[str, tuple[NotBefore, ...]] = {
    "dossiers": (NotBefore("due_at", "received_at", "Ngày hẹn trả ({later}) trước ngày tiếp nhận ({earlier})"),),
    "petitions": (NotBefore("due_at", "received_at", "Hạn xử lý ({later}) trước ngày tiếp nhận ({earlier})"),),
}


def columns_markdown(entity: EntitySpec) -> str:
    """The entity's columns as a Markdown table (the source of the tables in docs/import-format.md)."""
    lines = [
        "| column | required | value | meaning (Vietnamese) | accepted names (aliases) |",
        "|---|---|---|---|---|",
    ]
    for f in entity.fields:
        kind = f.type.kind if f.type.vocab is None else f"code: {', '.join(f.type.vocab.values)}"
        if f.event_type:
            kind += f" → event `{f.event_type}`"
        aliases = ", ".join(f"`{a}`" for a in f.aliases) or "—"
        lines.append(f"| `{f.name}` | {'yes' if f.required else ''} | {kind} | {f.label} | {aliases} |")
    return "\n".join(lines)


if __name__ == "__main__":  # pragma: no cover - regenerates the documentation tables
    for spec in ENTITIES.values():
        print(f"### {spec.name} ({spec.label})\n\n{columns_markdown(spec)}\n")
