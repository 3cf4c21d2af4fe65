import pytest

from motcua.agencies.services import roles_sync


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    # Role groups carry permissions that exist only after migrate; create them once per test database.
    with django_db_blocker.unblock():
        roles_sync()


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture(autouse=True)
def _empty_cache():
    # Throttle counters and cached calendars live in the cache; each test starts without them.
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
