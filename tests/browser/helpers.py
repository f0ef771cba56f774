"""Helpers for browser tests: axe-core accessibility checks, layout width, signing in."""

import datetime
import time
from pathlib import Path

import pytest
from django.utils import timezone

REPO = Path(__file__).resolve().parents[2]
AXE_SCRIPT = REPO / "node_modules" / "axe-core" / "axe.min.js"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
PHONE = {"width": 320, "height": 640}
# The phone the issue was seen on (Android's most common width).
PHONE_360 = {"width": 360, "height": 780}
DESKTOP = {"width": 1280, "height": 900}
PASSWORD = "correct-horse-battery"  # every factory user's password (tests/factories.py)


def axe_violations(page) -> list[dict]:
    """Run axe-core on the whole document with the WCAG 2.0/2.1 A and AA rules; return its violations."""
    if not AXE_SCRIPT.exists():
        pytest.fail("node_modules/axe-core is missing: run `npm ci` (done by .ci/run).", pytrace=False)
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE_SCRIPT))
    return page.evaluate(
        """async (tags) => {
            const results = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
            return results.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => n.target.join(' ')),
            }));
        }""",
        WCAG_21_AA,
    )


def assert_accessible(page) -> None:
    """Fail with one line per axe-core violation (rule, impact, elements)."""
    violations = axe_violations(page)
    report = "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} → {', '.join(v['nodes'][:5])}" for v in violations
    )
    assert not violations, f"axe-core found WCAG 2.1 AA violations on {page.url}:\n{report}"


def assert_fits_width(page) -> None:
    """Nothing forces sideways scrolling: the page is no wider than the viewport (320 px on a phone)."""
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, (
        f"{page.url} is {overflow} px wider than the {page.viewport_size['width']} px viewport"
    )


def overflowing_elements(page) -> list[str]:
    """Elements that stick out of the viewport sideways, or scroll sideways inside it (a table in a
    scrolling box); visually hidden ones and the skip link (off-screen by design) left aside."""
    return page.evaluate(
        r"""() => {
            const width = document.documentElement.clientWidth;
            const name = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
                + (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\s+/).join('.') : '');
            // Clipped to nothing (the visually-hidden pattern): read by screen readers, never seen.
            const clipped = (el) => {
                for (let node = el; node; node = node.parentElement) {
                    const style = getComputedStyle(node);
                    if ((style.clip && style.clip !== 'auto') || style.clipPath !== 'none') return true;
                }
                return false;
            };
            const found = [];
            for (const el of document.body.querySelectorAll('*')) {
                if (el.closest('.skip-link, svg') || clipped(el)) continue;
                const style = getComputedStyle(el);
                if (style.display === 'none' || style.visibility === 'hidden') continue;
                const rect = el.getBoundingClientRect();
                if (rect.width <= 1 || rect.height <= 1) continue;
                if (rect.right > width + 0.5 || rect.left < -0.5) {
                    found.push(`${name(el)} spans ${Math.round(rect.left)}–${Math.round(rect.right)} px`);
                }
                if (['auto', 'scroll'].includes(style.overflowX) && el.scrollWidth > el.clientWidth + 1) {
                    found.push(`${name(el)} scrolls sideways (${el.scrollWidth} px in ${el.clientWidth} px)`);
                }
            }
            return found;
        }"""
    )


def words_broken_mid_word(page, selector: str = "main") -> list[str]:
    """Words (letters and digits) that a line break splits, in the text under `selector`.

    A word drawn on two lines has rectangles at two heights; breaking at a space, hyphen or slash
    is fine and not counted, and neither is code (a SHA-256 is longer than a phone's line).
    """
    return page.evaluate(
        r"""(selector) => {
            const broken = [];
            for (const root of document.querySelectorAll(selector)) {
                const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
                let node;
                while ((node = walker.nextNode())) {
                    const parent = node.parentElement;
                    if (!parent || parent.closest('.visually-hidden, script, style, option, svg, code')) continue;
                    if (parent.getClientRects().length === 0) continue;
                    const word = /[\p{L}\p{N}]+/gu;
                    let match;
                    while ((match = word.exec(node.data))) {
                        const range = document.createRange();
                        range.setStart(node, match.index);
                        range.setEnd(node, match.index + match[0].length);
                        const tops = new Set(
                            Array.from(range.getClientRects()).filter((r) => r.width > 0).map((r) => Math.round(r.top))
                        );
                        if (tops.size > 1) broken.push(match[0]);
                    }
                }
            }
            return broken;
        }""",
        selector,
    )


