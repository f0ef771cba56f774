"""Ids from a URL, a query or a form, checked against what the database can hold before any lookup."""

LARGEST_ID = 2**63 - 1  # the largest value of the database's integer key columns


def can_exist(number: int) -> bool:
    """Whether a row could have this id: SQLite's lookup crashes (a 500) on one beyond its integers."""
    return 0 < number <= LARGEST_ID
