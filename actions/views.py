from django.contrib.auth.decorators import login_required
from django.http import HttpResponse

from actions.permissions import get_action_for_user


@login_required
def action_detail(request, pk):
    action = get_action_for_user(request.user, pk)
    return HttpResponse(action.title)
