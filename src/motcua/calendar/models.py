from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.calendar.vn_holidays import is_in_tet_season


class CalendarOverride(models.Model):
    """Điều chỉnh lịch làm việc: one day made a holiday or a working day, whatever the package and the holiday
    decisions say (a local closure, a correction)."""

    class Kind(models.TextChoices):
        HOLIDAY = "holiday", _("Ngày nghỉ")
        WORKING_DAY = "working_day", _("Ngày làm việc bù")

    day = models.DateField(_("ngày"), unique=True)
    kind = models.CharField(_("loại"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("lý do"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["day"]
        verbose_name = _("điều chỉnh lịch làm việc")
        verbose_name_plural = _("điều chỉnh lịch làm việc")

    def __str__(self):
        return f"{self.day:%d/%m/%Y} — {self.get_kind_display()}"


class HolidayDecision(models.Model):
    """Quyết định (thông báo) nghỉ lễ, Tết của một năm: the Tết days off, swapped working days, extra days off.

    A year without a decision follows the ``holidays`` package. A decision's Tết range replaces the package's
    Tết days for its year; its swaps and extra days off are added to the package's holidays. Several decisions
    may concern one year (the Tết notice, a later notice for 30/4), with one Tết range between them.
    """

    year = models.PositiveSmallIntegerField(
        _("năm"), validators=[MinValueValidator(2000), MaxValueValidator(2100)], db_index=True
    )
    number = models.CharField(
        _("số hiệu văn bản"), max_length=60, blank=True, help_text=_("Ví dụ: 6150/TB-BLĐTBXH.")
    )
    title = models.CharField(_("trích yếu"), max_length=300)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-year", "number"]
        verbose_name = _("quyết định nghỉ lễ, Tết")
        verbose_name_plural = _("quyết định nghỉ lễ, Tết")

    def __str__(self):
        return f"{self.number} — {self.title}" if self.number else self.title

    def calendar_years(self) -> set[int]:
        """Years whose working calendar the decision changes: its own, and the next or previous one when a swap
        crosses New Year (Monday 31/12/2018 off for Saturday 5/1/2019)."""
        return {self.year} | {line.working_day.year for line in self.lines.all() if line.working_day}


class HolidayDecisionLine(models.Model):
    """One line of a holiday decision: the Tết range, a swap (a weekend day worked for a weekday off), or extra
    days off."""

    class Kind(models.TextChoices):
        TET = "tet", _("Nghỉ Tết Nguyên Đán")
        SWAP = "swap", _("Hoán đổi ngày làm việc")
        HOLIDAY = "holiday", _("Ngày nghỉ thêm")

    decision = models.ForeignKey(HolidayDecision, on_delete=models.CASCADE, related_name="lines")
    kind = models.CharField(_("loại"), max_length=20, choices=Kind.choices)
    first_day = models.DateField(
        _("ngày nghỉ"), help_text=_("Ngày đầu kỳ nghỉ; với hoán đổi, ngày thường được nghỉ.")
    )
    last_day = models.DateField(
        _("đến ngày"), null=True, blank=True, help_text=_("Ngày cuối kỳ nghỉ; để trống nếu nghỉ một ngày.")
    )
    working_day = models.DateField(
        _("ngày làm bù"),
        null=True,
        blank=True,
        help_text=_("Chỉ với hoán đổi: thứ Bảy hoặc Chủ nhật đi làm thay cho ngày nghỉ."),
    )
    note = models.CharField(_("ghi chú"), max_length=200, blank=True)

    class Meta:
        ordering = ["first_day"]
        verbose_name = _("dòng quyết định")
        verbose_name_plural = _("các dòng của quyết định")

    def __str__(self):
        return f"{self.get_kind_display()} {self.first_day:%d/%m/%Y}"

    def days_off(self) -> list[date]:
        return days_from(self.first_day, self.last_day)

    def clean(self):
        decision = getattr(self, "decision", None)
        errors = holiday_decision_line_errors(
            kind=self.kind,
            year=decision.year if decision is not None else None,
            first_day=self.first_day,
            last_day=self.last_day,
            working_day=self.working_day,
        )
        if errors:
            raise ValidationError(errors)


def days_from(first_day: date, last_day: date | None = None) -> list[date]:
    """The days of ``[first_day, last_day]``; just ``first_day`` without a last day."""
    last_day = last_day or first_day
    return [first_day + timedelta(days=i) for i in range((last_day - first_day).days + 1)]


WEEKDAY_NAMES = [
    _("thứ Hai"),
    _("thứ Ba"),
    _("thứ Tư"),
    _("thứ Năm"),
    _("thứ Sáu"),
    _("thứ Bảy"),
    _("Chủ nhật"),
]
# A swap across New Year keeps its two days this close (Monday 31/12/2018 off for Saturday 5/1/2019).
SWAP_ACROSS_NEW_YEAR_MAX_DAYS = 31


def holiday_decision_line_errors(
    *, kind: str, year: int | None, first_day: date | None, last_day: date | None, working_day: date | None
) -> dict[str, str]:
    """Validation messages by field for one decision line; empty when the line is consistent."""
    Kind = HolidayDecisionLine.Kind
    errors: dict[str, str] = {}
    if first_day is None:
        return errors  # the form already says the field is required
    if year is not None and first_day.year != year:
        errors["first_day"] = _("Ngày %(day)s không thuộc năm %(year)s của quyết định.") % {
            "day": f"{first_day:%d/%m/%Y}",
            "year": year,
        }
    if last_day is not None:
        if kind == Kind.SWAP:
            errors["last_day"] = _("Hoán đổi từng ngày một: để trống ô «đến ngày».")
        elif last_day < first_day:
            errors["last_day"] = _("Ngày cuối kỳ nghỉ phải từ ngày đầu trở đi.")
        elif year is not None and last_day.year != year:
            errors["last_day"] = _("Ngày %(day)s không thuộc năm %(year)s của quyết định.") % {
                "day": f"{last_day:%d/%m/%Y}",
                "year": year,
            }
    if (
        kind == Kind.TET
        and not errors
        and not all(is_in_tet_season(day) for day in (first_day, last_day or first_day))
    ):
        errors["first_day"] = _("Kỳ nghỉ Tết Nguyên Đán phải nằm trong khoảng từ 10/01 đến hết tháng 2.")
    if kind == Kind.SWAP:
        if working_day is None:
            errors["working_day"] = _("Nhập ngày làm bù (thứ Bảy hoặc Chủ nhật).")
        elif working_day.weekday() < 5:
            errors["working_day"] = _(
                "Ngày làm bù %(day)s là %(weekday)s: ngày làm bù phải là thứ Bảy hoặc Chủ nhật."
            ) % {"day": f"{working_day:%d/%m/%Y}", "weekday": WEEKDAY_NAMES[working_day.weekday()]}
        elif (
            year is not None
            and working_day.year != year
            and abs((working_day - first_day).days) > SWAP_ACROSS_NEW_YEAR_MAX_DAYS
        ):
            errors["working_day"] = _(
                "Ngày làm bù %(day)s không thuộc năm %(year)s của quyết định (chỉ được sang năm liền kề khi "
                "cách ngày nghỉ không quá %(max)s ngày)."
            ) % {"day": f"{working_day:%d/%m/%Y}", "year": year, "max": SWAP_ACROSS_NEW_YEAR_MAX_DAYS}
        if first_day.weekday() >= 5 and "first_day" not in errors:
            errors["first_day"] = _(
                "Ngày được nghỉ %(day)s là %(weekday)s: ngày nghỉ hoán đổi phải từ thứ Hai đến thứ Sáu."
            ) % {"day": f"{first_day:%d/%m/%Y}", "weekday": WEEKDAY_NAMES[first_day.weekday()]}
    elif working_day is not None:
        errors["working_day"] = _("Chỉ nhập ngày làm bù cho dòng hoán đổi ngày làm việc.")
    return errors
