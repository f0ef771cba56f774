"""E-mail in the recipient's language, from subject + text + HTML templates in templates/emails/."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation


def send_templated_email(*, name: str, to, language: str, context: dict) -> None:
    """Render emails/<name>_subject.txt, <name>.txt and <name>.html in `language` and send them."""
    context = {**context, "recipient": to, "site_url": settings.SITE_URL}
    with translation.override(language):
        subject = " ".join(render_to_string(f"emails/{name}_subject.txt", context).split())
        text = render_to_string(f"emails/{name}.txt", context)
        html = render_to_string(f"emails/{name}.html", context)
    message = EmailMultiAlternatives(subject, text, to=[to.email])
    message.attach_alternative(html, "text/html")
    message.send()