def assert_phone_layout(page) -> None:
    """Nothing scrolls or sticks out sideways, and no word in the page's content is broken mid-word."""
    assert_fits_width(page)
    assert overflowing_elements(page) == [], f"{page.url} at {page.viewport_size['width']} px"
    assert words_broken_mid_word(page) == [], f"{page.url} at {page.viewport_size['width']} px"


def wait_for_proof_of_work(page) -> None:
    """A citizens' form may be sent once its proof of work ran (a web worker, from our static files)."""
    page.wait_for_selector("altcha-widget .altcha[data-state=verified]")


def current_totp_code(user) -> str:
    """The code an authenticator app would show now for the user's TOTP secret."""
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import format_hotp_value
    from allauth.mfa.totp.internal.auth import hotp_value
    from allauth.mfa.utils import decrypt

    authenticator = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
    secret = decrypt(authenticator.data["secret"])
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def login(page, base_url: str, user) -> None:
    """Sign in through the allauth form with the factory password, and the TOTP code when one is asked."""
    page.goto(f"{base_url}/accounts/login/")
    page.fill("input[name=login]", user.email)
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.press("input[name=password]", "Enter")
    if page.locator("input[name=code]").count():
        page.fill("input[name=code]", current_totp_code(user))
        with page.expect_navigation():
            page.press("input[name=code]", "Enter")


def reauthenticate_if_asked(page, user) -> bool:
    """Answer allauth's re-authentication page (password, or TOTP code) when a sensitive step asks."""
    if "reauthenticate" not in page.url:
        return False
    if page.locator("input[name=password]").count():
        field, value = "input[name=password]", PASSWORD
    else:
        field, value = "input[name=code]", current_totp_code(user)
    page.fill(field, value)
    with page.expect_navigation():
        page.press(field, "Enter")
    return True


def save_in_place(page, form_selector: str) -> None:
    """Press a form's submit button on the meeting page and wait until htmx has swapped in the answer
    to that form (no page load: the agenda, attendance, concerns and actions save in place).

    Other swaps may settle meanwhile (a form's list refreshing itself): only this form's counts.
    """
    form = page.locator(form_selector).first
    form.evaluate(
        """(form) => {
            window.__savedInPlace = false;
            const settled = (event) => {
                if (!event.detail.requestConfig || event.detail.requestConfig.elt !== form) return;
                window.__savedInPlace = true;
                document.removeEventListener('htmx:afterSettle', settled);
            };
            document.addEventListener('htmx:afterSettle', settled);
        }"""
    )
    form.locator("button[type=submit]").first.click()
    page.wait_for_function("window.__savedInPlace === true")


def assign_action_in_place(page, meeting, *, title: str, concern, body, assignee, due_in_days: int) -> None:
    """Fill the meeting page's action form (the page is open) and save it in place."""
    form = f"form[action='/staff/actions/new/meeting/{meeting.pk}/']"
    page.fill(f"{form} [name=title]", title)
    page.select_option(f"{form} [name=concern]", str(concern.pk))
    page.select_option(f"{form} [name=responsible_body]", str(body.pk))
    page.select_option(f"{form} [name=assignee]", str(assignee.pk))
    page.fill(
        f"{form} [name=due_date]", (timezone.localdate() + datetime.timedelta(days=due_in_days)).isoformat()
    )
    save_in_place(page, form)
