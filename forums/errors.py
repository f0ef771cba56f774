"""Domain errors: a rule of the forums' work was broken, with a message for the person who tried.

Services raise them; views and forms show them with `error.add_to(form)`, never by hand.
"""

from django import forms


class ForumError(Exception):
    """A rule of the forum's work was broken; the message is shown to the user."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field

    def add_to(self, form: forms.Form) -> None:
        """Show the error next to its field, or above the form when the form has no such field."""
        form.add_error(self.field if self.field in form.fields else None, self.message)
