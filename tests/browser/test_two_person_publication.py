"""In a real browser: a domestic-violence concern becomes public only through two people.

The secretary finds no "Public" in the concern's form, proposes it with a reason; the chair, on a
320 px phone and freshly logged in, finds it on the dashboard, confirms, is asked for the password
again (a recent login does not count for this step), and only then is the concern public.
"""

from django.urls import reverse

from forums.models import Concern
from forums.models import VisibilityProposal
from tests import factories
from tests.browser.helpers import PASSWORD
from tests.browser.helpers import PHONE
from tests.browser.helpers import assert_accessible
from tests.browser.helpers import assert_fits_width
from tests.browser.helpers import login

SUMMARY = "Mbrëmje ndërgjegjësimi për dhunën në familje"
REASON = "Temë e përgjithshme ndërgjegjësimi, pa rast konkret"


def test_the_secretary_proposes_and_the_chair_confirms_with_the_password(
    page, open_page, live_server, snap, secretary, chair, meeting, restricted_category
):
    base = live_server.url
    concern = factories.ConcernFactory(
        meeting=meeting, category=restricted_category, summary=SUMMARY, visibility=Concern.RESTRICTED
    )

    login(page, base, secretary)
    page.goto(f"{base}{reverse('forums:concern_edit', args=[concern.pk])}")
    options = page.locator("select[name=visibility] option").all_inner_texts()
    assert options == ["Restricted"]
    assert "the chair confirms" in page.locator("#id_visibility_helptext").inner_text()
    page.goto(f"{base}{concern.get_absolute_url()}")
    with page.expect_navigation():
        page.get_by_role("link", name="Propose to make it public").click()
    page.get_by_label("Why may it be public?").fill(REASON)
    with page.expect_navigation():
        page.get_by_role("button", name="Send to the chair").click()
    snap("proposed")
    assert "awaiting the chair" in page.content()

    phone = open_page(PHONE)
    login(phone, base, chair)
    with phone.expect_navigation():
        phone.get_by_role("link", name=f"Concern #{concern.pk}: Domestic violence").click()
    assert REASON in phone.content()
    assert_accessible(phone)
    assert_fits_width(phone)
    snap("chair reviews", on=phone)
    with phone.expect_navigation():
        phone.get_by_role("button", name="Confirm: make it public").click()
    assert "reauthenticate" in phone.url
    assert Concern.objects.get(pk=concern.pk).is_restricted
    phone.fill("input[name=password]", PASSWORD)
    with phone.expect_navigation():
        phone.press("input[name=password]", "Enter")
    snap("confirmed", on=phone)

    assert Concern.objects.get(pk=concern.pk).visibility == Concern.PUBLIC
    assert VisibilityProposal.objects.get().decided_by == chair
    assert f"Concern #{concern.pk} is now public." in phone.content()
