"""The concern fixtures of the forum view tests, shared with the action view tests."""

from tests.forums.conftest import public_concern, restricted_concern

__all__ = ["public_concern", "restricted_concern"]
