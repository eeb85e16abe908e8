from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from concerto.core import xlsx
from concerto.core.concurrency import VersionConflict
from concerto.core.decorators import coordinator_required, member_required
from concerto.core.errors import DomainError
from concerto.core.lists import current_sort, paginate, sort_headers
from concerto.core.roles import Role
from concerto.meetings import exports, guest_services, services
from concerto.meetings.access import invited_to_whole_meeting, meeting_for, meetings_visible_to
from concerto.meetings.disclosure import items_for, meeting_facts, meeting_sections
from concerto.meetings.filters import SORTS, MeetingFilterSet
from concerto.meetings.forms import (
    AgendaAddForm,
    AttendanceForm,
    AttendanceSheetForm,
    CorrectionForm,
    GuestWordsForm,
    InviteActorForm,
    ItemGuestForm,
    ItemRecordForm,
    MeetingForm,
    TopicAddForm,
    WorkingNoteForm,
)
from concerto.meetings.ical import meeting_calendar
from concerto.meetings.models import AgendaItem, Attendance
from concerto.meetings.pdf import record_pdf
from concerto.plans.forms import ActionForm
from concerto.situations.enums import SituationStatus


@member_required()
def meeting_list(request: HttpRequest) -> HttpResponse:
    """The upcoming meetings in full (a few planned dates), the past ones by page, both through the same filters and
    the same sort (`tri`; by default the next first, and the most recent past first)."""
    filterset = MeetingFilterSet(request.GET or None, meetings_visible_to(request))
    now = timezone.now()
    sort = current_sort(filterset)
    past = filterset.qs.filter(starts_at__lt=now).select_related("cell")
    page, query_string = paginate(request, past if sort else past.order_by("-starts_at", "-id"))
    upcoming = filterset.qs.filter(starts_at__gte=now).select_related("cell")
    return render(
        request,
        "meetings/meeting_list.html",
        {
            "form": filterset.form,
            "upcoming": upcoming if sort else upcoming.order_by("starts_at", "id"),
            "page": page,
            "query_string": query_string,
            "sort": sort_headers(request, SORTS, sort),
        },
    )


@coordinator_required
def meeting_export(request: HttpRequest) -> HttpResponse:
    """The coordinator's export of the meetings (same filters, every date), recorded in the journal."""
    filterset = MeetingFilterSet(request.GET or None, meetings_visible_to(request))
    meetings = filterset.qs.select_related("cell")
    if not current_sort(filterset):
        meetings = meetings.order_by("-starts_at", "-id")
    content, rows = exports.meetings_xlsx(meetings)
    services.meetings_export_record(council=request.council, actor=request.user, rows=rows)
    return xlsx.response(content, "reunions", request.council)


@coordinator_required
def meeting_create(request: HttpRequest) -> HttpResponse:
    form = MeetingForm(request.POST or None, council=request.council)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k not in ("version", "convened")}
        try:
            meeting = services.meeting_create(
                council=request.council, actor=request.user, data=data, convened=form.cleaned_data["convened"]
            )
        except DomainError as refusal:
            form.add_error(None, str(refusal))
        else:
            if services.is_held(meeting):
                messages.success(
                    request,
                    "Séance déjà tenue enregistrée : aucune invitation n'est envoyée. Notez les présences et les "
                    "décisions, puis signez le relevé.",
                )
            elif meeting.cell is None:
                messages.success(request, "Réunion créée ; les personnes convoquées sont invitées.")
            else:
                messages.success(
                    request,
                    "Séance créée ; les membres permanents sont invités et les points d'étape dus sont proposés.",
                )
            return redirect("meetings:detail", pk=meeting.pk)
    return render(request, "meetings/meeting_form.html", {"form": form})


