from datetime import date, datetime, time

import pytest
from django.urls import reverse

from motcua.calendar.models import HolidayDecision, HolidayDecisionLine
from motcua.calendar.selectors import calendar_for
from motcua.calendar.services import calendar_changed
from motcua.calendar.working_time import VIETNAM_TZ

pytestmark = pytest.mark.django_db

TET, SWAP, HOLIDAY = (
    HolidayDecisionLine.Kind.TET,
    HolidayDecisionLine.Kind.SWAP,
    HolidayDecisionLine.Kind.HOLIDAY,
)
ADD_URL = reverse("admin:calendar_holidaydecision_add")


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=VIETNAM_TZ)


def decision_with(year: int, *lines: dict, title: str = "Thông báo nghỉ lễ") -> HolidayDecision:
    decision = HolidayDecision.objects.create(year=year, number=f"{year}/TB-BNV", title=title)
    for line in lines:
        HolidayDecisionLine.objects.create(decision=decision, **line)
    calendar_changed(years=decision.calendar_years())  # as the admin does after saving
    return decision


def admin_form(year: int, lines: list[dict], *, title: str = "Lịch nghỉ", existing: int = 0) -> dict:
    """POST data of the decision's admin form, its lines as the inline formset expects them."""
    data = {
        "year": year,
        "number": f"{year}/TB-BNV",
        "title": title,
        "lines-TOTAL_FORMS": len(lines),
        "lines-INITIAL_FORMS": existing,
        "lines-MIN_NUM_FORMS": 0,
        "lines-MAX_NUM_FORMS": 1000,
    }
    for index, line in enumerate(lines):
        for field in ("id", "kind", "first_day", "last_day", "working_day", "note", "DELETE"):
            value = line.get(field, "")
            if isinstance(value, date):
                value = f"{value:%d/%m/%Y}"
            if value is not False:
                data[f"lines-{index}-{field}"] = value
    return data


# Deadlines over a decided calendar


def test_limit_spanning_tet_2026_skips_16_to_20_february():
    decision_with(2026, {"kind": TET, "first_day": date(2026, 2, 16), "last_day": date(2026, 2, 20)})
    calendar = calendar_for(years=range(2026, 2027))

    # Thursday 12/2 09:00, 5 working days (40 h): 6 h on Thursday, 8 h on Friday, then nothing from Saturday
    # 14/2 to Sunday 22/2; 8 h each Monday 23 to Wednesday 25, the last 2 h on Thursday 26/2.
    assert calendar.add_working_days(at(date(2026, 2, 12), 9), 5) == at(date(2026, 2, 26), 9)
    assert calendar.next_working_day(date(2026, 2, 13)) == date(2026, 2, 23)


def test_a_decided_tet_range_replaces_the_package_tet_days():
    # The package places Tết 2027 on 4–10 February; suppose the government decides 3–9 February instead.
    assert not calendar_for(years=range(2027, 2028)).is_working_day(date(2027, 2, 10))

    decision_with(2027, {"kind": TET, "first_day": date(2027, 2, 3), "last_day": date(2027, 2, 9)})

    calendar = calendar_for(years=range(2027, 2028))
    assert not calendar.is_working_day(date(2027, 2, 3))
    assert calendar.is_working_day(date(2027, 2, 10))
    assert not calendar.is_working_day(date(2027, 1, 1))  # other public holidays stay


def test_a_year_without_a_decision_follows_the_holidays_package():
    decision_with(2026, {"kind": TET, "first_day": date(2026, 2, 16), "last_day": date(2026, 2, 19)})

    calendar = calendar_for(years=range(2026, 2028))
    assert calendar.is_working_day(date(2026, 2, 20))  # the 2026 decision wins over the package
    assert not calendar.is_working_day(date(2027, 2, 10))  # 2027 keeps the package's Tết


