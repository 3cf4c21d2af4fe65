"""Which number each form carries, and the place-and-date line: pure rules."""

from datetime import date

import pytest

from motcua.printing.numbering import FORM_NUMBERS, FormKind, Numbering, form_number
from motcua.printing.rendering import place_and_date


def test_circular_03_2025_numbers_the_seven_forms_01_to_07():
    assert [form_number(Numbering.TT03_2025, kind) for kind in FormKind] == [
        "01", "02", "03", "04", "05", "06", "07"
    ]  # fmt: skip


def test_circular_01_2018_numbers_control_sheet_05_and_register_06_and_has_no_stop_notice():
    assert form_number(Numbering.TT01_2018, FormKind.RECEIPT) == "01"
    assert form_number(Numbering.TT01_2018, FormKind.APOLOGY) == "04"
    assert form_number(Numbering.TT01_2018, FormKind.CONTROL_SHEET) == "05"
    assert form_number(Numbering.TT01_2018, FormKind.REGISTER) == "06"
    assert form_number(Numbering.TT01_2018, FormKind.STOP_NOTICE) is None


def test_every_numbering_is_a_choice():
    assert set(FORM_NUMBERS) == set(Numbering.values)


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2026, 3, 5), "Thái Nguyên, ngày 05 tháng 3 năm 2026"),
        (date(2026, 2, 15), "Thái Nguyên, ngày 15 tháng 02 năm 2026"),
        (date(2026, 1, 9), "Thái Nguyên, ngày 09 tháng 01 năm 2026"),
        (date(2026, 12, 24), "Thái Nguyên, ngày 24 tháng 12 năm 2026"),
    ],
)
def test_place_and_date_pads_days_below_10_and_months_1_and_2(day, expected):
    assert place_and_date("Thái Nguyên", day) == expected


def test_place_and_date_without_a_place_is_the_date_alone():
    assert place_and_date("", date(2026, 12, 7)) == "ngày 07 tháng 12 năm 2026"
