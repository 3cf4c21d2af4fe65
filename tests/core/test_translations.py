"""English comes through gettext from the committed catalogue (src/motcua/locale/en/LC_MESSAGES/django.mo).

Other strings are added all the time, so these tests pin a fixed set of key strings rather than demanding
that every entry of the .po is translated; docs/translations.md says how to bring the catalogue up to date.
"""

from pathlib import Path

import pytest
from django.conf import settings
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext, ngettext, pgettext

from motcua.catalog.models import Procedure
from motcua.dossiers.workflow import Status

KEY_STRINGS = {
    # Dossier statuses (DVCQG 1–10), shown to applicants and officers.
    "Mới đăng ký": "Newly submitted",
    "Được tiếp nhận": "Accepted",
    "Yêu cầu bổ sung giấy tờ": "Supplement requested",
    "Đã trả kết quả": "Result returned",
    # Navigation in base.html.
    "Thủ tục hành chính": "Administrative procedures",
    "Tra cứu hồ sơ": "Track a dossier",
    "Hướng dẫn": "Guide",
    "Hồ sơ của tôi": "My dossiers",
    "Đăng nhập": "Sign in",
    "Đăng ký": "Register",
    "Ngôn ngữ": "Language",
    # Domain terms.
    "Cổng dịch vụ công": "Public Service Portal",
    "Bộ phận một cửa": "One-stop desk",
    "Mã số thuế": "Tax code",
    "Ngày hẹn trả kết quả": "Appointment date for the result",
    "Cổng dịch vụ công tỉnh Thái Nguyên": "Thai Nguyen Province Public Service Portal",
}


def test_the_compiled_english_catalogue_is_committed():
    mo = Path(settings.LOCALE_PATHS[0]) / "en" / "LC_MESSAGES" / "django.mo"
    assert mo.is_file() and mo.stat().st_size > 0
    assert mo.with_suffix(".po").is_file()


@pytest.mark.parametrize(("vietnamese", "english"), KEY_STRINGS.items())
def test_key_strings_translate_to_english(vietnamese, english):
    with translation.override("en"):
        assert gettext(vietnamese) == english
    with translation.override("vi"):
        assert gettext(vietnamese) == vietnamese


def test_choice_labels_follow_the_active_language():
    with translation.override("en"):
        assert str(Status.RETURNED.label) == "Result returned"
        assert str(Procedure.TimeUnit.CALENDAR_DAYS.label) == "days"
        assert str(Procedure.TimeUnit.WORKING_DAYS.label) == "working days"
    with translation.override("vi"):
        assert str(Status.RETURNED.label) == "Đã trả kết quả"
        assert str(Procedure.TimeUnit.CALENDAR_DAYS.label) == "ngày"


def test_the_same_vietnamese_word_can_mean_two_things():
    # "ngày" is a date in the calendar and a unit of a time limit: the unit carries a context.
    with translation.override("en"):
        assert gettext("ngày") == "date"
        assert pgettext("time limit unit", "ngày") == "days"


@pytest.mark.parametrize(("count", "english"), [(1, "Found 1 procedure"), (3, "Found 3 procedures")])
def test_plural_forms(count, english):
    message = "Tìm thấy %(counter)s thủ tục"
    with translation.override("en"):
        assert ngettext(message, message, count) % {"counter": count} == english


@pytest.mark.django_db
def test_home_page_in_english_when_the_browser_asks_for_it(client):
    response = client.get(reverse("portal:home"), HTTP_ACCEPT_LANGUAGE="en")

    page = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="en">' in page
    for english in (
        "Administrative procedures",
        "Track a dossier",
        "Guide",
        "Sign in",
        "Public Service Portal",
    ):
        assert english in page
    assert "Tra cứu hồ sơ" not in page


@pytest.mark.django_db
def test_home_page_is_vietnamese_by_default(client):
    page = client.get(reverse("portal:home")).content.decode()

    assert '<html lang="vi">' in page
    assert "Tra cứu hồ sơ" in page and "Track a dossier" not in page


@pytest.mark.django_db
def test_language_switcher_keeps_english_for_the_next_pages(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": reverse("portal:home")})
    assert response.status_code == 302
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"

    page = client.get(reverse("portal:procedure_list")).content.decode()
    assert "Search administrative procedures" in page and "Track a dossier" in page

    client.post(reverse("set_language"), {"language": "vi", "next": reverse("portal:home")})
    page = client.get(reverse("portal:procedure_list")).content.decode()
    assert "Tra cứu thủ tục hành chính" in page


@pytest.mark.django_db
def test_api_messages_follow_accept_language(client):
    url = reverse("api:tracking")
    query = {"code": "H56.101-261208-0001", "phone": "0912345678"}

    english = client.get(url, query, HTTP_ACCEPT_LANGUAGE="en")
    vietnamese = client.get(url, query)

    assert english.status_code == vietnamese.status_code == 404
    assert english.json()["detail"] == "No dossier found with this code and phone number."
    assert vietnamese.json()["detail"] == "Không tìm thấy hồ sơ có mã và số điện thoại này."


@pytest.mark.parametrize(("language", "shown"), [("vi", "12.500 đồng"), ("en", "12,500 VND")])
def test_money_follows_the_active_language(language, shown):
    with translation.override(language):
        assert Template("{{ amount|vnd }}").render(Context({"amount": 12500})) == shown
