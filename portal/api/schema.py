"""The OpenAPI schema: every operation takes `lang`, and documents the errors it may answer."""

from django.conf import settings
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter

LANG_PARAMETER = OpenApiParameter(
    "lang",
    OpenApiTypes.STR,
    enum=[code for code, _name in settings.LANGUAGES],
    description="Language of names and labels. Without it the Accept-Language header decides (default sq).",
)
ERRORS = {
    "400": "A parameter is invalid (a malformed date, an unknown status or language).",
    "404": "No such record, or an invalid page cursor.",
    "429": "Too many requests from this address; wait as many seconds as Retry-After says.",
}
ERROR_BODY = {
    "application/json": {
        "schema": {
            "type": "object",
            "description": "`detail` says what went wrong, or each invalid parameter lists its problems.",
            "additionalProperties": {},
        }
    }
}


class OpenDataSchema(AutoSchema):
    def get_override_parameters(self):
        return [*super().get_override_parameters(), LANG_PARAMETER]

    def get_operation(self, *args, **kwargs):
        operation = super().get_operation(*args, **kwargs)
        if operation is not None:
            for code, description in ERRORS.items():
                operation["responses"].setdefault(code, {"description": description, "content": ERROR_BODY})
        return operation
