"""`{% scroll_table %}` (forum_site/templatetags/tables.py): every table of records scrolls inside a
named, keyboard-reachable region, so a phone never scrolls sideways and a keyboard can reach it."""

import pytest
from django.template import Context
from django.template import Template
from django.template import TemplateSyntaxError
from django.utils import translation


def render(source: str, **context) -> str:
    return Template("{% load tables %}" + source).render(Context(context))


def test_a_table_gets_a_named_focusable_region_and_its_class():
    with translation.override("sq"):
        html = render(
            '{% scroll_table label=_("Audit trail") class="records" %}<tr><td>x</td></tr>{% endscroll_table %}'
        )
    assert html == (
        '<div class="table-scroll" role="region" tabindex="0" aria-label="Gjurmët e ndryshimeve">'
        '<table class="records"><tr><td>x</td></tr></table></div>'
    )


def test_a_region_can_be_named_by_a_heading_and_a_label_from_the_context_is_escaped():
    assert render('{% scroll_table labelledby="members-heading" %}{% endscroll_table %}') == (
        '<div class="table-scroll" role="region" tabindex="0" aria-labelledby="members-heading"><table></table></div>'
    )
    html = render("{% scroll_table label=caption %}{% endscroll_table %}", caption='Prizren "<b>"')
    assert 'aria-label="Prizren &quot;&lt;b&gt;&quot;"' in html


@pytest.mark.parametrize(
    "arguments",
    ["", 'class="records"', 'label="a" labelledby="b"', 'title="a"', '"a"'],
    ids=["nothing", "no name", "two names", "unknown", "positional"],
)
def test_a_region_without_exactly_one_name_is_refused_when_the_template_is_read(arguments):
    with pytest.raises(TemplateSyntaxError, match="takes label= or labelledby="):
        render("{% scroll_table " + arguments + " %}{% endscroll_table %}")
