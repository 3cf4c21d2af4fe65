"""Writes on the working calendar: the administrator's overrides of the national holidays."""

from datetime import date
from uuid import uuid4

from django.core.cache import cache
from django.db import transaction

from motcua.calendar.models import CalendarOverride

# The cached day sets are keyed by this version; a new random value makes every older entry unreachable.
CALENDAR_VERSION_KEY = "motcua:calendar:version"


def calendar_version_new() -> str:
    version = uuid4().hex
    cache.set(CALENDAR_VERSION_KEY, version, timeout=None)
    return version


def calendar_overrides_changed() -> None:
    """Call after any change to CalendarOverride, so working calendars are rebuilt from the database.

    Bumps the version now (this request sees its own change) and again on commit (a reader in another
    process may have cached the not-yet-committed rows under the first new version).
    """
    calendar_version_new()
    transaction.on_commit(calendar_version_new)


@transaction.atomic
def calendar_override_set(*, day: date, kind: str, name: str = "") -> CalendarOverride:
    """Declare `day` a holiday or a working day (e.g. a Saturday worked in exchange for a bridge day)."""
    override, _ = CalendarOverride.objects.update_or_create(day=day, defaults={"kind": kind, "name": name})
    calendar_overrides_changed()
    return override


@transaction.atomic
def calendar_override_delete(*, day: date) -> None:
    CalendarOverride.objects.filter(day=day).delete()
    calendar_overrides_changed()
