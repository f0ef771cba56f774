"""One forum's invented history: meetings, agendas, attendance, concerns, actions and updates."""

import random
import uuid
from datetime import date
from datetime import datetime
from datetime import timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from actions.models import Action
from actions.models import ActionUpdate
from actions.models import ResponsibleBody
from forum_site.demo.tables import CANCEL_NOTES
from forum_site.demo.tables import CONTENT
from forum_site.demo.tables import DONE_NOTES
from forum_site.demo.tables import FIRST_ITEM_DISCUSSION
from forum_site.demo.tables import FIRST_ITEM_TITLE
from forum_site.demo.tables import FOLLOW_UP_DISCUSSION
from forum_site.demo.tables import FOLLOW_UP_TITLE
from forum_site.demo.tables import INTERNAL_NOTES
from forum_site.demo.tables import REFERRALS
from forum_site.demo.tables import START_NOTES
from forums.escalation import escalation_copy
from forums.models import AgendaItem
from forums.models import Concern
from forums.models import ConcernCategory
from forums.models import Forum
from forums.models import Meeting
from forums.models import Membership
from forums.models import add_months


class MeetingSeeder:
    """Generates one forum's meetings, agendas, attendance, concerns, actions and updates."""

    def __init__(self, forum, place, bodies, categories, now: datetime, *, mcsc: Forum):
        self.forum = forum
        self.place = place
        self.bodies = bodies
        self.categories = categories
        self.now = now
        self.today = timezone.localdate(now)
        self.mcsc = mcsc
        # Seeded by the forum, so skipping one forum does not change what the others get.
        self.rng = random.Random(f"seed-demo:{forum.slug}")
        self.memberships = list(forum.memberships.select_related("user").order_by("pk"))
        self.by_role = {m.role: m.user for m in self.memberships}
        self.deck: list[ConcernCategory] = []
        is_lpsc = forum.kind == Forum.LPSC
        self.neighbourhoods = place.lpsc[3] if is_lpsc else place.neighbourhoods
        self.past_count, self.future_count = (12, 1) if is_lpsc else (24, 2)

    def _next_category(self) -> ConcernCategory:
        # A shuffled deck rather than independent draws, so every category comes up regularly.
        if not self.deck:
            self.deck = self.rng.sample(self.categories, len(self.categories))
        return self.deck.pop()

    def _dates(self) -> tuple[list[datetime], list[datetime]]:
        tz = ZoneInfo(settings.TIME_ZONE)
        local_now = timezone.localtime(self.now, tz)
        hour = 17 if self.forum.kind == Forum.LPSC else 10
        first = datetime(local_now.year, local_now.month, self.rng.randint(5, 25), hour, tzinfo=tz)
        span = range(-(self.past_count + 1), self.future_count + 2)
        dates = [self._weekday(add_months(first, offset)) for offset in span]
        past = [d for d in dates if d < self.now][-self.past_count :]
        future = [d for d in dates if d >= self.now][: self.future_count]
        return past, future

    @staticmethod
    def _weekday(moment: datetime) -> datetime:
        # Forums meet on working days: a Saturday or Sunday moves to the Monday after.
        return moment + timedelta(days=max(0, 7 - moment.weekday())) if moment.weekday() >= 5 else moment

    def _location(self) -> str:
        if self.forum.kind == Forum.LPSC:
            return f"Shkolla fillore, {self.neighbourhoods[0]}"
        return self.rng.choice(
            [
                f"Salla e Kuvendit Komunal, {self.place.town}",
                f"Salla e Kuvendit Komunal, {self.place.town}",
                f"Salla e konferencave e Stacionit Policor, {self.place.town}",
            ]
        )

    def run(self) -> None:
        rng = self.rng
        past, future = self._dates()
        cancelled_index = rng.randint(2, len(past) - 4)
        meetings = []
        for number, starts_at in enumerate(past + future, start=1):
            held = number <= len(past)
            status = Meeting.HELD if held else Meeting.PLANNED
            if number - 1 == cancelled_index:
                status = Meeting.CANCELLED
            meeting = Meeting(
                forum=self.forum,
                number=number,
                starts_at=starts_at,
                location=self._location(),
                is_public=not (held and rng.random() < 0.12),
                status=status,
                series=uuid.UUID(int=rng.getrandbits(128), version=4) if not held else None,
            )
            if status == Meeting.HELD:
                self._attendance(meeting, number)
            meeting._history_date = starts_at - timedelta(days=21)
            meeting._history_user = self.by_role.get(Membership.SECRETARY)
            meetings.append(meeting)
        if future:
            # The upcoming meetings were scheduled together as one series.
            for meeting in meetings[len(past) :]:
                meeting.series = meetings[len(past)].series
        bulk_create_with_history(meetings, Meeting)

        present_rows, items, concerns, actions, updates = [], [], [], [], []
        for meeting in meetings:
            if meeting.status != Meeting.HELD:
                continue
            present_rows += [
                Meeting.members_present.through(meeting_id=meeting.pk, membership_id=m.pk)
                for m in meeting._present
            ]
            self._agenda_and_concerns(meeting, items, concerns, actions, updates)
        Meeting.members_present.through.objects.bulk_create(present_rows)
        # bulk_create takes each foreign key's id from its object, saved just before.
        bulk_create_with_history(items, AgendaItem)
        bulk_create_with_history(concerns, Concern)
        bulk_create_with_history(actions, Action)
        ActionUpdate.objects.bulk_create(updates)
        self._backdate(meetings, concerns, actions)
        if self.forum.kind == Forum.LPSC:
            self._escalate(concerns)

    def _attendance(self, meeting: Meeting, number: int) -> None:
        rng = self.rng
        secretary = [m for m in self.memberships if m.role == Membership.SECRETARY]
        others = [m for m in self.memberships if m.role != Membership.SECRETARY]
        count = max(1, min(len(others), round(rng.gauss(self.forum.quorum, 1.5))))
        meeting._present = secretary + rng.sample(others, count)
        scale = 0.5 if self.forum.kind == Forum.LPSC else 1.0
        # Women and youth come less often; slowly more as the forum becomes known.
        men = round(rng.randint(8, 22) * scale)
        women = round((rng.randint(1, 6) + number // 8) * scale)
        youth = min(men + women, round(rng.randint(0, 5) * scale))
        meeting.citizens_men, meeting.citizens_women, meeting.citizens_youth = men, women, youth

    def _agenda_and_concerns(self, meeting, items, concerns, actions, updates) -> None:
        rng = self.rng
        secretary = self.by_role.get(Membership.SECRETARY)
        meeting_items = []
        if meeting.number == 1:
            meeting_items.append(
                AgendaItem(meeting=meeting, title=FIRST_ITEM_TITLE, discussion=FIRST_ITEM_DISCUSSION)
            )
        else:
            meeting_items.append(
                AgendaItem(
                    meeting=meeting, title=FOLLOW_UP_TITLE, discussion=FOLLOW_UP_DISCUSSION, is_follow_up=True
                )
            )
        picked = []
        for _ in range(rng.randint(1, 3)):
            category = self._next_category()
            if category not in picked:
                picked.append(category)
        for category in picked:
            content = CONTENT.get(category.slug, CONTENT["other"])
            item = AgendaItem(meeting=meeting, title=content["agenda"], discussion=content["discussion"])
            meeting_items.append(item)
            for _ in range(1 if rng.random() < 0.75 else 2):
                concern = self._concern(meeting, item, category, content)
                concerns.append(concern)
                self._actions_for(meeting, concern, content, actions, updates)
        if rng.random() < 0.1:
            self._decision_action(meeting, actions)
        for position, item in enumerate(meeting_items):
            item.position = position
            item._history_date = meeting.starts_at
            item._history_user = secretary
        items += meeting_items

    def _concern(self, meeting, item, category, content) -> Concern:
        rng = self.rng
        summary, details = rng.choice(content["concerns"])
        restricted = category.restricted_by_default
        source_choices = [Concern.SOURCE_CITIZEN] * 3 + [
            Concern.SOURCE_POLICE,
            Concern.SOURCE_MUNICIPALITY,
            Concern.SOURCE_SCHOOL,
            Concern.SOURCE_CIVIL_SOCIETY,
        ]
        concern = Concern(
            meeting=meeting,
            agenda_item=item,
            category=category,
            summary=summary,
            details=details,
            neighbourhood=rng.choice(self.neighbourhoods),
            source=rng.choice(source_choices),
            visibility=Concern.RESTRICTED if restricted else Concern.PUBLIC,
            created_by=self.by_role.get(Membership.SECRETARY),
        )
        concern._history_date = meeting.starts_at + timedelta(minutes=30)
        concern._history_user = concern.created_by
        concern._actions = []
        return concern

    def _assignee(self, body: ResponsibleBody):
        if body.kind == ResponsibleBody.POLICE:
            return self.by_role.get(Membership.POLICE_LIAISON)
        if body.kind == ResponsibleBody.MUNICIPAL:
            return self.by_role.get(Membership.MUNICIPAL_OFFICER)
        return None

    def _new_action(self, meeting, title, body_key, concern=None) -> Action:
        rng = self.rng
        body = self.bodies[body_key]
        meeting_day = timezone.localtime(meeting.starts_at).date()
        due_date = meeting_day + timedelta(days=rng.choice([14, 21, 30, 45, 60]))
        action = Action(
            meeting=meeting,
            concern=concern,
            title=title,
            description="",
            responsible_body=body,
            assignee=self._assignee(body) if rng.random() < 0.8 else None,
            due_date=due_date,
            priority=rng.choice([Action.LOW, Action.NORMAL, Action.NORMAL, Action.HIGH, Action.URGENT]),
            created_by=self.by_role.get(Membership.SECRETARY),
        )
        action.status = self._action_status(due_date)
        if action.status == Action.DONE:
            latest = min(self.now, self._at(due_date + timedelta(days=10)))
            start = meeting.starts_at + timedelta(days=4)
            action.completed_at = start + (latest - start) * rng.random() if latest > start else start
        action._history_date = meeting.starts_at + timedelta(hours=1)
        action._history_user = action.created_by
        return action

    def _at(self, day: date) -> datetime:
        return datetime(day.year, day.month, day.day, 12, tzinfo=ZoneInfo(settings.TIME_ZONE))

    def _action_status(self, due_date: date) -> str:
        rng = self.rng
        age = (self.today - due_date).days
        if age > 30:
            weights = {Action.DONE: 75, Action.CANCELLED: 10, Action.IN_PROGRESS: 8, Action.OPEN: 7}
        elif age > -30:
            weights = {Action.DONE: 30, Action.IN_PROGRESS: 35, Action.OPEN: 30, Action.CANCELLED: 5}
        else:
            weights = {Action.OPEN: 55, Action.IN_PROGRESS: 35, Action.DONE: 10}
        return rng.choices(list(weights), weights=list(weights.values()))[0]

    def _actions_for(self, meeting, concern, content, actions, updates) -> None:
        rng = self.rng
        count = rng.choices([0, 1, 2], weights=[20, 60, 20])[0]
        for title, body_key in rng.sample(content["actions"], min(count, len(content["actions"]))):
            action = self._new_action(meeting, title, body_key, concern)
            concern._actions.append(action)
            actions.append(action)
            updates += self._updates(action, restricted=concern.is_restricted)
        self._settle_concern(concern)

    def _decision_action(self, meeting, actions) -> None:
        action = self._new_action(meeting, "Përgatitja e planit vjetor të sigurisë në bashkësi", "services")
        action.description = (
            "Vendim i forumit: plani i përbashkët i policisë dhe komunës për vitin e ardhshëm."
        )
        actions.append(action)

    def _updates(self, action: Action, *, restricted: bool) -> list[ActionUpdate]:
        """Progress notes that lead to the action's status, public unless the concern is restricted."""
        rng = self.rng
        author = action.assignee or self.by_role.get(Membership.SECRETARY)
        started = action.meeting.starts_at + timedelta(days=rng.randint(1, 3))
        notes = []
        if action.status in (Action.IN_PROGRESS, Action.DONE):
            notes.append((started, rng.choice(START_NOTES), Action.OPEN, Action.IN_PROGRESS))
        if action.status == Action.DONE:
            notes.append((action.completed_at, rng.choice(DONE_NOTES), Action.IN_PROGRESS, Action.DONE))
        if action.status == Action.CANCELLED:
            notes.append((started, rng.choice(CANCEL_NOTES), Action.OPEN, Action.CANCELLED))
        result = [
            ActionUpdate(
                action=action,
                author=author,
                created_at=min(moment, self.now),
                note=note,
                old_status=old,
                new_status=new,
                is_public=not restricted and rng.random() < 0.7,
            )
            for moment, note, old, new in notes
        ]
        if restricted and action.status != Action.OPEN:
            result.append(
                ActionUpdate(
                    action=action,
                    author=author,
                    created_at=min(started, self.now),
                    note=rng.choice(INTERNAL_NOTES),
                )
            )
        return result

    def _settle_concern(self, concern: Concern) -> None:
        """Concern status follows its actions; old concerns without actions are closed honestly."""
        rng = self.rng
        statuses = {action.status for action in concern._actions}
        if statuses & set(Action.ACTIVE_STATUSES):
            concern.status = Concern.IN_PROGRESS
        elif statuses:
            concern.status = Concern.CLOSED
            concern.closing_reason = (
                Concern.RESOLVED if Action.DONE in statuses else Concern.NO_FURTHER_ACTION
            )
            done = [a.completed_at for a in concern._actions if a.completed_at]
            concern.closed_at = max(done) if done else concern.meeting.starts_at + timedelta(days=30)
        elif (self.now - concern.meeting.starts_at).days > 60:
            concern.status = Concern.CLOSED
            concern.closing_reason = rng.choice(
                [Concern.REFERRED, Concern.REFERRED, Concern.NOT_OUR_COMPETENCE, Concern.NO_FURTHER_ACTION]
            )
            if concern.closing_reason == Concern.REFERRED:
                concern.referred_to = rng.choice(REFERRALS)
            concern.closed_at = concern.meeting.starts_at + timedelta(days=rng.randint(7, 40))
        if concern.closed_at:
            concern.closed_at = min(concern.closed_at, self.now)

    def _backdate(self, meetings, concerns, actions) -> None:
        """Set creation times to when things happened (auto_now_add stamped them with now)."""
        for meeting in meetings:
            Meeting.objects.filter(pk=meeting.pk).update(created_at=meeting._history_date)
        by_meeting = {}
        for concern in concerns:
            by_meeting.setdefault(concern.meeting_id, concern.meeting.starts_at)
        for meeting_id, starts_at in by_meeting.items():
            Concern.objects.filter(meeting_id=meeting_id).update(created_at=starts_at + timedelta(minutes=30))
            Action.objects.filter(meeting_id=meeting_id).update(created_at=starts_at + timedelta(hours=1))

    def _escalate(self, concerns: list[Concern]) -> None:
        """Escalate two LPSC concerns to the MCSC's next meeting, as the escalation service does.

        The two records point at each other and the LPSC concern is closed as referred to the council.
        """
        # Concerns without actions: an old one (closed, now as an escalation) and the latest open one.
        without_actions = [c for c in concerns if not c._actions]
        older = [c for c in without_actions if c.status == Concern.CLOSED][:1]
        recent = [c for c in without_actions if c.status == Concern.OPEN][-1:]
        secretary = self.mcsc.memberships.filter(role=Membership.SECRETARY).first()
        secretary = secretary.user if secretary else None
        for concern in older + recent:
            target = (
                self.mcsc.meetings.filter(
                    status__in=[Meeting.HELD, Meeting.PLANNED], starts_at__gt=concern.meeting.starts_at
                )
                .order_by("starts_at")
                .first()
            )
            if target is None:
                continue
            escalated = escalation_copy(concern, meeting=target, by=secretary)
            escalated_at = min(self.now, concern.meeting.starts_at + timedelta(days=2))
            Concern.objects.filter(pk=escalated.pk).update(created_at=escalated_at)
            Concern.objects.filter(pk=concern.pk).update(
                escalated_to=escalated,
                status=Concern.CLOSED,
                closing_reason=Concern.REFERRED,
                referred_to=str(self.mcsc),
                closed_at=escalated_at,
            )