def test_a_working_saturday_swap_counts_the_saturday_and_not_the_swapped_weekday():
    saturday, friday_off = date(2026, 6, 13), date(2026, 6, 19)
    decision_with(2026, {"kind": SWAP, "first_day": friday_off, "working_day": saturday})
    calendar = calendar_for(years=range(2026, 2027))

    assert calendar.is_working_day(saturday)
    assert not calendar.is_working_day(friday_off)
    # Friday 12/6 13:30, 2 working days: 3.5 h on Friday, 8 h on the working Saturday, 4.5 h on Monday 15/6.
    assert calendar.add_working_days(at(date(2026, 6, 12), 13, 30), 2) == at(date(2026, 6, 15), 11, 30)
    # Thursday 18/6 09:00, 1 working day: 6 h on Thursday, Friday 19/6 off, 2 h on Monday 22/6.
    assert calendar.add_working_days(at(date(2026, 6, 18), 9), 1) == at(date(2026, 6, 22), 9)


def test_extra_days_off_of_a_decision_are_rest_days():
    decision_with(2026, {"kind": HOLIDAY, "first_day": date(2026, 6, 10), "last_day": date(2026, 6, 11)})

    calendar = calendar_for(years=range(2026, 2027))

    assert not calendar.is_working_day(date(2026, 6, 10))
    assert not calendar.is_working_day(date(2026, 6, 11))
    assert calendar.is_working_day(date(2026, 6, 12))


def test_a_swapped_weekend_day_is_worked_even_when_the_package_lists_it_as_a_day_off():
    # The package lists Saturday 1/2/2025 ("Mùng bốn Tết") among the holidays.
    decision_with(2025, {"kind": SWAP, "first_day": date(2025, 2, 3), "working_day": date(2025, 2, 1)})

    calendar = calendar_for(years=range(2025, 2026))

    assert calendar.is_working_day(date(2025, 2, 1))
    assert not calendar.is_working_day(date(2025, 2, 3))


# The administrator's screen


def test_editing_a_decision_in_the_admin_changes_calendar_for(
    admin_client, django_capture_on_commit_callbacks
):
    saturday, monday_off = date(2026, 6, 13), date(2026, 6, 15)
    assert not calendar_for().is_working_day(saturday)  # cached from here on

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            ADD_URL, admin_form(2026, [{"kind": SWAP, "first_day": monday_off, "working_day": saturday}])
        )
    assert response.status_code == 302, response.context["errors"] if response.context else response
    assert calendar_for().is_working_day(saturday)
    assert not calendar_for().is_working_day(monday_off)

    decision = HolidayDecision.objects.get()
    line = decision.lines.get()
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("admin:calendar_holidaydecision_change", args=[decision.pk]),
            admin_form(
                2026,
                [{"id": line.pk, "kind": HOLIDAY, "first_day": date(2026, 6, 16)}],
                existing=1,
            ),
        )
    assert response.status_code == 302
    calendar = calendar_for()
    assert not calendar.is_working_day(saturday)
    assert calendar.is_working_day(monday_off)
    assert not calendar.is_working_day(date(2026, 6, 16))

    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(
            reverse("admin:calendar_holidaydecision_delete", args=[decision.pk]), {"post": "yes"}
        )
    assert calendar_for().is_working_day(date(2026, 6, 16))


def test_calendars_cached_before_commit_are_rebuilt_after_commit(
    django_capture_on_commit_callbacks, django_assert_num_queries
):
    with django_capture_on_commit_callbacks(execute=True):
        decision_with(2026, {"kind": HOLIDAY, "first_day": date(2026, 6, 10)})
        # Another process reading before the commit caches the day sets under the version the save bumped.
        calendar_for()
        with django_assert_num_queries(0):
            calendar_for()

    with django_assert_num_queries(2):  # rebuilt: decision lines and overrides
        assert not calendar_for().is_working_day(date(2026, 6, 10))


