"""Cảnh báo hạn xử lý: the periodic job that flags dossiers and steps due soon or overdue to their leaders.

Runs from cron (`manage.py dossiers_flag_at_risk`) or Celery beat (`dossiers.tasks.flag_at_risk`); both call
`dossiers_flag_at_risk`. An alert is a row, unique per (dossier or step, kind, leader, due date), so any
number of runs creates each alert once. Each run then hands the alerts not yet notified to the notification
outbox (`notifications.services.leader_alerts_queue`), which e-mails them to their leaders.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from motcua.agencies.models import Agency, StaffAssignment
from motcua.agencies.roles import LEADER_ROLES
from motcua.dossiers.models import Dossier, DossierAlert
from motcua.dossiers.selectors import due_by_agency_calendar, steps_running
from motcua.dossiers.workflow import RUNNING_STATUSES
from motcua.notifications.services import leader_alerts_queue

BATCH_SIZE = 1000


@dataclass(frozen=True)
class FlagResult:
    at_risk: int  # dossiers and steps due within one working day or overdue
    created: int  # alerts new in this run
    queued: int = 0  # e-mails to leaders queued in this run


def responsible_leaders(agency_ids) -> dict[int, set[int]]:
    """For each agency, the leaders answering for it: those assigned there, else those of the nearest agency
    above that has any (a commune without its own leader answers to the district or province)."""
    parents = dict(Agency.objects.values_list("id", "parent_id"))
    assigned: dict[int, set[int]] = {}
    for agency_id, user_id in StaffAssignment.objects.filter(
        role__in=LEADER_ROLES, user__is_active=True
    ).values_list("agency_id", "user_id"):
        assigned.setdefault(agency_id, set()).add(user_id)
    found = {}
    for agency_id in agency_ids:
        node = agency_id
        while node is not None and node not in assigned:
            node = parents.get(node)
        found[agency_id] = assigned.get(node, set())
    return found


def _kind(due: datetime, now: datetime) -> str:
    return DossierAlert.Kind.OVERDUE if due < now else DossierAlert.Kind.DUE_SOON


def dossiers_flag_at_risk(*, now: datetime | None = None) -> FlagResult:
    """Flag every running dossier and open step due within one working day (on its agency's calendar) or
    overdue, with one alert per responsible leader. Dossiers are the receiving agency's; steps their own."""
    now = now or timezone.now()
    agency_ids = list(Agency.objects.values_list("id", flat=True))
    dossiers = Dossier.objects.filter(status__in=RUNNING_STATUSES).filter(
        due_by_agency_calendar(agency_ids, now=now)
    )
    steps = steps_running().filter(due_by_agency_calendar(agency_ids, now=now))
    at_risk = [
        (dossier_id, None, agency_id, due)
        for dossier_id, agency_id, due in dossiers.values_list("id", "agency_id", "due_at").iterator()
    ] + [
        (dossier_id, step_id, agency_id, due)
        for step_id, dossier_id, agency_id, due in steps.values_list(
            "id", "dossier_id", "agency_id", "due_at"
        ).iterator()
    ]
    leaders = responsible_leaders({agency_id for _, _, agency_id, _ in at_risk})
    alerts = [
        DossierAlert(
            dossier_id=dossier_id,
            step_id=step_id,
            kind=_kind(due, now),
            recipient_id=leader_id,
            due_at=due,
            created_at=now,
        )
        for dossier_id, step_id, agency_id, due in at_risk
        for leader_id in sorted(leaders[agency_id])
    ]
    with transaction.atomic():
        before = DossierAlert.objects.count()
        # The unique constraints make a repeated alert a no-op, even when two runs overlap.
        DossierAlert.objects.bulk_create(alerts, batch_size=BATCH_SIZE, ignore_conflicts=True)
        created = DossierAlert.objects.count() - before
    queued = leader_alerts_queue(now=now)
    return FlagResult(at_risk=len(at_risk), created=created, queued=len(queued))
