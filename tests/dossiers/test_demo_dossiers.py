"""`manage.py load_demo` leaves dossiers in every stage, made by the real services, and loading twice adds none."""

import pytest
from django.core.management import call_command

from motcua.dossiers.models import Dossier, DossierAlert, DossierEvent
from motcua.dossiers.workflow import Status

pytestmark = pytest.mark.django_db


def test_demo_dossiers_cover_every_stage_and_load_once():
    call_command("load_demo", verbosity=0)
    statuses = set(Dossier.objects.values_list("status", flat=True))
    assert {
        Status.NEW,
        Status.RECEIVED,
        Status.PROCESSING,
        Status.SUPPLEMENT_REQUESTED,
        Status.REFUSED,
        Status.RESOLVED,
        Status.RETURNED,
    } <= statuses
    received = Dossier.objects.exclude(code=None)
    assert all(d.code.startswith("H56.101-") and d.due_at > d.received_at for d in received)
    # An old dossier sits past its step deadline, so the leaders have an alert waiting on their dashboard.
    assert DossierAlert.objects.exists()
    count, events = Dossier.objects.count(), DossierEvent.objects.count()
    alerts = DossierAlert.objects.count()

    call_command("load_demo", verbosity=0)
    assert (Dossier.objects.count(), DossierEvent.objects.count()) == (count, events)
    assert DossierAlert.objects.count() == alerts
