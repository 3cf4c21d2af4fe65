"""Scripts sign in with a token; the session of the portal works too."""

import pytest
from django.urls import reverse

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def test_token_from_username_and_password_authenticates_later_requests(api, office, submitted):
    submitted()
    citizen = office["citizen"]
    response = api.post(reverse("api:token"), {"username": citizen.username, "password": PASSWORD})
    assert response.status_code == 200
    token = response.json()["token"]
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert api.get(reverse("api:dossiers")).json()["count"] == 1


def test_wrong_password_gets_no_token(api, office):
    response = api.post(reverse("api:token"), {"username": office["citizen"].username, "password": "sai"})
    assert response.status_code == 400
    assert "token" not in response.json()


def test_portal_session_works_for_the_api(api, office, submitted):
    submitted()
    assert api.login(username=office["citizen"].username, password=PASSWORD)
    assert api.get(reverse("api:dossiers")).json()["count"] == 1
