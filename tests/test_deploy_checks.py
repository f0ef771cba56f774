"""`manage.py check --deploy` warns about settings that are fine locally and unsafe in production."""

from io import StringIO

from django.core.checks.registry import registry
from django.core.management import call_command

from forum_site import checks


def deploy_warnings(settings, **overrides) -> str:
    for name, value in overrides.items():
        setattr(settings, name, value)
    out = StringIO()
    call_command("check", deploy=True, stderr=out, stdout=out)
    return out.getvalue()


def test_the_deployment_check_warns_about_a_per_process_cache_in_production(settings):
    output = deploy_warnings(settings, DEBUG=False)
    assert "forum_site.W001" in output
    assert "CACHE_URL" in output


def test_the_deployment_check_is_quiet_with_a_shared_cache(settings):
    redis = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://r:6379/1"}
    assert "forum_site.W001" not in deploy_warnings(settings, DEBUG=False, CACHES={"default": redis})


def test_the_deployment_check_accepts_a_per_process_cache_while_debugging(settings):
    assert "forum_site.W001" not in deploy_warnings(settings, DEBUG=True)


def test_the_cache_check_runs_only_with_deploy():
    deploy_only = registry.get_checks(include_deployment_checks=True)
    assert checks.shared_cache in deploy_only
    assert checks.shared_cache not in registry.get_checks()


def test_the_deployment_check_warns_when_production_mail_would_be_printed_to_the_log(settings):
    console = "django.core.mail.backends.console.EmailBackend"
    output = deploy_warnings(settings, DEBUG=False, EMAIL_BACKEND=console)
    assert "forum_site.W002" in output
    assert "EMAIL_URL" in output


def test_the_deployment_check_is_quiet_when_mail_goes_over_smtp(settings):
    smtp = "django.core.mail.backends.smtp.EmailBackend"
    assert "forum_site.W002" not in deploy_warnings(settings, DEBUG=False, EMAIL_BACKEND=smtp)
