"""Cell values: dates and times, yes/no, numbers, coded values — and the vectorised twin agreeing with the rule."""

from __future__ import annotations

import datetime as dt

import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chiso.ingest.issues import IssueCode, ValueProblem
from chiso.ingest.schema import AMOUNT, COUNT
from chiso.ingest.values import ValueType, cell_text
from chiso.ingest.vocab import CHANNEL, EVENT_TYPE, ONLINE_LEVEL
from chiso.timeutil import VN_TZ

TS = ValueType("timestamp")
DEADLINE = ValueType("deadline")
DATE = ValueType("date")
BOOL = ValueType("bool")
DURATION = ValueType("duration")


def vn(*parts: int) -> dt.datetime:
    return dt.datetime(*parts, tzinfo=VN_TZ)  # type: ignore[misc]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("05/01/2024", vn(2024, 1, 5)),
        ("5/1/2024 8:05", vn(2024, 1, 5, 8, 5)),
        ("05/01/2024 08:30:15", vn(2024, 1, 5, 8, 30, 15)),
        ("05-01-2024", vn(2024, 1, 5)),
        ("2024-01-05", vn(2024, 1, 5)),
        ("2024-01-05T08:30", vn(2024, 1, 5, 8, 30)),
        ("2024-01-05 08:30:15.25", vn(2024, 1, 5, 8, 30, 15, 250000)),
        ("2024-01-05T08:30:15+07:00", vn(2024, 1, 5, 8, 30, 15)),
        ("2024-01-05T01:30:15Z", vn(2024, 1, 5, 8, 30, 15)),
        ("2024-01-04T20:30:15-05:00", vn(2024, 1, 5, 8, 30, 15)),
        ("  2024-01-05T08:30:15+0700\u00a0", vn(2024, 1, 5, 8, 30, 15)),
    ],
)
def test_instants_iso_and_vietnamese_forms_naive_is_vietnam_time(text: str, expected: dt.datetime) -> None:
    """Rule: ISO 8601 with or without offset, dd/mm/yyyy [HH:MM[:SS]]; no offset = Asia/Ho_Chi_Minh."""
    assert TS.parse(text) == expected
    assert TS.parse_array(pa.array([text])).values[0].as_py() == expected


def test_a_deadline_given_as_a_bare_date_means_the_end_of_that_day() -> None:
    """Rule: "hẹn trả 10/01/2024" is due any time that day, so a bare date is 23:59:59 local."""
    assert DEADLINE.parse("10/01/2024") == vn(2024, 1, 10, 23, 59, 59)
    assert DEADLINE.parse("10/01/2024 10:00") == vn(2024, 1, 10, 10, 0)
    assert TS.parse("10/01/2024") == vn(2024, 1, 10)


def test_a_date_column_keeps_the_calendar_day_as_written() -> None:
    """Rule: a date (QĐ công bố, …) is the day written, whatever time or offset follows."""
    assert DATE.parse("2024-01-05T23:00:00-05:00") == dt.date(2024, 1, 5)
    assert DATE.parse("05/01/2024") == dt.date(2024, 1, 5)


@pytest.mark.parametrize(
    "text",
    [
        "31/02/2024",
        "2023-02-29",
        "05/13/2024",
        "05/01/2024 24:00",
        "1899-01-01",
        "2024/01/05x",
        "hôm qua",
        "05/01/24",
        "2024-01-05T08:30+25:00",
    ],
)
def test_impossible_or_unreadable_instants_are_invalid_values(text: str) -> None:
    """Error class INVALID_VALUE: a date that does not exist, or text that is not a date."""
    with pytest.raises(ValueProblem) as exc:
        TS.parse(text)
    assert exc.value.code is IssueCode.INVALID_VALUE
    parsed = TS.parse_array(pa.array([text]))
    assert parsed.bad.tolist() == [True]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Có", True),
        ("có", True),
        ("x", True),
        ("X", True),
        ("1", True),
        ("true", True),
        ("Đã", True),
        ("Không", False),
        ("khong", False),
        ("0", False),
        ("false", False),
        ("Chưa", False),
        ("", None),
    ],
)
def test_yes_no_cells_accept_vietnamese_words_marks_and_digits(text: str, expected: bool | None) -> None:
    """Rule: booleans "Có/Không", "x", 1/0, true/false."""
    assert BOOL.parse(text) is expected


def test_coded_values_accept_vietnamese_and_underscore_spellings() -> None:
    """Rule: value aliases — "Trực tuyến"/"truc_tuyen"/"online"; "Toàn trình"/"Một phần"/"Không"."""
    channel = ValueType("vocab", vocab=CHANNEL)
    assert {channel.parse(v) for v in ("Trực tuyến", "truc_tuyen", "online", "TRỰC TUYẾN")} == {"online"}
    assert channel.parse("Trực tiếp") == "in_person"
    assert channel.parse("bưu chính") == "postal"
    level = ValueType("vocab", vocab=ONLINE_LEVEL)
    assert [level.parse(v) for v in ("Toàn trình", "Một phần", "Không", "Mức độ 4")] == [
        "full",
        "partial",
        "none",
        "full",
    ]
    assert ValueType("vocab", vocab=EVENT_TYPE).parse("Đã trả kết quả") == "result_returned"


def test_a_coded_value_outside_its_list_is_not_in_vocabulary() -> None:
    """Error class NOT_IN_VOCABULARY, with the accepted values in the reason."""
    with pytest.raises(ValueProblem) as exc:
        ValueType("vocab", vocab=CHANNEL).parse("fax")
    assert exc.value.code is IssueCode.NOT_IN_VOCABULARY
    assert "Trực tuyến" in exc.value.reason


