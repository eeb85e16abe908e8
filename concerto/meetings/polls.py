"""Extraordinary sessions: propose slots, collect availabilities (page or e-mail link), pick one, invite."""

import secrets
from datetime import timedelta

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.db import transaction
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from concerto.core.crypto import encrypt
from concerto.core.decorators import coordinator_required
from concerto.core.events import record_event
from concerto.core.forms import BaseForm
from concerto.core.mail import enqueue_on_commit
from concerto.core.utils import token_hash
from concerto.councils.models import CellMember
from concerto.meetings import services, tasks
from concerto.meetings.forms import DATETIME_WIDGET
from concerto.meetings.models import Availability, PollAnswer, PollInvitee, PollSlot, SlotPoll

SLOT_COUNT = 4


class PollForm(BaseForm):
    cell = forms.ModelChoiceField(label="Cellule", queryset=None)
    place = forms.CharField(label="Lieu", max_length=255, required=False)
    duration = forms.IntegerField(label="Durée (minutes)", min_value=15, max_value=480, initial=90)

    def __init__(self, *args, council, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cell"].queryset = council.cells.all()
        for index in range(SLOT_COUNT):
            self.fields[f"slot_{index}"] = forms.DateTimeField(
                label=f"Créneau {index + 1}", required=index < 2, widget=DATETIME_WIDGET
            )

    def slots(self) -> list:
        return sorted(v for k, v in self.cleaned_data.items() if k.startswith("slot_") and v)


@transaction.atomic
def poll_create(*, council, actor, cell, place: str, slots: list, duration) -> SlotPoll:
    poll = SlotPoll.objects.create(council=council, cell=cell, place=place, created_by=actor)
    PollSlot.objects.bulk_create(PollSlot(poll=poll, starts_at=s, ends_at=s + duration) for s in slots)
    seats = CellMember.objects.filter(cell=cell).select_related("membership__user")
    for seat in seats:
        token = secrets.token_urlsafe(24)
        invitee = PollInvitee.objects.create(poll=poll, user=seat.membership.user, token_hash=token_hash(token))
        enqueue_on_commit(tasks.send_poll_invitation, invitee.pk, encrypt(token))
    record_event(council=council, actor=actor, verb="poll_created", target=poll, slots=len(slots))
    return poll


@coordinator_required
def poll_new(request: HttpRequest) -> HttpResponse:
    form = PollForm(request.POST or None, council=request.council)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        poll = poll_create(
            council=request.council, actor=request.user, cell=data["cell"], place=data["place"],
            slots=form.slots(), duration=timedelta(minutes=data["duration"]),
        )  # fmt: skip
        messages.success(request, "Créneaux proposés : les membres de la cellule reçoivent un lien pour répondre.")
        return redirect("meetings:poll_detail", pk=poll.pk)
    return render(request, "meetings/poll_form.html", {"form": form})


@coordinator_required
def poll_detail(request: HttpRequest, pk: int) -> HttpResponse:
    poll = get_object_or_404(SlotPoll.objects.filter(council=request.council), pk=pk)
    slots = poll.slots.annotate(
        yes=Count("answers", filter=Q(answers__availability=Availability.YES)),
        maybe=Count("answers", filter=Q(answers__availability=Availability.MAYBE)),
        no=Count("answers", filter=Q(answers__availability=Availability.NO)),
    )
    answers = {(a.slot_id, a.invitee_id): a for a in PollAnswer.objects.filter(slot__poll=poll)}
    invitees = list(poll.invitees.select_related("user"))
    rows = [
        {"invitee": invitee, "answers": [answers.get((slot.pk, invitee.pk)) for slot in slots]} for invitee in invitees
    ]
    return render(request, "meetings/poll_detail.html", {"poll": poll, "slots": slots, "rows": rows})


@coordinator_required
@require_POST
def poll_choose(request: HttpRequest, pk: int, slot_pk: int) -> HttpResponse:
    poll = get_object_or_404(SlotPoll.objects.filter(council=request.council, meeting__isnull=True), pk=pk)
    slot = get_object_or_404(poll.slots.all(), pk=slot_pk)
    with transaction.atomic():
        meeting = services.meeting_create(
            council=request.council, actor=request.user,
            data={"cell": poll.cell, "starts_at": slot.starts_at, "ends_at": slot.ends_at, "place": poll.place,
                  "extraordinary": True},
        )  # fmt: skip
        poll.meeting = meeting
        poll.save(update_fields=["meeting"])
        services.invitations_send(meeting=meeting, actor=request.user)
    messages.success(request, "Séance extraordinaire créée ; les invitations sont parties.")
    return redirect("meetings:detail", pk=meeting.pk)


@login_not_required
def poll_answer(request: HttpRequest, token: str) -> HttpResponse:
    invitee = (
        PollInvitee.objects.select_related("poll__cell", "poll__council").filter(token_hash=token_hash(token)).first()
    )
    if invitee is None or invitee.poll.meeting_id is not None:
        return render(request, "meetings/poll_closed.html", status=404)
    slots = list(invitee.poll.slots.all())
    current = {a.slot_id: a.availability for a in PollAnswer.objects.filter(invitee=invitee)}
    if request.method == "POST":
        with transaction.atomic():
            for slot in slots:
                value = request.POST.get(f"slot-{slot.pk}")
                if value in Availability.values:
                    PollAnswer.objects.update_or_create(slot=slot, invitee=invitee, defaults={"availability": value})
        messages.success(request, "Merci : vos disponibilités sont enregistrées. Vous pouvez les modifier ici.")
        return redirect(request.path)
    for slot in slots:
        slot.current = current.get(slot.pk, "")
    return render(
        request, "meetings/poll_answer.html", {"poll": invitee.poll, "slots": slots, "choices": Availability.choices}
    )
