"""`{% scroll_table %}`: every table of records in one scrollable, keyboard-reachable region.

A table wider than a 320 px phone scrolls inside its own box, not the page. The box is a named
region with `tabindex="0"`, so keyboard users can scroll it and screen readers announce it. Every
table gets that from here, rather than each template repeating the wrapper:

    {% scroll_table label=_("Audit trail") class="records" %}<thead>…</thead><tbody>…</tbody>{% endscroll_table %}

`labelledby="heading-id"` names the region after a heading on the page instead of a label.
"""

from django import template
from django.template.base import token_kwargs
from django.utils.html import format_html

register = template.Library()

ATTRIBUTES = {"label": "aria-label", "labelledby": "aria-labelledby"}


@register.tag
def scroll_table(parser, token):
    bits = token.split_contents()
    kwargs = token_kwargs(bits[1:], parser)
    unknown = set(kwargs) - {*ATTRIBUTES, "class"}
    if len(bits) - 1 != len(kwargs) or unknown or len(set(kwargs) & set(ATTRIBUTES)) != 1:
        raise template.TemplateSyntaxError(
            f"{bits[0]} takes label= or labelledby=, and class= (got {' '.join(bits[1:])!r})"
        )
    nodelist = parser.parse(("endscroll_table",))
    parser.delete_first_token()
    return ScrollTableNode(nodelist, kwargs)


class ScrollTableNode(template.Node):
    def __init__(self, nodelist, kwargs):
        self.nodelist = nodelist
        self.kwargs = kwargs

    def render(self, context):
        values = {name: value.resolve(context) for name, value in self.kwargs.items()}
        name = next(name for name in ATTRIBUTES if name in values)
        table_class = format_html(' class="{}"', values["class"]) if values.get("class") else ""
        return format_html(
            '<div class="table-scroll" role="region" tabindex="0" {}="{}"><table{}>{}</table></div>',
            ATTRIBUTES[name],
            values[name],
            table_class,
            self.nodelist.render(context),
        )
