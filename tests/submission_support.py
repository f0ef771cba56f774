"""Helpers for tests of citizens' submissions: solving the proof of work as a browser would."""

import base64
import json

import altcha

from forums.models import Submission
from forums.submissions import services
from portal import abuse


def solved_proof_of_work() -> str:
    """The payload the ALTCHA widget sends once it found the number of a fresh challenge."""
    challenge = json.loads(abuse.new_challenge())
    solution = altcha.solve_challenge_v1(
        challenge["challenge"], challenge["salt"], challenge["algorithm"], challenge["maxNumber"]
    )
    payload = {
        "algorithm": challenge["algorithm"],
        "challenge": challenge["challenge"],
        "number": solution.number,
        "salt": challenge["salt"],
        "signature": challenge["signature"],
    }
    return base64.b64encode(json.dumps(payload).encode()).decode()


def raise_form(category, forum, **extra) -> dict:
    """A filled-in /raise/ form for the forum, with a solved proof of work."""
    return {
        "category": category.pk,
        "place": f"f{forum.pk}",
        "neighbourhood": "",
        "text": "Cars drive too fast past the primary school every morning.",
        "email": "",
        "website": "",
        "altcha": solved_proof_of_work(),
        **extra,
    }


def received(category, forum, *, text: str = "Cars drive too fast past the school.", **extra) -> Submission:
    """A submission as the form would have received it."""
    return services.receive_submission(
        category=category, municipality=forum.municipality, forum=forum, text=text, **extra
    )
