from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render


@login_required
def dashboard(request):
    return render(request, "forums/dashboard.html", {})


@login_required
def placeholder(request, **kwargs):
    raise Http404
