"""Headers of every /api/ response: the data licence, an ETag, and 304 when the client has it already."""

from django.conf import settings
from django.http import JsonResponse
from django.utils.cache import get_conditional_response
from django.utils.cache import patch_cache_control
from django.utils.cache import patch_vary_headers
from django.utils.cache import set_response_etag


class OpenDataHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not request.path.startswith("/api/"):
            return response
        if response.status_code == 404 and not response.get("Content-Type", "").startswith(
            "application/json"
        ):
            # A path the API does not know (a malformed id): the answer is JSON like every other.
            response = JsonResponse({"detail": "Not found."}, status=404)
        response["Link"] = licence_link()
        if request.method not in ("GET", "HEAD") or response.status_code != 200 or response.streaming:
            return response
        # A record may be restricted at any moment (privacy rule 6): caches may keep a response,
        # but must ask again each time; the ETag makes that a cheap 304.
        patch_cache_control(response, public=True, no_cache=True)
        patch_vary_headers(response, ("Accept-Language",))
        if not response.has_header("ETag"):
            set_response_etag(response)
        conditional = get_conditional_response(request, etag=response["ETag"], response=response)
        conditional["Link"] = licence_link()
        return conditional


def licence_link() -> str:
    return f'<{settings.API_LICENCE_URL}>; rel="license"'
