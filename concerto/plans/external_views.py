"""The page of an action's owner without an account, opened by their time-limited link (no login): the action's
text, due date and status, and a form to mark it done or in progress with a comment. It gives access to that action
alone, never to the situation nor to the person it concerns; writes go through `external_services`."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from concerto.core.decorators import token_page
from concerto.core.errors import DomainError
from concerto.plans import external_services
from concerto.plans.enums import ActionStatus
from concerto.plans.forms import ExternalActionForm


@token_page
def external_action(request: HttpRequest, token: str) -> HttpResponse:
    link = external_services.link_from_token(token)
    if link is None:
        return render(request, "plans/external_link_invalid.html", status=410)
    if request.method == "POST" and external_services.link_rate_limited(link):
        return render(request, "plans/external_rate_limited.html", status=429)
    action = link.action
    form = ExternalActionForm(request.POST or None, initial={"status": ActionStatus.IN_PROGRESS})
    if request.method == "POST" and form.is_valid():
        try:
            action = external_services.external_update(
                link=link, status=form.cleaned_data["status"], comment=form.cleaned_data["comment"]
            )
        except DomainError as refusal:
            form.add_error(None, str(refusal))
        else:
            if action.status == ActionStatus.DONE:
                return render(request, "plans/external_action_done.html", {"council": action.council})
            messages.success(request, "Merci : l'action est notée « en cours ». Vous pourrez revenir par ce lien.")
            return redirect(request.path)
    context = {"action": action, "council": action.council, "form": form, "expires_at": link.expires_at}
    return render(request, "plans/external_action.html", context)