@pytest.mark.parametrize(
    ("text", "expected"),
    [("50000", 50000), ("50.000", 50000), ("1,250,000", 1250000), ("50000.0", 50000), ("+7", 7)],
)
def test_amounts_accept_vietnamese_thousand_separators(text: str, expected: int) -> None:
    """Rule: "50.000" đồng is fifty thousand (Vietnamese digit grouping); "50000.0" from spreadsheets is 50000."""
    assert AMOUNT.parse(text) == expected


def test_negative_or_fractional_amounts_are_invalid() -> None:
    """Error class INVALID_VALUE for an amount below zero or with a fraction."""
    for text in ("-5", "5.5", "năm"):
        with pytest.raises(ValueProblem):
            AMOUNT.parse(text)
    with pytest.raises(ValueProblem):
        COUNT.parse(str(2**31))


def test_time_limits_may_carry_their_unit() -> None:
    """Rule: ThoiHanGiaiQuyet "15 ngày làm việc" gives 15 and the unit working_day; "0,5" is a half."""
    assert DURATION.parse("15 ngày làm việc") == (15.0, "working_day")
    assert DURATION.parse("0,5") == (0.5, None)
    assert DURATION.parse("8 giờ") == (8.0, "hour")
    with pytest.raises(ValueProblem) as exc:
        DURATION.parse("2 tuần")
    assert exc.value.code is IssueCode.NOT_IN_VOCABULARY


def test_json_and_excel_values_become_the_text_a_csv_would_hold() -> None:
    """Rule: one set of rules for every format — Excel date cells, integral floats, booleans as text."""
    assert cell_text(dt.datetime(2024, 1, 5)) == "2024-01-05"
    assert cell_text(dt.datetime(2024, 1, 5, 8, 30)) == "2024-01-05T08:30:00"
    assert cell_text(12345.0) == "12345"
    assert cell_text(1.004227) == "1.004227"
    assert cell_text(True) == "true"
    assert cell_text(None) is None


# -- the vectorised parsers agree with the per-cell rule ------------------------------------------------------

_date_like = st.one_of(
    st.builds(
        lambda d, m, y, t: f"{d}/{m}/{y}" + t,
        st.integers(0, 32),
        st.integers(0, 13),
        st.integers(1985, 2105),
        st.sampled_from(["", " 08:30", " 23:59:59", " 24:00", " 7:05:60", "T10:00"]),
    ),
    st.builds(
        lambda y, m, d, t, z: f"{y:04d}-{m:02d}-{d:02d}" + t + z,
        st.integers(1985, 2105),
        st.integers(0, 13),
        st.integers(0, 32),
        st.sampled_from(["", "T08:30", " 08:30:15", "T23:59:59.123456789", "T08:30:15,5"]),
        st.sampled_from(["", "Z", "+07:00", "-0530", "+07", "+24:00", " +07:00"]),
    ),
    st.text(alphabet="0123456789/-:.T Z+,\u00a0\t", max_size=25),
)
_number_like = st.one_of(
    st.text(alphabet="0123456789.,-+ ", max_size=22),
    st.integers(-(10**19), 10**19).map(str),
    st.builds(lambda a, b: f"{a}.{b:03d}", st.integers(0, 999), st.integers(0, 999)),
)
_word_like = st.one_of(
    st.sampled_from(
        [
            "Có",
            "không",
            "x",
            "✓",
            "1",
            "0",
            "Trực tuyến",
            "truc_tuyen",
            "online",
            "Bưu chính",
            "15 ngày làm việc",
            "3 giờ",
            "0,5",
            "2 tuần",
            " ",
            "\u00a0có\u00a0",
        ]
    ),
    st.text(max_size=12),
)


def _agree(vt: ValueType, texts: list[str | None]) -> None:
    parsed = vt.parse_array(pa.array(texts, pa.string()))
    values = parsed.values.to_pylist()
    extra = parsed.extra.to_pylist() if parsed.extra is not None else None
    for i, text in enumerate(texts):
        try:
            expected = vt.parse(text)
        except ValueProblem:
            assert parsed.bad[i], f"{vt.kind}: vectorised accepted {text!r}"
            continue
        assert not parsed.bad[i], f"{vt.kind}: vectorised refused {text!r}"
        if vt.kind == "duration" and expected is not None:
            assert (values[i], extra[i] if extra else None) == expected, text
        else:
            assert values[i] == expected, text


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.none(), _date_like), min_size=1, max_size=20))
def test_vectorised_instants_agree_with_the_row_rule(texts: list[str | None]) -> None:
    """Property: the column parser accepts exactly what the per-cell parser accepts, with the same value."""
    for kind in ("timestamp", "deadline", "date"):
        _agree(ValueType(kind), texts)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.none(), _number_like), min_size=1, max_size=20))
def test_vectorised_numbers_agree_with_the_row_rule(texts: list[str | None]) -> None:
    """Property: same for integers (with bounds) and time limits."""
    for vt in (ValueType("int"), AMOUNT, COUNT, DURATION):
        _agree(vt, texts)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.none(), _word_like), min_size=1, max_size=20))
def test_vectorised_words_agree_with_the_row_rule(texts: list[str | None]) -> None:
    """Property: same for yes/no, coded values, free text and durations with units."""
    for vt in (BOOL, ValueType("vocab", vocab=CHANNEL), ValueType("text"), DURATION):
        _agree(vt, texts)
