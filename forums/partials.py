"""Sections of the meeting page answered to htmx, so a secretary records a meeting without page loads.

The same URLs answer a full page (or a redirect) to a plain form post, and a section of the meeting
page to htmx (`request.htmx`, django-htmx). The section carries the messages of the request for the
page's live region, which says "saved" (or what went wrong) to screen readers.
"""

from collections.abc import Callable

from django import forms
from django.http import HttpRequest
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django_htmx.http import trigger_client_event

# A form sent back with what is wrong in it: htmx swaps it in (see the htmx-config of the meeting page).
INVALID = 422


def render_section(
    request: HttpRequest, template: str, context: dict, *, status: int = 200, event: str = ""
) -> HttpResponse:
    """One section of the meeting page, its messages out of band; `event` tells the page what changed."""
    response = render(
        request,
        "forums/includes/meeting_section.html",
        {**context, "section_template": template},
        status=status,
    )
    # The same URL answers a full page without htmx: caches must keep the two apart.
    patch_vary_headers(response, ["HX-Request"])
    if event:
        trigger_client_event(response, event)
    return response


def refresh_on(field: forms.BoundField, event: str, url: str) -> None:
    """Let a select refresh its own choices when the page announces `event` (say, a concern was
    logged in another section), fetching `url` and keeping what is chosen (the form's `initial`)."""
    field.field.widget.attrs.update(
        {
            "data-hx-get": url,
            "data-hx-trigger": f"{event} from:body",
            "data-hx-select": f"#{field.id_for_label}",
            "data-hx-target": "this",
            "data-hx-swap": "outerHTML",
        }
    )


def focus_first_field(form: forms.Form) -> forms.Form:
    """Put the cursor where typing goes on: the first field with an error, else the first field.

    Only for forms answered to htmx, which focuses an `autofocus` field it swaps in; a full page
    never steals the focus.
    """
    names = [name for name in form.fields if name in form.errors] or [
        name for name, field in form.fields.items() if not field.widget.is_hidden
    ]
    if names:
        form.fields[names[0]].widget.attrs["autofocus"] = True
    return form


def edit_auto_id(request: HttpRequest, prefix: str, pk: int) -> str:
    """The field ids of a record's form: in place (htmx) they carry the record's id, as the form sits
    beside the form to add one and the other rows of its section."""
    return f"{prefix}-{pk}-%s" if request.htmx else "id_%s"


def answer_edit_form(
    request: HttpRequest, section: Callable[..., HttpResponse], *, record, form
) -> HttpResponse:
    """A record's row in its section opened as its form (200), or sent back with what is wrong in it
    (422, everything typed kept). `section` answers the section, given `editing`, `edit_form`, `status`."""
    status = INVALID if request.method == "POST" else 200
    return section(editing=record, edit_form=focus_first_field(form), status=status)
