"""The periodic job that flags dossiers and steps due soon or overdue to the responsible leaders."""

from datetime import date, timedelta
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

from motcua.agencies.models import Role
from motcua.dossiers import selectors, services
from motcua.dossiers.alerts import dossiers_flag_at_risk
from motcua.dossiers.models import DossierAlert
from motcua.dossiers.tasks import flag_at_risk
from tests.dossier_setup import at, make_office, processing
from tests.factories import AgencyFactory, staff_with_role

pytestmark = pytest.mark.django_db


def alerts():
    return sorted(
        (alert.step.order if alert.step else 0, alert.kind, alert.recipient_id)
        for alert in DossierAlert.objects.select_related("step")
    )


def test_due_soon_and_overdue_steps_and_dossiers_alert_the_responsible_leader():
    office = make_office()
    # Due Thursday 09:00; the specialist's step is due Tuesday 16:00.
    dossier = processing(office, when=at(7, 9), assigned_at=at(7, 10))
    leader = office.leader.pk

    assert dossiers_flag_at_risk(now=at(7, 11)).created == 0
    result = dossiers_flag_at_risk(now=at(8, 9))
    assert (result.at_risk, result.created) == (1, 1)
    assert alerts() == [(2, "due_soon", leader)]

    result = dossiers_flag_at_risk(now=at(9, 10))
    assert (result.at_risk, result.created) == (2, 2)
    assert alerts() == [(0, "due_soon", leader), (2, "due_soon", leader), (2, "overdue", leader)]
    assert set(DossierAlert.objects.values_list("dossier_id", flat=True)) == {dossier.pk}


def test_periodic_job_is_idempotent():
    office = make_office()
    processing(office, when=at(7, 9), assigned_at=at(7, 10))
    staff_with_role(office.agency, Role.AGENCY_LEADER)
    first = dossiers_flag_at_risk(now=at(10, 10))
    again = dossiers_flag_at_risk(now=at(10, 10))
    later = dossiers_flag_at_risk(now=at(10, 15))
    assert first.created == 4  # the overdue dossier and step, each to both leaders
    assert again.created == later.created == 0
    assert DossierAlert.objects.count() == 4


def test_a_moved_due_date_is_flagged_again():
    office = make_office()
    dossier = processing(office, when=at(7, 9), assigned_at=at(7, 10))
    services.dossier_step_complete(dossier=dossier, user=office.specialist, now=at(8, 9))
    dossiers_flag_at_risk(now=at(9, 10))  # dossier due Thursday 09:00: due soon
    services.apology_approve(
        apology=services.apology_draft(
            dossier=dossier,
            officer=office.leader,
            reason="Chờ xác minh",
            new_date=date(2026, 12, 15),
            now=at(8, 9),
        ),
        leader=office.leader,
        now=at(8, 10),
    )
    dossiers_flag_at_risk(now=at(14, 17))
    dossier_alerts = DossierAlert.objects.filter(dossier=dossier, step=None).order_by("created_at")
    assert [(a.kind, a.due_at) for a in dossier_alerts] == [("due_soon", at(10, 9)), ("due_soon", at(15, 17))]


def test_alert_goes_to_the_leaders_above_when_the_unit_has_none():
    district = AgencyFactory(electronic_id="H56.300")
    district_leader = staff_with_role(district, Role.AGENCY_LEADER)
    office = make_office(electronic_id="H56.301", parent=district)
    dossier = processing(office, when=at(7, 9), assigned_at=at(7, 10))
    dossiers_flag_at_risk(now=at(10, 10))
    # The unit's own leader answers first.
    assert set(DossierAlert.objects.values_list("recipient_id", flat=True)) == {office.leader.pk}

    office.leader.assignments.all().delete()
    dossiers_flag_at_risk(now=at(10, 10))
    district_alerts = DossierAlert.objects.filter(recipient=district_leader)
    assert district_alerts.count() == 2
    assert {alert.dossier_id for alert in district_alerts} == {dossier.pk}


def test_paused_and_closed_dossiers_raise_no_alert():
    office = make_office()
    paused = processing(office, when=at(7, 9), assigned_at=at(7, 10))
    services.dossier_request_payment(
        dossier=paused, officer=office.specialist, description="Lệ phí", now=at(7, 11)
    )
    stopped = processing(office, when=at(7, 9), assigned_at=at(7, 10))
    services.dossier_stop(dossier=stopped, leader=office.leader, reason="Tranh chấp", now=at(7, 11))
    assert dossiers_flag_at_risk(now=at(14, 10)).created == 0


def test_leader_dashboard_selector_shows_only_alerts_still_relevant():
    office = make_office()
    dossier = processing(office, when=at(7, 9), assigned_at=at(7, 10))
    dossiers_flag_at_risk(now=at(8, 9))  # step 2 due soon
    assert [a.kind for a in selectors.alerts_for(user=office.leader, now=at(8, 9))] == ["due_soon"]
    services.dossier_step_complete(dossier=dossier, user=office.specialist, now=at(8, 10))
    assert list(selectors.alerts_for(user=office.leader, now=at(8, 10))) == []
    assert list(selectors.alerts_for(user=office.specialist, now=at(8, 10))) == []


def test_command_and_celery_task_run_the_same_job_and_create_nothing_twice():
    office = make_office()
    long_ago = timezone.localtime() - timedelta(days=30)
    processing(office, when=long_ago, assigned_at=long_ago + timedelta(minutes=5))
    out = StringIO()
    call_command("dossiers_flag_at_risk", stdout=out)
    assert "2 new alerts" in out.getvalue()
    assert flag_at_risk() == 0
    call_command("dossiers_flag_at_risk", stdout=out)
    assert DossierAlert.objects.count() == 2
    assert settings.CELERY_BEAT_SCHEDULE["dossiers-flag-at-risk"]["task"] == flag_at_risk.name


def test_alerts_are_handed_to_the_outbox_once_and_wait_when_the_leader_has_no_email():
    office = make_office()
    processing(office, when=at(7, 9), assigned_at=at(7, 10))
    without_email = staff_with_role(office.agency, Role.AGENCY_LEADER)
    without_email.email = ""
    without_email.save(update_fields=["email"])
    first = dossiers_flag_at_risk(now=at(10, 10))
    again = dossiers_flag_at_risk(now=at(10, 11))
    assert (first.created, first.queued, again.queued) == (4, 2, 0)
    assert {alert.recipient_id for alert in selectors.alerts_awaiting_notification()} == {without_email.pk}
