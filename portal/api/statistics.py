"""The accountability numbers as the API writes them: `portal.accountability.statistics()`, as is.

Every count comes out of it already gated (a `ShownCount`); this module only writes them down, and
adds one measure the page lacks, actions done by their due date, under the same rules. The trust
survey's shares come from `portal.trust` as the page shows them: a cell of fewer answers than the
minimum has neither a share nor a number (privacy rule 10).
"""

from collections import defaultdict
from dataclasses import dataclass
from dataclasses import field

from django.db.models import BooleanField
from django.db.models import Count
from django.db.models import ExpressionWrapper
from django.db.models import F
from django.db.models import Q
from rest_framework import serializers

from actions.models import Action
from forums.models import ConcernCategory
from forums.models import Municipality
from forums.models import SurveyResponse
from forums.privacy import restricted_action_q
from portal import accountability
from portal import trust
from portal.api.serializers import GatedCountSerializer
from portal.api.serializers import gated

ROW_COUNTS = [
    "concerns_raised",
    "concerns_closed",
    "concerns_open",
    "concerns_escalated",
    "actions_done",
    "actions_open",
    "actions_overdue",
]


@dataclass
class OnTime:
    """Done actions of one row split into done by the due date and done late."""

    on_time: accountability.Tally = field(default_factory=accountability.Tally)
    late: accountability.Tally = field(default_factory=accountability.Tally)

    @property
    def shown(self) -> bool:
        """Both parts exact, or neither: the row's actions done are public, so one part gives the other."""
        return not (self.on_time.shown.suppressed or self.late.shown.suppressed)

    def as_dict(self) -> dict:
        if not self.shown:
            return {"on_time": None, "late": None, "share_on_time": None}
        measured = self.on_time.total + self.late.total
        return {
            "on_time": gated(self.on_time.shown),
            "late": gated(self.late.shown),
            "share_on_time": round(self.on_time.total / measured, 3) if measured else None,
        }


def done_on_time(
    *, municipality: Municipality | None, category: ConcernCategory | None
) -> dict[tuple[str, int | None], OnTime]:
    """Actions done by their due date, per municipality and category and in total, in one grouped query."""
    groups = (
        accountability.scoped_actions(municipality=municipality, category=category)
        .filter(status=Action.DONE, completed_at__isnull=False)
        .annotate(
            on_time=ExpressionWrapper(Q(completed_at__date__lte=F("due_date")), output_field=BooleanField()),
            restricted=ExpressionWrapper(restricted_action_q(), output_field=BooleanField()),
        )
        .values("meeting__forum__municipality_id", "concern__category_id", "on_time", "restricted")
        .annotate(count=Count("pk"))
        .order_by()
    )
    rows: dict[tuple[str, int | None], OnTime] = defaultdict(OnTime)
    for group in groups:
        count, restricted = group["count"], group["count"] if group["restricted"] else 0
        for key in (
            ("total", None),
            ("municipality", group["meeting__forum__municipality_id"]),
            ("category", group["concern__category_id"]),
        ):
            part = rows[key].on_time if group["on_time"] else rows[key].late
            part.add(count, restricted)
    return rows


def _row(row: accountability.Row, kind: str, on_time: dict) -> dict:
    key = row.key
    data: dict = {"label": row.label}
    if kind == "municipality":
        data["municipality"] = {"id": key.pk, "slug": key.slug}
    elif kind == "category":
        data["category"] = {"slug": key.slug} if key is not None else None
    return {
        **data,
        **{name: gated(getattr(row, name)) for name in ROW_COUNTS},
        "median_days_to_complete": row.median_days,
        "median_withheld": row.median_withheld,
        "actions_done_by_due_date": on_time.get((kind, key.pk if key else None), OnTime()).as_dict(),
    }


def trust_survey_data(*, municipality: Municipality | None) -> dict:
    """Share agreeing per municipality, quarter and statement; never broken down by category."""
    results = trust.trust_results(municipality=municipality)
    return {
        "minimum": results.minimum,
        "statements": [
            {"code": name, "text": str(statement)} for name, statement, _short in SurveyResponse.STATEMENTS
        ],
        "cells": [
            {
                "municipality": {"id": row.key.pk, "slug": row.key.slug},
                "quarter": label,
                "start": start,
                "statement": result.field,
                "suppressed": result.share.suppressed,
                "answers": None if result.share.suppressed else result.share.answers,
                "share_agreeing": result.share.fraction,
            }
            for row, start, label, result in results.cells()
        ],
    }