def test_admin_shows_the_resulting_days_off_and_working_days_of_the_year(admin_client):
    decision = decision_with(
        2026, {"kind": SWAP, "first_day": date(2026, 6, 19), "working_day": date(2026, 6, 13)}
    )

    response = admin_client.get(reverse("admin:calendar_holidaydecision_change", args=[decision.pk]))

    assert "Thứ Sáu 19/06/2026" in response.text
    assert "Thứ Bảy 13/06/2026" in response.text
    assert "Thứ Ba 17/02/2026" in response.text  # Tết from the package
    assert admin_client.get(ADD_URL).status_code == 200


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (
            {"kind": SWAP, "first_day": date(2026, 6, 19), "working_day": date(2026, 6, 17)},
            "Ngày làm bù 17/06/2026 là thứ Tư: ngày làm bù phải là thứ Bảy hoặc Chủ nhật.",
        ),
        (
            {"kind": SWAP, "first_day": date(2026, 6, 19)},
            "Nhập ngày làm bù (thứ Bảy hoặc Chủ nhật).",
        ),
        (
            {"kind": SWAP, "first_day": date(2026, 6, 20), "working_day": date(2026, 6, 13)},
            "Ngày được nghỉ 20/06/2026 là thứ Bảy: ngày nghỉ hoán đổi phải từ thứ Hai đến thứ Sáu.",
        ),
        (
            {"kind": SWAP, "first_day": date(2026, 6, 19), "working_day": date(2027, 6, 12)},
            "Ngày làm bù 12/06/2027 không thuộc năm 2026 của quyết định",
        ),
        (
            {"kind": HOLIDAY, "first_day": date(2027, 6, 10)},
            "Ngày 10/06/2027 không thuộc năm 2026 của quyết định.",
        ),
        (
            {"kind": HOLIDAY, "first_day": date(2026, 6, 10), "last_day": date(2026, 6, 9)},
            "Ngày cuối kỳ nghỉ phải từ ngày đầu trở đi.",
        ),
        (
            {"kind": TET, "first_day": date(2026, 3, 16), "last_day": date(2026, 3, 20)},
            "Kỳ nghỉ Tết Nguyên Đán phải nằm trong khoảng từ 10/01 đến hết tháng 2.",
        ),
        (
            {"kind": HOLIDAY, "first_day": date(2026, 6, 10), "working_day": date(2026, 6, 13)},
            "Chỉ nhập ngày làm bù cho dòng hoán đổi ngày làm việc.",
        ),
    ],
)
def test_admin_rejects_an_inconsistent_line_with_a_clear_message(admin_client, line, message):
    response = admin_client.post(ADD_URL, admin_form(2026, [line]))

    assert response.status_code == 200
    assert message in response.text
    assert not HolidayDecision.objects.exists()


def test_admin_reports_a_line_without_a_kind_as_a_form_error(admin_client):
    response = admin_client.post(ADD_URL, admin_form(2026, [{"kind": "", "first_day": date(2026, 6, 10)}]))

    assert response.status_code == 200
    assert response.context["inline_admin_formsets"][0].formset.errors[0]["kind"]
    assert not HolidayDecision.objects.exists()


def test_admin_rejects_a_second_tet_range_for_the_same_year(admin_client):
    decision_with(
        2026,
        {"kind": TET, "first_day": date(2026, 2, 16), "last_day": date(2026, 2, 20)},
        title="Thông báo nghỉ Tết 2026",
    )
    tet = {"kind": TET, "first_day": date(2026, 2, 14), "last_day": date(2026, 2, 22)}

    response = admin_client.post(ADD_URL, admin_form(2026, [tet]))

    assert response.status_code == 200
    assert (
        "Năm 2026 đã có kỳ nghỉ Tết trong quyết định «2026/TB-BNV — Thông báo nghỉ Tết 2026»."
        in response.text
    )

    response = admin_client.post(ADD_URL, admin_form(2025, [tet | {"first_day": date(2025, 1, 25)}] * 2))
    assert "Một quyết định chỉ có một kỳ nghỉ Tết Nguyên Đán." in response.text


def test_admin_rejects_a_working_day_that_is_also_a_day_off_of_the_decision(admin_client):
    lines = [
        {"kind": HOLIDAY, "first_day": date(2026, 6, 12), "last_day": date(2026, 6, 15)},
        {"kind": SWAP, "first_day": date(2026, 6, 19), "working_day": date(2026, 6, 13)},
    ]

    response = admin_client.post(ADD_URL, admin_form(2026, lines))

    assert "Ngày làm bù 13/06/2026 lại là ngày nghỉ trong cùng quyết định." in response.text


def test_a_swap_across_new_year_is_accepted(admin_client):
    # Monday 31/12/2018 off for Saturday 5/1/2019 (Công văn 6519/VPCP-KGVX).
    swap = {"kind": SWAP, "first_day": date(2018, 12, 31), "working_day": date(2019, 1, 5)}

    response = admin_client.post(ADD_URL, admin_form(2018, [swap]))

    assert response.status_code == 302
    assert HolidayDecision.objects.get().calendar_years() == {2018, 2019}
