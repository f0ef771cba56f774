"""Run the demo data command (`manage.py seed_demo`) in tests, as `make run` does."""

from io import StringIO

from django.core.management import call_command

PASSWORD = "demo-forums-2026"
SECRETARY = "sekretari.prishtine@demo.forums.test"


def seed(*args: str) -> str:
    """Run the command; one published meeting per forum unless asked (each PDF takes time)."""
    if "--published-minutes" not in args:
        args = (*args, "--published-minutes", "1")
    out = StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()
