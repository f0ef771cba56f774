"""The API's human-readable docs, drawn on the server from the same OpenAPI schema as /api/v1/schema/.

Plain HTML, no script: it reads on a phone and with a screen reader, every word is ours to
translate, and nothing is fetched from elsewhere.
"""

from dataclasses import dataclass
from dataclasses import field

from django.utils import translation
from drf_spectacular.generators import SchemaGenerator

# Generating the schema walks every view; it does not change while the site runs.
_schemas: dict[str, dict] = {}


@dataclass
class Parameter:
    name: str
    kind: str
    description: str
    choices: list[str] = field(default_factory=list)


@dataclass
class Operation:
    method: str
    path: str
    description: str
    parameters: list[Parameter]
    fields: list[Parameter]


@dataclass
class Resource:
    name: str
    operations: list[Operation] = field(default_factory=list)


def schema() -> dict:
    """The OpenAPI schema in the active language (labels of choices are translated)."""
    language = translation.get_language() or ""
    if language not in _schemas:
        _schemas[language] = SchemaGenerator().get_schema(request=None, public=True)
    return _schemas[language]


def _kind(spec: dict) -> str:
    if "$ref" in spec:
        return spec["$ref"].rsplit("/", 1)[-1]
    if spec.get("allOf"):
        return _kind(spec["allOf"][0])
    if spec.get("type") == "array":
        return f"[{_kind(spec.get('items', {}))}]"
    return spec.get("format") or spec.get("type") or "object"


def _first_paragraph(text: str) -> str:
    # drf-spectacular appends "* `code` - label" lines for choices; they are listed separately.
    return text.split("\n\n* ", 1)[0].strip()


def _parameters(operation: dict) -> list[Parameter]:
    return [
        Parameter(
            name=parameter["name"],
            kind=_kind(parameter.get("schema", {})),
            description=_first_paragraph(parameter.get("description", "")),
            choices=[str(choice) for choice in parameter.get("schema", {}).get("enum", [])],
        )
        for parameter in operation.get("parameters", [])
    ]


def _item_schema(operation: dict, components: dict) -> dict:
    """The schema of one record the operation answers with (a page's `results` item for lists)."""
    content = operation.get("responses", {}).get("200", {}).get("content", {})
    spec = content.get("application/json", {}).get("schema", {})
    if "$ref" in spec:
        spec = components.get(spec["$ref"].rsplit("/", 1)[-1], {})
    results = spec.get("properties", {}).get("results")
    if results and "$ref" in results.get("items", {}):
        spec = components.get(results["items"]["$ref"].rsplit("/", 1)[-1], {})
    return spec


def _fields(operation: dict, components: dict) -> list[Parameter]:
    properties = _item_schema(operation, components).get("properties", {})
    return [
        Parameter(name=name, kind=_kind(spec), description=_first_paragraph(spec.get("description", "")))
        for name, spec in properties.items()
    ]


def resources() -> list[Resource]:
    """Every operation of the API, grouped by resource, in the schema's order."""
    document = schema()
    components = document.get("components", {}).get("schemas", {})
    grouped: dict[str, Resource] = {}
    for path, methods in document.get("paths", {}).items():
        for method, operation in methods.items():
            name = (operation.get("tags") or ["api"])[0]
            grouped.setdefault(name, Resource(name)).operations.append(
                Operation(
                    method=method.upper(),
                    path=path,
                    description=operation.get("description", "").strip(),
                    parameters=_parameters(operation),
                    fields=_fields(operation, components),
                )
            )
    return list(grouped.values())
