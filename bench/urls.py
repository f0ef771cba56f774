"""The site's URLs and the benchmark's trivial view (never part of the site itself)."""

from django.http import HttpResponse
from django.urls import path

from forum_site.urls import *  # noqa: F403
from forum_site.urls import urlpatterns as site_urlpatterns


def trivial(request):
    return HttpResponse("ok")


urlpatterns = [path("bench/trivial/", trivial), *site_urlpatterns]
