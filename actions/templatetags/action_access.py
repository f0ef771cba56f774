"""What of an action a template may show to the person reading the page (asks actions.permissions)."""

from django import template

from actions import permissions

register = template.Library()


@register.filter
def text_readable_by(action, user) -> bool:
    """`{% if action|text_readable_by:user %}`: whether to show its title, description and notes."""
    return permissions.can_read_action_text(user, action)
