"""Request and response models of the JSON API (separate from the store's tables), with Vietnamese descriptions
for the OpenAPI document at ``/openapi.json``."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from chiso.ingest.schema import ENTITIES


class ErrorItem(BaseModel):
    """Một lỗi cụ thể của yêu cầu."""

    loc: list[str | int] = Field(description="Đường dẫn tới trường lỗi: ['body', chỉ số bản ghi, tên trường].")
    field: str | None = Field(None, description="Tên chuẩn của trường (theo docs/import-format.md).")
    code: str = Field(description="Mã lỗi ổn định, ví dụ UNKNOWN_UNIT, INVALID_VALUE, OUT_OF_SCOPE.")
    msg: str = Field(description="Thông báo lỗi bằng tiếng Việt.")
    value: str | None = Field(None, description="Giá trị đã gửi.")


class ErrorOut(BaseModel):
    """Yêu cầu bị từ chối: không bản ghi nào được ghi."""

    detail: str = Field(description="Tóm tắt lỗi bằng tiếng Việt.")
    errors: list[ErrorItem] = Field(default_factory=list, description="Từng lỗi, với vị trí.")


class IngestOut(BaseModel):
    """Kết quả ghi dữ liệu."""

    entity: str = Field(description="Loại bản ghi: dossiers, dossier_events, payments, petitions, procedures.")
    received: int = Field(description="Số bản ghi nhận được.")
    written: dict[str, int] = Field(
        description="Số dòng đã chuyển vào kho dữ liệu theo bảng (thêm mới, thay thế hoặc đã có sẵn, "
        "giống lệnh import)."
    )
    warnings: list[str] = Field(default_factory=list, description="Cảnh báo (ví dụ trường không dùng đến).")


class IndicatorOut(BaseModel):
    """Một chỉ tiêu của đơn vị."""

    code: str = Field(description="Mã chỉ tiêu, ví dụ PROGRESS_ON_TIME.")
    name: str = Field(description="Tên chỉ tiêu (tiếng Việt).")
    group: str = Field(description="Mã nhóm chỉ số.")
    ratio: float | None = Field(description="Tỷ lệ tử số / mẫu số (0–1); null khi mẫu số bằng 0 hoặc không áp dụng.")
    points: float | None = Field(description="Điểm đạt được; null khi Cổng không hiển thị giá trị.")
    max_points: float = Field(description="Điểm tối đa.")
    lost_points: float = Field(description="Điểm bị mất (điểm tối đa − điểm đạt) khi chỉ tiêu áp dụng.")
    numerator: float | None = Field(description="Tử số.")
    denominator: float | None = Field(description="Mẫu số.")
    applies: bool = Field(description="Chỉ tiêu có áp dụng cho cấp của đơn vị không.")


class GroupOut(BaseModel):
    """Một trong sáu nhóm chỉ số."""

    code: str = Field(description="Mã nhóm: CKMB, TDGQ, CLGQ, TTTT, MDHL, MDSH.")
    name: str = Field(description="Tên nhóm (tiếng Việt).")
    points: float = Field(description="Điểm của nhóm (tổng điểm đã làm tròn của các chỉ tiêu).")
    max_points: float = Field(description="Điểm tối đa của nhóm.")


class ScoreOut(BaseModel):
    """Điểm của một đơn vị trong một kỳ, tại một thời điểm đánh giá."""

    id: str = Field(description="Mã đơn vị.")
    name: str = Field(description="Tên đơn vị.")
    level: str = Field(description="Cấp: province, department, commune, …")
    parent: str | None = Field(description="Mã đơn vị cấp trên.")
    period: str = Field(description="Kỳ đánh giá, ví dụ 2026-11.")
    period_label: str = Field(description="Tên kỳ, ví dụ «tháng 11 năm 2026».")
    as_of: str = Field(description="Thời điểm đánh giá (ISO 8601).")
    total: float = Field(description="Tổng điểm (tối đa 100).")
    classification: str = Field(description="Mã xếp loại: xuat_sac, tot, kha, trung_binh, yeu.")
    classification_name: str = Field(description="Xếp loại: Xuất sắc, Tốt, Khá, Trung bình, Yếu.")
    rank: int | None = Field(description="Thứ hạng trong các đơn vị cùng cấp trên và cùng cấp.")
    peers: int | None = Field(description="Số đơn vị cùng cấp trên và cùng cấp.")
    groups: list[GroupOut] = Field(description="Sáu nhóm chỉ số.")
    indicators: list[IndicatorOut] = Field(description="Các chỉ tiêu.")


class ChildrenOut(BaseModel):
    """Đơn vị và bảng các đơn vị trực thuộc, xếp hạng trong nhóm cùng cấp."""

    unit: ScoreOut
    children: list[ScoreOut]


class RecordsOut(BaseModel):
    """Các bản ghi đứng sau một chỉ tiêu (có phân trang)."""

    unit: str = Field(description="Mã đơn vị.")
    period: str = Field(description="Kỳ đánh giá.")
    as_of: str = Field(description="Thời điểm đánh giá.")
    indicator: IndicatorOut
    source: str = Field(description="Loại bản ghi: dossier, petition, procedure, catalogue, unit.")
    kind: str = Field(description="missing: trong mẫu số nhưng không trong tử số (làm mất điểm); counted: đã đạt.")
    total: int = Field(description="Tổng số bản ghi loại này.")
    offset: int
    limit: int
    columns: dict[str, str] = Field(description="Tên cột tiếng Việt.")
    records: list[dict[str, Any]]


class TrendPoint(BaseModel):
    """Điểm của một kỳ trong chuỗi."""

    period: str
    label: str
    total: float
    classification_name: str
    groups: dict[str, float]


class TrendOut(BaseModel):
    """Điểm của đơn vị qua các kỳ gần nhất (cũ trước, mới sau)."""

    unit: str
    points: list[TrendPoint]


class WarningOut(BaseModel):
    """Hồ sơ đang xử lý sắp quá hạn (còn cứu được)."""

    code: str = Field(description="Mã hồ sơ.")
    unit_code: str = Field(description="Đơn vị tiếp nhận.")
    unit_name: str
    procedure_code: str
    procedure_name: str | None
    received_at: str
    due_at: str = Field(description="Hạn xử lý.")
    working_days_left: int = Field(description="Số ngày làm việc còn lại (0 = hạn trong hôm nay).")


class WarningsOut(BaseModel):
    """Danh sách cảnh báo sớm."""

    unit: str
    as_of: str
    days: int = Field(description="Số ngày làm việc nhìn trước.")
    total: int = Field(description="Tổng số hồ sơ sắp quá hạn (danh sách có thể bị cắt theo limit).")
    dossiers: list[WarningOut]


def body_schema(entity: str, *, pinned: bool = False) -> dict[str, Any]:
    """The OpenAPI request body of an ingest endpoint, built from the import format's column schema (the same
    names and aliases as ``chiso import``)."""
    spec = ENTITIES[entity]
    props: dict[str, Any] = {}
    for f in spec.fields:
        if pinned and f.name == "dossier_code":
            continue
        aliases = f"; tên khác: {', '.join(f.aliases)}" if f.aliases else ""
        kind = f" (giá trị: {', '.join(f.type.vocab.values)})" if f.type.vocab is not None else ""
        props[f.name] = {"description": f"{f.label}{kind}{aliases}", "type": ["string", "number", "boolean", "null"]}
    required = [f.name for f in spec.fields if f.required and not (pinned and f.name == "dossier_code")]
    record = {
        "type": "object",
        "title": f"{entity} record",
        "description": f"Một bản ghi {spec.label}. Tên trường theo docs/import-format.md (tên chuẩn hoặc tên khác).",
        "properties": props,
        "required": required,
        "additionalProperties": True,
    }
    return {
        "required": True,
        "content": {
            "application/json": {
                "schema": {
                    "oneOf": [
                        record,
                        {"type": "array", "items": record, "description": "Nhiều bản ghi (tất cả hoặc không)."},
                        {
                            "type": "object",
                            "properties": {"records": {"type": "array", "items": record}},
                            "required": ["records"],
                        },
                    ]
                }
            }
        },
    }