def statistics_data(*, municipality: Municipality | None, category: ConcernCategory | None) -> dict:
    numbers = accountability.statistics(municipality=municipality, category=category)
    on_time = done_on_time(municipality=municipality, category=category)
    return {
        "filters": {
            "municipality": municipality.slug if municipality else None,
            "category": category.slug if category else None,
        },
        "minimum": numbers.minimum,
        "total": _row(numbers.total, "total", on_time),
        "by_municipality": [_row(row, "municipality", on_time) for row in numbers.by_municipality],
        "by_category": [_row(row, "category", on_time) for row in numbers.by_category],
        "closing_reasons": [
            {"code": code, "label": label, "count": gated(count)}
            for code, label, count in numbers.closing_reasons
        ],
        "last_outcome_year": numbers.last_outcome_year,
        "restricted_closings": [
            {
                "municipality": closings.municipality,
                "year": closings.year,
                "category": closings.category,
                "closed": gated(closings.closed),
                "broken_down": closings.broken_down,
                "reasons": [
                    {"code": code, "count": None if count is None else gated(count)}
                    for code, count in closings.reasons
                ],
            }
            for closings in numbers.restricted_closings
        ],
        "quarters": [
            {
                "label": quarter.label,
                "start": quarter.start,
                "concerns_raised": gated(quarter.concerns_raised),
                "actions_done": gated(quarter.actions_done),
            }
            for quarter in numbers.quarters
        ],
        "trust_survey": trust_survey_data(municipality=municipality),
    }


# --- The shape, for the OpenAPI schema --------------------------------------------------------------


class OnTimeSerializer(serializers.Serializer):
    on_time = GatedCountSerializer(allow_null=True)
    late = GatedCountSerializer(allow_null=True)
    share_on_time = serializers.FloatField(
        allow_null=True, help_text="Null when not broken down: a part would be an exact small number."
    )


class RowSerializer(serializers.Serializer):
    label = serializers.CharField()
    concerns_raised = GatedCountSerializer()
    concerns_closed = GatedCountSerializer()
    concerns_open = GatedCountSerializer()
    concerns_escalated = GatedCountSerializer()
    actions_done = GatedCountSerializer()
    actions_open = GatedCountSerializer()
    actions_overdue = GatedCountSerializer()
    median_days_to_complete = serializers.FloatField(allow_null=True)
    median_withheld = serializers.BooleanField()
    actions_done_by_due_date = OnTimeSerializer()


class MunicipalityKeySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    slug = serializers.SlugField()


class CategoryKeySerializer(serializers.Serializer):
    slug = serializers.SlugField()


class MunicipalityRowSerializer(RowSerializer):
    municipality = MunicipalityKeySerializer()


class CategoryRowSerializer(RowSerializer):
    category = CategoryKeySerializer(
        allow_null=True, help_text="Null: meeting decisions answering no concern."
    )


class ClosingReasonSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()
    count = GatedCountSerializer()


class ReasonCountSerializer(serializers.Serializer):
    code = serializers.CharField()
    count = GatedCountSerializer(allow_null=True)


class RestrictedClosingsSerializer(serializers.Serializer):
    municipality = serializers.CharField()
    year = serializers.IntegerField()
    category = serializers.CharField()
    closed = GatedCountSerializer()
    broken_down = serializers.BooleanField()
    reasons = ReasonCountSerializer(many=True)


class QuarterSerializer(serializers.Serializer):
    label = serializers.CharField()
    start = serializers.DateField()
    concerns_raised = GatedCountSerializer()
    actions_done = GatedCountSerializer()


class TrustStatementSerializer(serializers.Serializer):
    code = serializers.CharField()
    text = serializers.CharField(help_text="The statement as asked, in the reader's language.")


class TrustCellSerializer(serializers.Serializer):
    municipality = MunicipalityKeySerializer()
    quarter = serializers.CharField(help_text="The quarter the answers were given in, e.g. 2026 Q1.")
    start = serializers.DateField()
    statement = serializers.CharField(help_text="The statement's code.")
    suppressed = serializers.BooleanField(help_text="Fewer answers than the minimum: no number, no share.")
    answers = serializers.IntegerField(
        allow_null=True, help_text='Answers with an opinion (not "don\'t know").'
    )
    share_agreeing = serializers.FloatField(allow_null=True, help_text="Agree or strongly agree, 0 to 1.")


class TrustSurveySerializer(serializers.Serializer):
    minimum = serializers.IntegerField(help_text="A cell with fewer answers than this is suppressed.")
    statements = TrustStatementSerializer(many=True)
    cells = TrustCellSerializer(many=True, help_text="Per municipality, quarter and statement; no totals.")


class FiltersSerializer(serializers.Serializer):
    municipality = serializers.SlugField(allow_null=True)
    category = serializers.SlugField(allow_null=True)


class StatisticsSerializer(serializers.Serializer):
    """The "you said, we did" numbers of the accountability page, gated exactly as there."""

    licence = serializers.URLField()
    filters = FiltersSerializer()
    minimum = serializers.IntegerField(help_text='Counts of restricted records below this read "fewer than".')
    total = RowSerializer()
    by_municipality = MunicipalityRowSerializer(many=True)
    by_category = CategoryRowSerializer(many=True)
    closing_reasons = ClosingReasonSerializer(many=True, help_text="Of public concerns.")
    last_outcome_year = serializers.IntegerField()
    restricted_closings = RestrictedClosingsSerializer(
        many=True, help_text="Per municipality, category and ended year only."
    )
    quarters = QuarterSerializer(many=True)
    trust_survey = TrustSurveySerializer(
        help_text="The anonymous trust survey after meetings: a self-selected sample, not a representative poll."
    )
