"""Extraordinary sessions: propose slots, collect availabilities (page or e-mail link), pick one, invite. The views
only read and call `poll_services`, which does every write."""

from datetime import timedelta

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from concerto.core.decorators import coordinator_required, token_page
from concerto.core.errors import DomainError
from concerto.core.utils import token_hash
from concerto.meetings import poll_services
from concerto.meetings.forms import PollForm
from concerto.meetings.models import Availability, PollInvitee, SlotPoll
from concerto.meetings.selectors import poll_answer_rows, poll_grid


@coordinator_required
def poll_new(request: HttpRequest) -> HttpResponse:
    form = PollForm(request.POST or None, council=request.council)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        poll = poll_services.poll_create(
            council=request.council, actor=request.user, cell=data["cell"], place=data["place"],
            slots=form.slots(), duration=timedelta(minutes=data["duration"]),
        )  # fmt: skip
        messages.success(request, "Créneaux proposés : les membres de la cellule reçoivent un lien pour répondre.")
        return redirect("meetings:poll_detail", pk=poll.pk)
    return render(request, "meetings/poll_form.html", {"form": form})


@coordinator_required
def poll_detail(request: HttpRequest, pk: int) -> HttpResponse:
    poll = get_object_or_404(SlotPoll.objects.filter(council=request.council), pk=pk)
    slots, rows = poll_grid(poll)
    return render(request, "meetings/poll_detail.html", {"poll": poll, "slots": slots, "rows": rows})


@coordinator_required
@require_POST
def poll_choose(request: HttpRequest, pk: int, slot_pk: int) -> HttpResponse:
    poll = get_object_or_404(SlotPoll.objects.filter(council=request.council, meeting__isnull=True), pk=pk)
    slot = get_object_or_404(poll.slots.all(), pk=slot_pk)
    try:
        meeting = poll_services.poll_choose(poll=poll, slot=slot, actor=request.user)
    except DomainError as refusal:
        messages.error(request, str(refusal))
        return redirect("meetings:poll_detail", pk=poll.pk)
    messages.success(request, "Séance extraordinaire créée ; les invitations sont parties.")
    return redirect("meetings:detail", pk=meeting.pk)


@token_page
def poll_answer(request: HttpRequest, token: str) -> HttpResponse:
    invitee = (
        PollInvitee.objects.select_related("poll__cell", "poll__council").filter(token_hash=token_hash(token)).first()
    )
    if invitee is None or invitee.poll.meeting_id is not None:
        return render(request, "meetings/poll_closed.html", status=404)
    if request.method == "POST":
        answers = {slot.pk: request.POST.get(f"slot-{slot.pk}") for slot in invitee.poll.slots.all()}
        poll_services.poll_answer(invitee=invitee, answers=answers)
        messages.success(request, "Merci : vos disponibilités sont enregistrées. Vous pouvez les modifier ici.")
        return redirect(request.path)
    return render(
        request,
        "meetings/poll_answer.html",
        {"poll": invitee.poll, "rows": poll_answer_rows(invitee), "choices": Availability.choices},
    )
