import pytest
from django.urls import reverse

from motcua.accounts.models import User
from motcua.agencies.demo import load_demo_agencies
from motcua.agencies.models import Agency

pytestmark = pytest.mark.django_db


def test_an_agency_administrator_sees_only_their_agency_and_what_is_below_it(client):
    load_demo_agencies()
    client.force_login(User.objects.get(username="xa1.quantri"))

    response = client.get(reverse("admin:agencies_agency_changelist"))

    assert response.status_code == 200
    shown = {agency.electronic_id for agency in response.context["cl"].result_list}
    assert shown == {"H56.101", "H56.101.01"}


def test_the_superuser_sees_every_agency(client):
    load_demo_agencies()
    client.force_login(User.objects.get(username="admin"))

    response = client.get(reverse("admin:agencies_agency_changelist"))

    assert len(response.context["cl"].result_list) == Agency.objects.count()
