"""Accepted spellings of coded values: the store's vocabulary (:mod:`chiso.store.vocab`) plus the words one-stop
systems and spreadsheets use for them (``Trực tuyến``, ``truc_tuyen``, ``online`` → ``online``).

Matching folds case, diacritics, spaces and punctuation (:func:`chiso.ingest.text.fold`), so each alias is listed
once in its natural Vietnamese spelling.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from chiso.ingest.text import fold
from chiso.store import vocab as store_vocab


@dataclass(frozen=True)
class Vocabulary:
    """One coded column's allowed values: canonical value → accepted aliases (the canonical one is implied)."""

    name: str
    label: str  # Vietnamese, for messages: "kênh nộp hồ sơ"
    values: Mapping[str, tuple[str, ...]]
    _index: dict[str, str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        index: dict[str, str] = {}
        for canonical, aliases in self.values.items():
            for spelling in (canonical, *aliases):
                key = fold(spelling)
                previous = index.setdefault(key, canonical)
                if previous != canonical:
                    raise ValueError(f"{self.name}: {spelling!r} means both {previous!r} and {canonical!r}")
        object.__setattr__(self, "_index", index)

    def lookup(self, text: str) -> str | None:
        """The canonical value ``text`` stands for, or ``None``."""
        return self._index.get(fold(text))

    def hint(self) -> str:
        """The accepted values for an error message: ``online (Trực tuyến), in_person (Trực tiếp), …``."""
        shown = []
        for canonical, aliases in self.values.items():
            shown.append(f"{canonical} ({aliases[0]})" if aliases else canonical)
        return ", ".join(shown)


def _vocab(name: str, label: str, values: dict[str, tuple[str, ...]], expected: tuple[str, ...]) -> Vocabulary:
    # The store's list is the authority: an alias table that drifts from it is a programming error.
    if tuple(values) != expected:
        raise ValueError(f"vocabulary {name} does not match chiso.store.vocab: {tuple(values)} != {expected}")
    return Vocabulary(name, label, values)


CHANNEL = _vocab(
    "channel",
    "kênh nộp hồ sơ",
    {
        "online": ("Trực tuyến", "Nộp trực tuyến", "Qua mạng", "DVCTT", "Dịch vụ công trực tuyến", "Internet"),
        "in_person": ("Trực tiếp", "Nộp trực tiếp", "Tại quầy", "Bộ phận một cửa", "Một cửa", "Offline"),
        "postal": ("Bưu chính", "Qua bưu chính", "Dịch vụ bưu chính", "Bưu chính công ích", "Bưu điện", "Post"),
    },
    store_vocab.CHANNELS,
)

ONLINE_LEVEL = _vocab(
    "online_level",
    "mức độ dịch vụ công trực tuyến",
    {
        "none": (
            "Không",
            "Không trực tuyến",
            "Cung cấp thông tin",
            "Chỉ cung cấp thông tin",
            "Thông tin trực tuyến",
            "Mức độ 1",
            "Mức độ 2",
            "DVC mức độ 2",
            "1",
            "2",
        ),
        "partial": ("Một phần", "DVCTT một phần", "Trực tuyến một phần", "Mức độ 3", "DVC mức độ 3", "3"),
        "full": ("Toàn trình", "DVCTT toàn trình", "Trực tuyến toàn trình", "Mức độ 4", "DVC mức độ 4", "4"),
    },
    store_vocab.ONLINE_LEVELS,
)

UNIT_LEVEL = _vocab(
    "unit_level",
    "cấp đơn vị",
    {
        "ministry": ("Bộ", "Bộ, ngành", "Cơ quan ngang bộ", "Cấp bộ", "Trung ương"),
        "province": ("Tỉnh", "Cấp tỉnh", "Tỉnh, thành phố", "Thành phố trực thuộc trung ương", "UBND tỉnh"),
        "department": ("Sở", "Sở, ban, ngành", "Sở ngành", "Ban", "Ngành", "Sở, ngành", "Cơ quan chuyên môn"),
        "district": ("Huyện", "Cấp huyện", "Quận", "Thị xã", "Quận, huyện", "Thành phố thuộc tỉnh"),
        "commune": ("Xã", "Cấp xã", "Phường", "Thị trấn", "Đặc khu", "Xã, phường", "Xã, phường, thị trấn"),
    },
    store_vocab.UNIT_LEVELS,
)

PROCEDURE_LEVEL = _vocab(
    "procedure_level",
    "cấp thực hiện TTHC",
    {
        "central": ("Trung ương", "Cấp trung ương", "Cấp bộ", "Bộ", "Bộ, ngành"),
        "province": ("Tỉnh", "Cấp tỉnh"),
        "district": ("Huyện", "Cấp huyện"),
        "commune": ("Xã", "Cấp xã"),
    },
    store_vocab.PROCEDURE_LEVELS,
)

TIME_LIMIT_UNIT = _vocab(
    "time_limit_unit",
    "đơn vị thời hạn",
    {
        "working_day": ("Ngày làm việc", "NLV", "Working day", "Working days"),
        "day": ("Ngày", "Ngày (theo lịch)", "Ngày lịch", "Days"),
        "hour": ("Giờ", "Giờ làm việc", "Tiếng", "Hours"),
    },
    store_vocab.TIME_LIMIT_UNITS,
)

APPLICANT_TYPE = _vocab(
    "applicant_type",
    "đối tượng thực hiện",
    {
        "citizen": ("Công dân", "Cá nhân", "Người dân", "Công dân Việt Nam"),
        "business": ("Doanh nghiệp", "Tổ chức", "Tổ chức, doanh nghiệp"),
        "both": ("Cá nhân, tổ chức", "Cả hai", "Cá nhân và tổ chức", "Công dân, doanh nghiệp"),
    },
    store_vocab.APPLICANT_TYPES,
)

RATING = _vocab(
    "rating",
    "mức độ hài lòng",
    {
        "satisfied": ("Hài lòng", "Rất hài lòng"),
        "neutral": ("Bình thường", "Chấp nhận được", "Không ý kiến"),
        "unsatisfied": ("Không hài lòng", "Chưa hài lòng"),
    },
    store_vocab.RATINGS,
)

PAYMENT_METHOD = _vocab(
    "payment_method",
    "hình thức thanh toán",
    {
        "online": ("Trực tuyến", "Thanh toán trực tuyến", "Online"),
        "cash": ("Tiền mặt", "Nộp tiền mặt", "Trực tiếp"),
        "transfer": ("Chuyển khoản", "Chuyển khoản ngân hàng"),
    },
    store_vocab.PAYMENT_METHODS,
)

PAYMENT_GATEWAY = _vocab(
    "payment_gateway",
    "kênh thanh toán trực tuyến",
    {
        "dvcqg": ("Cổng DVCQG", "Cổng Dịch vụ công quốc gia", "Nền tảng thanh toán DVCQG", "Payment Platform"),
        "provincial": ("Cổng tỉnh", "Cổng thanh toán của tỉnh", "Hệ thống thông tin giải quyết TTHC cấp tỉnh"),
        "other": ("Khác",),
    },
    store_vocab.PAYMENT_GATEWAYS,
)

EVENT_TYPE = _vocab(
    "event_type",
    "loại sự kiện xử lý hồ sơ",
    {
        "received": ("Tiếp nhận", "Đã tiếp nhận", "Mới tiếp nhận"),
        "forwarded": ("Chuyển xử lý", "Chuyển tiếp", "Luân chuyển"),
        "supplement_requested": ("Yêu cầu bổ sung", "Yêu cầu bổ sung hồ sơ", "Chờ bổ sung"),
        "supplement_completed": ("Đã bổ sung", "Bổ sung xong", "Hoàn thành bổ sung", "Công dân đã bổ sung"),
        "paused": ("Tạm dừng", "Tạm dừng xử lý"),
        "resumed": ("Tiếp tục xử lý", "Tiếp tục"),
        "refused": ("Từ chối", "Từ chối tiếp nhận", "Từ chối giải quyết", "Không đủ điều kiện"),
        "stopped": ("Dừng xử lý", "Dừng"),
        "withdrawn": ("Rút hồ sơ", "Công dân rút hồ sơ", "Đã rút"),
        "finished": ("Đã xử lý xong", "Xử lý xong", "Hoàn thành", "Đã giải quyết", "Hoàn thành xử lý"),
        "result_returned": ("Đã trả kết quả", "Trả kết quả", "Đã trả"),
    },
    store_vocab.EVENT_TYPES,
)

# Yes/no cells: Vietnamese words, check marks, 1/0, true/false.
TRUE_WORDS = ("có", "x", "✓", "✔", "1", "true", "t", "yes", "y", "đúng", "đã", "rồi", "co", "on")
FALSE_WORDS = ("không", "0", "false", "f", "no", "n", "sai", "chưa", "off", "-")
TRUE_KEYS = frozenset(fold(w) for w in TRUE_WORDS if fold(w))
FALSE_KEYS = frozenset(fold(w) for w in FALSE_WORDS if fold(w))
# Words that fold to nothing (symbols) are matched as written.
TRUE_SYMBOLS = frozenset(w for w in TRUE_WORDS if not fold(w))
FALSE_SYMBOLS = frozenset(w for w in FALSE_WORDS if not fold(w))
