"""The public pages, opened without an account by the address they hold: the event's registration page (its public
token, published by the council), a registrant's cancellation and questionnaire (their personal token, sent by
e-mail) and the event's anonymous questionnaire (handed out at the end of the event). Never cached nor indexed,
never sending their address on; the writes are rate-limited and go through the services."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from concerto.core.decorators import token_page
from concerto.core.documents import french_span
from concerto.core.errors import DomainError
from concerto.events import services
from concerto.events.forms import CancelRegistrationForm, EvaluationForm, RegistrationForm
from concerto.events.models import Evaluation


def _page(request, template: str, context: dict, status: int = 200) -> HttpResponse:
    event = context.get("event")
    if event is not None:
        context = {"when": french_span(event.starts_at, event.ends_at), "council": event.council, **context}
    return render(request, f"events/public/{template}", context, status=status)


def _unknown(request) -> HttpResponse:
    return _page(request, "unknown.html", {}, status=404)


def _expired(request, event, reason: str) -> HttpResponse:
    return _page(request, "expired.html", {"event": event, "reason": reason}, status=410)


@token_page
def register(request: HttpRequest, token: str) -> HttpResponse:
    event = services.event_from_public_token(token)
    if event is None:
        return _unknown(request)
    is_open = event.registration_open and not event.is_cancelled and event.starts_at > timezone.now()
    if request.method == "POST" and is_open and services.registrations_rate_limited(event):
        return _page(request, "rate_limited.html", {"event": event}, status=429)
    form = RegistrationForm(request.POST or None)
    if request.method == "POST" and is_open and form.is_valid():
        try:
            registration, _token = services.register(event=event, data=form.cleaned_data)
        except DomainError as refusal:
            form.add_error(None, str(refusal))
        else:
            return _page(request, "registered.html", {"event": event, "email": registration.email})
    context = {"event": event, "form": form, "is_open": is_open, "places_left": services.places_left(event)}
    return _page(request, "register.html", context)


@token_page
def registration_cancel(request: HttpRequest, token: str) -> HttpResponse:
    registration = services.registration_from_token(token)
    if registration is None:
        return _unknown(request)
    event = registration.event
    if not services.can_cancel(registration):
        return _expired(request, event, "cancel")
    form = CancelRegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.registration_cancel(registration=registration)
        except DomainError:
            return _expired(request, event, "cancel")
        return _page(request, "cancelled.html", {"event": event})
    return _page(request, "cancel.html", {"event": event, "form": form})


def _evaluation(request, event, registration=None) -> HttpResponse:
    if not services.evaluation_open(event):
        if event.is_cancelled or event.starts_at <= timezone.now():
            return _expired(request, event, "evaluation")
        return _page(request, "evaluation_not_yet.html", {"event": event, "anonymous": registration is None})
    if registration is None and request.method == "POST" and services.anonymous_evaluations_rate_limited(event):
        return _page(request, "rate_limited.html", {"event": event}, status=429)
    form = EvaluationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.evaluation_submit(event=event, registration=registration, data=form.cleaned_data)
        except DomainError as refusal:
            form.add_error(None, str(refusal))
        else:
            return _page(request, "evaluated.html", {"event": event})
    return _page(request, "evaluate.html", {"event": event, "form": form, "anonymous": registration is None})


@token_page
def evaluate(request: HttpRequest, token: str) -> HttpResponse:
    """A registrant's questionnaire: one answer per registration (the link is spent once used)."""
    registration = services.registration_from_token(token)
    if registration is None or registration.cancelled_at is not None:
        return _unknown(request)
    if Evaluation.objects.filter(registration=registration).exists():
        return _expired(request, registration.event, "answered")
    return _evaluation(request, registration.event, registration)


@token_page
def evaluate_anonymous(request: HttpRequest, token: str) -> HttpResponse:
    """The event's anonymous questionnaire (no registration): rate-limited."""
    event = services.event_from_evaluation_token(token)
    if event is None:
        return _unknown(request)
    return _evaluation(request, event)
