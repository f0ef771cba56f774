"""The fixtures of the forum view tests, shared with the action view tests."""

from tests.forums.conftest import english
from tests.forums.conftest import public_concern
from tests.forums.conftest import restricted_concern

__all__ = ["english", "public_concern", "restricted_concern"]
