"""Writes on the working calendar: the administrator's holiday decisions and single-day overrides."""

from collections.abc import Iterable
from datetime import date
from functools import partial
from uuid import uuid4

from django.core.cache import cache
from django.db import transaction

from motcua.calendar.models import CalendarOverride

# The cached day sets are keyed by this version; a new random value makes every older entry unreachable.
CALENDAR_VERSION_KEY = "motcua:calendar:version"
_DEADLINES_RECOMPUTE_MODULE = "motcua.dossiers.deadlines_recompute"


def calendar_version_new() -> str:
    version = uuid4().hex
    cache.set(CALENDAR_VERSION_KEY, version, timeout=None)
    return version


def calendar_changed(*, years: Iterable[int]) -> None:
    """Call after any change to the administrator's calendar (a holiday decision, an override) in ``years``.

    Working calendars are rebuilt from the database: the version is bumped now (this request sees its own
    change) and again on commit (a reader in another process may have cached the not-yet-committed rows under
    the first new version). Once committed, the deadlines of open dossiers in those years are recomputed.
    """
    calendar_version_new()
    transaction.on_commit(calendar_version_new)
    transaction.on_commit(partial(_open_deadlines_recompute, years=sorted(set(years))))


def _open_deadlines_recompute(*, years: list[int]) -> None:
    # The dossiers app owns the recomputation and may not ship it yet; until it does, a calendar change only
    # refreshes the cached calendars. Only that module's absence is tolerated, not a failing import inside it.
    try:
        from motcua.dossiers.deadlines_recompute import open_deadlines_recompute
    except ModuleNotFoundError as error:
        if error.name != _DEADLINES_RECOMPUTE_MODULE:
            raise
        return
    open_deadlines_recompute(years=years)


@transaction.atomic
def calendar_override_set(*, day: date, kind: str, name: str = "") -> CalendarOverride:
    """Declare `day` a holiday or a working day (e.g. a Saturday worked in exchange for a bridge day)."""
    override, _ = CalendarOverride.objects.update_or_create(day=day, defaults={"kind": kind, "name": name})
    calendar_changed(years=[day.year])
    return override


@transaction.atomic
def calendar_override_delete(*, day: date) -> None:
    CalendarOverride.objects.filter(day=day).delete()
    calendar_changed(years=[day.year])
