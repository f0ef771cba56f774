"""Login rate limits live in a cache that production shares through Redis."""

from django.core.cache import cache

from tests.test_settings import load_settings

PASSWORD = "correct-horse-battery"
SHOW_CACHE = (
    "import django; django.setup(); from django.conf import settings as s; "
    "print(s.CACHES['default']['BACKEND'], s.CACHES['default'].get('LOCATION', ''))"
)


def test_the_cache_is_in_process_when_nothing_is_configured():
    result = load_settings({}, SHOW_CACHE)
    assert result.stdout.split()[0] == "django.core.cache.backends.locmem.LocMemCache", result.stderr


def test_cache_url_points_the_cache_at_redis_with_djangos_own_backend():
    result = load_settings({"CACHE_URL": "redis://redis.example.org:6379/1"}, SHOW_CACHE)
    assert result.stdout.split() == [
        "django.core.cache.backends.redis.RedisCache",
        "redis://redis.example.org:6379/1",
    ], result.stderr


def test_the_lock_after_wrong_passwords_is_kept_in_the_cache(client, member):
    for _attempt in range(6):
        client.post("/accounts/login/", {"login": member.email, "password": "wrong-password-123"})
    client.post("/accounts/login/", {"login": member.email, "password": PASSWORD})
    assert "_auth_user_id" not in client.session

    cache.clear()  # what Redis forgets after the lock's 15 minutes
    client.post("/accounts/login/", {"login": member.email, "password": PASSWORD})
    assert client.session["_auth_user_id"] == str(member.pk)
