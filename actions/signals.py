"""What the actions app does when something changes in the forums app below it.

A membership that ends (deactivated, or deleted, also inline in the forum's admin page) takes
with it every right that flowed from it: its holder's open actions in that forum go back to the
secretary's queue. `forums` does not know about actions, so the actions app listens.
"""

from django.db.models.signals import post_delete
from django.db.models.signals import post_save

from actions import services
from forums.models import Membership


def release_actions_of_former_member(sender, instance: Membership, **kwargs) -> None:
    services.release_former_member_actions(user_id=instance.user_id, forum_id=instance.forum_id)


def connect() -> None:
    post_save.connect(
        release_actions_of_former_member, sender=Membership, dispatch_uid="actions.membership_saved"
    )
    post_delete.connect(
        release_actions_of_former_member, sender=Membership, dispatch_uid="actions.membership_deleted"
    )
