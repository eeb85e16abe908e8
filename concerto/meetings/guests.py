"""Guests without an account, invited for one agenda item: the coordinator adds or revokes one from the meeting
page; the guest opens their personal link (no login) during its window. The views only read and call
`guest_services`, which does every write."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from concerto.core.decorators import coordinator_required, token_page
from concerto.core.errors import DomainError
from concerto.meetings import guest_services
from concerto.meetings.access import meeting_for
from concerto.meetings.disclosure import guest_view
from concerto.meetings.forms import GuestWordsForm, ItemGuestForm


@coordinator_required
@require_POST
def guest_add(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    meeting = meeting_for(request, pk, manage=True)
    item = get_object_or_404(meeting.items.select_related("meeting__council", "situation"), pk=item_pk)
    form = ItemGuestForm(request.POST, council=request.council, situation=item.situation_id is not None)
    if form.is_valid():
        try:
            guest_services.guest_add(item=item, actor=request.user, data=form.cleaned_data)
        except DomainError as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(request, "Personne invitée : elle reçoit par courriel son lien personnel pour ce point.")
    else:
        messages.error(
            request,
            "Invitation non envoyée : indiquez le nom (200 caractères au plus), une adresse électronique valide et, "
            "si besoin, une structure du conseil.",
        )
    return redirect("meetings:detail", pk=pk)


@coordinator_required
@require_POST
def guest_words(request: HttpRequest, pk: int, guest_pk: int) -> HttpResponse:
    """The words of a relative or of the person themself, recorded by the coordinator until sign-off."""
    meeting = meeting_for(request, pk, manage=True)
    guest = get_object_or_404(guest_services.guests_of(meeting).select_related("item__meeting__council"), pk=guest_pk)
    form = GuestWordsForm(request.POST, instance=guest)
    if form.is_valid():
        data = form.cleaned_data
        try:
            guest_services.guest_words_record(
                guest=guest, actor=request.user, words=data["words"], visibility=data["words_visibility"],
                verbatim=data["words_verbatim"],
            )  # fmt: skip
        except DomainError as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(request, "Parole consignée : elle figurera au relevé de décisions.")
    else:
        messages.error(request, "Parole non enregistrée : choisissez qui peut la lire.")
    return redirect("meetings:detail", pk=pk)


@coordinator_required
@require_POST
def guest_revoke(request: HttpRequest, pk: int, guest_pk: int) -> HttpResponse:
    meeting = meeting_for(request, pk, manage=True)
    guest = get_object_or_404(guest_services.guests_of(meeting).select_related("item__meeting__council"), pk=guest_pk)
    if guest_services.guest_revoke(guest=guest, actor=request.user):
        messages.success(request, "Le lien de la personne invitée est désactivé.")
    return redirect("meetings:detail", pk=pk)


@token_page
@require_GET
def guest_page(request: HttpRequest, token: str) -> HttpResponse:
    """During its window: the meeting's practical details and the one item, as the policy shows it to the guest.
    Before or after the window, or revoked: "lien expiré" (410). Every opening is in the journal."""
    guest = guest_services.guest_from_token(token)
    if guest is None:
        return render(request, "meetings/guest_expired.html", {"unknown": True}, status=404)
    opened = guest.is_open(timezone.now())
    guest_services.guest_page_viewed(guest=guest, opened=opened)
    if not opened:
        return render(request, "meetings/guest_expired.html", {"unknown": False}, status=410)
    context = {"guest": guest, "meeting": guest.item.meeting, "shown": guest_view(guest)}
    if guest.is_served:
        # A relative or the person themself: the logistics only (guest_view decides what the title says).
        return render(request, "meetings/guest_served_page.html", context)
    return render(request, "meetings/guest_page.html", context)