@coordinator_required
def meeting_edit(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = meeting_for(request, pk, manage=True)
    form = MeetingForm(request.POST or None, instance=meeting, council=request.council)
    if request.method == "POST" and form.is_valid():
        data = {k: form.cleaned_data[k] for k in ("starts_at", "ends_at", "place", "video_link", "extraordinary")}
        try:
            services.meeting_update(
                meeting=meeting, actor=request.user, data=data, expected_version=form.cleaned_data["version"] or 0
            )
        except VersionConflict:
            form.add_error(None, "La séance a été modifiée entre-temps : vérifiez puis enregistrez à nouveau.")
        except DomainError as refusal:
            form.add_error("starts_at", str(refusal))
        else:
            messages.success(request, "Séance modifiée ; une invitation mise à jour est envoyée aux invités.")
            return redirect("meetings:detail", pk=meeting.pk)
    return render(request, "meetings/meeting_form.html", {"form": form, "meeting": meeting})


def _guests(meeting) -> list:
    """The guests without an account; the coordinator's form for the words of a relative or the person is attached
    to each of them by the view (`words_form`, None elsewhere)."""
    guests = list(guest_services.guests_of(meeting))
    for guest in guests:
        guest.words_form = None
    return guests


@member_required()
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = meeting_for(request, pk)
    is_coordinator = request.membership.role == Role.COORDINATOR
    invitations = meeting.invitations.select_related("user", "item__situation")
    whole = invited_to_whole_meeting(request, meeting)
    if not whole:
        # An actor invited for one situation sees that agenda item only, and none of the other invitees.
        invitations = invitations.filter(user=request.user)
    items = items_for(request, meeting)
    context = {
        "meeting": meeting,
        "items": items,
        "agenda": [(item, None) for item in items],
        "invitations": invitations,
        "guests": _guests(meeting) if whole else [],
        "held": services.is_held(meeting),
        "attendances": meeting.attendances.select_related("user", "replaced_by"),
        "closes_on": services.agenda_closes_on(meeting),
        "facts": meeting_facts(meeting),
        "sections": meeting_sections(request, meeting),
        "my_attendance": Attendance.objects.filter(meeting=meeting, user=request.user).first(),
    }
    if is_coordinator and not meeting.is_frozen:
        if guest_services.guests_open(meeting):
            context["agenda"] = [
                (
                    item,
                    ItemGuestForm(
                        council=request.council, auto_id=f"guest-{item.pk}-%s", situation=item.situation_id is not None
                    ),
                )
                for item in items
            ]
        for guest in context["guests"]:
            if guest.is_served and guest.revoked_at is None:
                guest.words_form = GuestWordsForm(instance=guest, auto_id=f"words-{guest.pk}-%s")
        context.update(
            topic_form=TopicAddForm(),
            cancel_text=_cancel_text(services.cancel_recipients(meeting)),
            **_attendance_forms(meeting),
        )
        if meeting.cell is not None:
            situations = request.council.situations.exclude(status=SituationStatus.CLOSED).exclude(
                agenda_items__meeting=meeting
            )
            context.update(
                agenda_form=AgendaAddForm(situations=situations.order_by("code")),
                invite_form=InviteActorForm(meeting=meeting),
            )
    return render(request, "meetings/meeting_detail.html", context)


@coordinator_required
@require_POST
def agenda_add(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = meeting_for(request, pk, manage=True)
    form = AgendaAddForm(request.POST, situations=request.council.situations.all())
    if form.is_valid():
        try:
            services.agenda_add(meeting=meeting, actor=request.user, **form.cleaned_data)
            messages.success(request, "Situation ajoutée à l'ordre du jour.")
        except services.AgendaRefused as refusal:
            messages.error(request, str(refusal))
    return redirect("meetings:detail", pk=pk)


@coordinator_required
@require_POST
def topic_add(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = meeting_for(request, pk, manage=True)
    form = TopicAddForm(request.POST)
    if form.is_valid():
        try:
            services.topic_add(meeting=meeting, actor=request.user, **form.cleaned_data)
        except services.AgendaRefused as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(request, "Sujet ajouté à l'ordre du jour.")
    else:
        messages.error(request, "Donnez un intitulé au sujet (200 caractères au plus).")
    return redirect("meetings:detail", pk=pk)


@coordinator_required
@require_POST
def invite_actor(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = meeting_for(request, pk, manage=True)
    form = InviteActorForm(request.POST, meeting=meeting)
    if form.is_valid():
        try:
            services.invite_actor(item=form.cleaned_data["item"], user=form.cleaned_data["user"], actor=request.user)
        except DomainError as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(request, "Invitation préparée : envoyez les invitations pour la transmettre.")
    return redirect("meetings:detail", pk=pk)


@coordinator_required
@require_POST
def invitations_send(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = meeting_for(request, pk, manage=True)
    try:
        count = services.invitations_send(meeting=meeting, actor=request.user)
    except DomainError as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, f"{count} invitation{'s' if count > 1 else ''} envoyée{'s' if count > 1 else ''}.")
    return redirect("meetings:detail", pk=pk)


@coordinator_required
@require_POST
def meeting_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = meeting_for(request, pk, manage=True)
    if not meeting.is_frozen:
        services.meeting_cancel(meeting=meeting, actor=request.user)
        messages.success(request, "Séance annulée ; les invités reçoivent l'annulation.")
    return redirect("meetings:detail", pk=pk)


def _attendance_forms(meeting, **bound) -> dict:
    """The attendance block's forms: the whole sheet (one radio group per person) and one person with a
    substitute; none once the meeting is frozen."""
    if meeting.is_frozen:
        return {"sheet_form": None, "attendance_form": None}
    return {
        "sheet_form": bound.get("sheet_form") or AttendanceSheetForm(meeting=meeting),
        "attendance_form": bound.get("attendance_form") or AttendanceForm(meeting=meeting),
    }


def _cancel_text(count: int) -> str:
    if not count:
        return "La séance sera annulée ; aucune invitation n'a été envoyée, personne ne sera prévenu."
    plural = "s" if count > 1 else ""
    verb = "seront" if count > 1 else "sera"
    return f"La séance sera annulée ; {count} personne{plural} invitée{plural} {verb} prévenue{plural} par e-mail."


@coordinator_required
@require_POST
def attendance_record(request: HttpRequest, pk: int) -> HttpResponse:
    """Three ways to record attendance, told apart by `form`: "all" (everyone not yet noted is present, one click),
    "sheet" (the whole sheet, one radio group per person), anything else one person with a substitute. Without
    JavaScript: save and back to the meeting page. With htmx: the attendance block only."""
    meeting = meeting_for(request, pk, manage=True)
    kind = request.POST.get("form")
    bound, saved, error = {}, None, None
    try:
        if kind == "all":
            count = services.attendance_all_present(meeting=meeting, actor=request.user)
            plural = "s" if count > 1 else ""
            saved = f"{count} personne{plural} notée{plural} présente{plural}."
        elif kind == "sheet":
            form = bound["sheet_form"] = AttendanceSheetForm(request.POST, meeting=meeting)
            if form.is_valid():
                services.attendance_sheet_record(
                    meeting=meeting, actor=request.user, statuses=form.statuses(), guest_statuses=form.guest_statuses()
                )
                saved = "Présences enregistrées."
        else:
            form = bound["attendance_form"] = AttendanceForm(request.POST, meeting=meeting)
            if form.is_valid() and not meeting.is_frozen:
                services.attendance_record(meeting=meeting, actor=request.user, **form.cleaned_data)
                saved = "Présence enregistrée."
    except DomainError as refusal:
        error = str(refusal)
    if not request.htmx:
        if saved:
            messages.success(request, saved)
        if error:
            messages.error(request, error)
        return redirect("meetings:detail", pk=pk)
    context = {
        "meeting": meeting,
        "attendances": meeting.attendances.select_related("user", "replaced_by"),
        "guests": guest_services.guests_of(meeting),
        **_attendance_forms(meeting, **({} if saved else bound)),
        "saved": saved,
        "error": error,
    }
    return render(request, "meetings/partials/attendance.html", context)


@member_required()
@require_POST
def confidentiality_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = meeting_for(request, pk)
    services.confidentiality_confirm(meeting=meeting, user=request.user)
    messages.success(request, "Votre engagement de confidentialité pour cette séance est enregistré.")
    return redirect("meetings:detail", pk=pk)


@coordinator_required
def meeting_mode(request: HttpRequest, pk: int) -> HttpResponse:
    """One screen for the session: for each situation, working notes, decisions, who tells, next review and
    actions; for a free topic, working notes and decisions (no action: an action belongs to a situation). Each
    block posts on its own (`form` = record, note or action), so a reload loses nothing saved. With htmx, a block
    posts without reloading the page and gets its item back (`partials/mode_item.html`): the other items keep
    what is typed in them. A sticky list jumps between the items; only the current one (`?point=`, else the
    first) is expanded."""
    meeting = meeting_for(request, pk, manage=True)
    items = items_for(request, meeting)
    if request.method == "POST":
        item = next((i for i in items if str(i.pk) == request.POST.get("item")), None)
        if item is None:
            raise Http404
        anchor = f"{request.path}?point={item.pk}#point-{item.pk}"
        if not meeting.is_frozen and request.POST.get("form") == "action" and item.situation_id is None:
            return redirect(anchor)  # an action belongs to a situation
        saved, bound = _meeting_mode_post(request, meeting, item)
        if not request.htmx:
            if saved is None and not meeting.is_frozen:
                return _mode_page(request, meeting, items, current=item.pk, bound={item.pk: bound})
            if saved is not None:
                messages.success(request, saved)
            return redirect(anchor)
        if saved is not None:  # the item as saved, rebuilt with the same per-reader rules as the page
            items = items_for(request, meeting)
            item = next(i for i in items if i.pk == item.pk)
            bound = {}
        context = {
            "meeting": meeting, "item": item, "forms": _mode_forms(request, item, bound), "current_pk": item.pk,
            "number": items.index(item) + 1, "saved": saved,
        }  # fmt: skip
        return render(request, "meetings/partials/mode_item.html", context)
    return _mode_page(request, meeting, items, current=request.GET.get("point"))


def _mode_page(request, meeting, items, *, current, bound=None) -> HttpResponse:
    """`bound`: item pk → the forms just posted with errors (what was typed), shown instead of blank ones."""
    current = next((i for i in items if str(i.pk) == str(current)), items[0] if items else None)
    rows = [(item, _mode_forms(request, item, (bound or {}).get(item.pk, {}))) for item in items]
    count = len(services.record_recipients(meeting))
    sign_off_text = (
        "Les notes de travail seront détruites ; le relevé sera figé (une correction deviendra un nouvel événement) "
        f"et envoyé à {count} personne{'s' if count > 1 else ''} présente{'s' if count > 1 else ''}."
    )
    context = {"meeting": meeting, "rows": rows, "current_pk": current.pk if current else None,
               "sign_off_text": sign_off_text}  # fmt: skip
    return render(request, "meetings/meeting_mode.html", context)


def _mode_forms(request, item, bound: dict) -> dict:
    """One item's forms in meeting mode (record, note, action for a situation, correction): blank, except those of
    `bound` (a form just posted, with what was typed and its errors). Read by the template next to the item, never
    set on it."""
    forms = {
        "record": ItemRecordForm(instance=item, prefix=f"item-{item.pk}"),
        "note": WorkingNoteForm(prefix=f"note-{item.pk}"),
        "action": (
            ActionForm(council=request.council, prefix=f"action-{item.pk}") if item.situation_id is not None else None
        ),
        "correction": CorrectionForm(prefix=f"correction-{item.pk}"),
    }
    return {**forms, **bound}


def _meeting_mode_post(request, meeting, item) -> tuple[str | None, dict]:
    """Saves one block of one item: (the success message, {}); on an error, (None, {block: the bound form}) so that
    the page shows what was typed, with its errors."""
    kind = request.POST.get("form")
    if meeting.is_frozen:
        form = CorrectionForm(request.POST, prefix=f"correction-{item.pk}")
        if form.is_valid():
            services.record_correct(item=item, actor=request.user, **form.cleaned_data)
            return f"Correction ajoutée au relevé pour {_subject(item)}.", {}
        return None, {"correction": form}
    if kind == "note":
        form = WorkingNoteForm(request.POST, prefix=f"note-{item.pk}")
        if form.is_valid():
            services.working_note_add(item=item, actor=request.user, **form.cleaned_data)
            return f"Note ajoutée pour {_subject(item)}.", {}
        return None, {"note": form}
    if kind == "action":
        form = ActionForm(request.POST, council=request.council, prefix=f"action-{item.pk}")
        if form.is_valid():
            from concerto.plans import services as plans

            try:
                plans.action_create(situation=item.situation, actor=request.user, data=dict(form.cleaned_data))
            except DomainError as refusal:
                form.add_error(None, str(refusal))
            else:
                return f"Action ajoutée pour {item.situation.code}.", {}
        return None, {"action": form}
    return _item_record(request, item)


def _item_record(request, item) -> tuple[str | None, dict]:
    form = ItemRecordForm(request.POST, instance=item, prefix=f"item-{item.pk}")
    bound = {"record": form}
    if not form.is_valid():
        return None, bound
    fields = ("decisions", "decisions_visibility", "who_tells", "who_tells_person", "tell_by", "next_review")
    data = {k: form.cleaned_data[k] for k in fields if k in form.cleaned_data}
    try:
        services.item_record(
            item=item, actor=request.user, data=data, expected_version=form.cleaned_data["version"] or 0
        )
    except DomainError as refusal:  # naming someone present whom the consent does not cover
        form.add_error("who_tells" if "who_tells_person" in data else None, str(refusal))
        return None, bound
    except VersionConflict:
        form.add_error(
            None,
            "Quelqu'un a enregistré ce point pendant que vous le modifiiez : votre saisie est conservée ci-dessous, "
            "vérifiez puis enregistrez à nouveau.",
        )
        form.data = form.data.copy()
        form.data[f"item-{item.pk}-version"] = AgendaItem.objects.get(pk=item.pk).version
        return None, bound
    return f"Point {_subject(item)} enregistré.", {}


def _subject(item) -> str:
    return f"« {item.topic} »" if item.situation_id is None else item.situation.code


@coordinator_required
@require_POST
def meeting_sign_off(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = meeting_for(request, pk, manage=True)
    if meeting.is_frozen:
        raise Http404
    try:
        services.meeting_sign_off(meeting=meeting, actor=request.user)
    except DomainError as refusal:
        messages.error(request, str(refusal))
        return redirect("meetings:mode", pk=pk)
    messages.success(
        request,
        "Relevé signé : notes de travail détruites ; le relevé PDF est en préparation, puis envoyé aux présents.",
    )
    return redirect("meetings:detail", pk=pk)


@member_required()
def record_download(request: HttpRequest, pk: int) -> HttpResponse:
    """The coordinator downloads the archived (complete) copy; anyone else a copy rendered for them."""
    meeting = meeting_for(request, pk)
    if not meeting.record_pdf:
        raise Http404
    if request.membership.role == Role.COORDINATOR:
        with meeting.record_pdf.open("rb") as stored:
            content = stored.read()
    else:
        content = record_pdf(meeting, request)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="releve-{meeting.pk}.pdf"'
    return response


@member_required()
def meeting_ics(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = meeting_for(request, pk)
    response = HttpResponse(
        meeting_calendar(meeting, reader=request, cancel=meeting.is_cancelled),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="reunion-{meeting.pk}.ics"'
    return response
