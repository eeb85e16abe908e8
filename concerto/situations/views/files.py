"""The situation list and the situation file, tab by tab, all through the access helper."""

from django.contrib import messages
from django.db.models import BooleanField, Case, Count, Min, Value, When
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from concerto.accounts.enums import Role
from concerto.core import xlsx
from concerto.core.concurrency import VersionConflict
from concerto.core.decorators import member_required
from concerto.core.errors import DomainError
from concerto.core.lists import current_sort, paginate, sort_headers
from concerto.core.registry import registry
from concerto.councils.problems import problem_labels as council_problem_labels
from concerto.situations import exports, services
from concerto.situations.access import (
    consent_state,
    identity_for,
    notes_for,
    relatives_for,
    situation_for,
    situations_visible_to,
)
from concerto.situations.enums import AlertStatus, PersonMode, SituationStatus, Visibility
from concerto.situations.filters import SORTS, SituationFilterSet, with_list_columns
from concerto.situations.forms import (
    IDENTITY_FIELD_NAMES,
    ClosureForm,
    ConsentForm,
    ModeForm,
    ParticipantForm,
    RelativeForm,
    ReopenForm,
    SituationForm,
)
from concerto.situations.journal_forms import JournalFilterForm, NoteForm
from concerto.situations.models import Alert, Participant, Relative
from concerto.situations.policy import Info, ids_seeing
from concerto.situations.selectors import situation_history, situation_summary


def with_open_to_me(situations, content_ids: set[int] | None):
    """Annotates `open_to_me`: the reader sees the situation's content (None: every one, the coordinator), so the
    list shows its label, commune and date."""
    if content_ids is None:
        return situations.annotate(open_to_me=Value(True))
    return situations.annotate(
        open_to_me=Case(When(pk__in=content_ids, then=Value(True)), default=Value(False), output_field=BooleanField())
    )


@member_required()
def situation_list(request: HttpRequest) -> HttpResponse:
    visible = situations_visible_to(request)
    seeing = ids_seeing(request, visible, Info.PARTICIPANTS, Info.HEALTH_SOCIAL)
    content_ids = seeing[Info.PARTICIPANTS]
    filterset = _situation_filterset(request, visible, seeing)
    sort = current_sort(filterset)
    situations = filterset.qs.select_related("commune")
    if not sort:
        situations = situations.order_by("-opened_on", "-id")
    page, query_string = paginate(request, with_open_to_me(situations, content_ids))
    is_coordinator = request.membership.role == Role.COORDINATOR
    counts = dict(visible.values_list("status").annotate(n=Count("id")).values_list("status", "n"))
    waiting = None
    if is_coordinator:
        waiting = Alert.objects.filter(council=request.council, status=AlertStatus.SUBMITTED).aggregate(
            n=Count("id"), oldest=Min("submitted_at")
        )
        if waiting["oldest"]:
            waiting["days"] = (timezone.now() - waiting["oldest"]).days
    return render(
        request,
        "situations/situation_list.html",
        {
            "form": filterset.form,
            "page": page,
            "counts": [(value, label, counts.get(value, 0)) for value, label in SituationStatus.choices],
            "waiting": waiting,
            "query_string": query_string,
            "sort": sort_headers(request, SORTS, sort),
            "can_export": is_coordinator,
        },
    )


def _situation_filterset(request, visible, seeing) -> SituationFilterSet:
    rows = with_list_columns(visible, seeing[Info.PARTICIPANTS])
    return SituationFilterSet(request.GET or None, rows, request=request, seeing=seeing)


@member_required(Role.COORDINATOR)
def situation_export(request: HttpRequest) -> HttpResponse:
    """The coordinator's export of the filtered list (codes, never an identity), recorded in the journal."""
    visible = situations_visible_to(request)
    seeing = ids_seeing(request, visible, Info.PARTICIPANTS, Info.HEALTH_SOCIAL)
    filterset = _situation_filterset(request, visible, seeing)
    situations = filterset.qs.select_related("commune", "cell")
    if not current_sort(filterset):
        situations = situations.order_by("-opened_on", "-id")
    content, rows = exports.situations_xlsx(situations)
    services.situations_export_record(council=request.council, actor=request.user, rows=rows)
    return xlsx.response(content, "situations", request.council)


def _tab(request, template: str, access, **context) -> HttpResponse:
    return render(request, template, {"access": access, "situation": access.situation, **context})


@member_required()
def situation_detail(request: HttpRequest, code: str) -> HttpResponse:
    access = situation_for(request, code)
    problem_labels = council_problem_labels(request.council)
    problems = [problem_labels.get(c, c) for c in access.visible_problems()] if access.sees_content else []
    return _tab(request, "situations/tab_summary.html", access, problems=problems, summary=situation_summary(access))


@member_required()
def situation_identity(request: HttpRequest, code: str) -> HttpResponse:
    access = situation_for(request, code, need="identity")
    identity = identity_for(request, access, source=request.path)
    return _tab(request, "situations/tab_identity.html", access, identity=identity)


@member_required(Role.COORDINATOR)
def situation_edit(request: HttpRequest, code: str) -> HttpResponse:
    access = situation_for(request, code, need="edit")
    situation = access.situation
    form = SituationForm(request.POST or None, instance=situation, council=request.council)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k not in ("version", "problems")}
        try:
            services.situation_update(
                situation=situation,
                actor=request.user,
                data=data,
                problems=form.cleaned_data["problems"],
                expected_version=form.cleaned_data["version"] or 0,
            )
        except VersionConflict:
            form.add_error(
                None,
                "Quelqu'un a enregistré cette situation pendant que vous la modifiiez. Vos saisies sont conservées "
                "ci-dessous : vérifiez l'historique, puis enregistrez à nouveau.",
            )
            form.data = form.data.copy()
            form.data["version"] = type(situation).objects.get(pk=situation.pk).version
        else:
            messages.success(request, "La situation est mise à jour.")
            return redirect("situations:detail", code=situation.code)
    return _tab(request, "situations/situation_form.html", access, form=form, heading="Modifier la situation")


@member_required(Role.COORDINATOR)
def situation_mode(request: HttpRequest, code: str) -> HttpResponse:
    access = situation_for(request, code, need="edit")
    situation = access.situation
    blocked, agreement = consent_state(situation)
    initial = {"person_mode": situation.person_mode, "label": situation.label}
    # Prefilling the identity is a read like any other: through the helper, which logs it.
    show = access.sees_identity and request.method == "GET"  # a re-displayed form shows what was typed instead
    identity = identity_for(request, access, source=request.path) if show else None
    if identity is not None:
        initial.update({f: getattr(identity, f) for f in IDENTITY_FIELD_NAMES})
    form = ModeForm(request.POST or None, initial=initial, agreement_on_record=agreement is not None)
    if request.method == "POST" and form.is_valid():
        try:
            services.situation_change_mode(
                situation=situation,
                actor=request.user,
                mode=form.cleaned_data["person_mode"],
                label=form.cleaned_data["label"],
                identity=form.identity_data() if form.cleaned_data["person_mode"] == PersonMode.NOMINATIVE else None,
            )
        except DomainError as refusal:
            form.add_error("person_mode", str(refusal))
        else:
            messages.success(request, "Le mode de la situation est enregistré.")
            return redirect("situations:detail", code=situation.code)
    return _tab(request, "situations/situation_form.html", access, form=form, heading="Mode et identité")


@member_required()
def situation_consent(request: HttpRequest, code: str) -> HttpResponse:
    access = situation_for(request, code, need="content")
    form = None
    if access.is_coordinator:
        form = ConsentForm(
            request.POST or None, council=request.council, situation=access.situation,
            initial={"occurred_on": timezone.localdate()},
        )  # fmt: skip
        if request.method == "POST" and form.is_valid():
            try:
                services.consent_record(situation=access.situation, actor=request.user, data=dict(form.cleaned_data))
            except DomainError as refusal:
                form.add_error(None, str(refusal))
            else:
                messages.success(request, "Le consentement est enregistré.")
                return redirect("situations:consent", code=code)
    records = access.situation.consents.prefetch_related("scope").order_by("-created_at", "-id")
    return _tab(request, "situations/tab_consent.html", access, form=form, records=records)


@member_required()
def situation_participants(request: HttpRequest, code: str) -> HttpResponse:
    access = situation_for(request, code, need="content")
    form = None
    if access.is_coordinator and not access.consent_blocked:
        form = ParticipantForm(request.POST or None, council=request.council, initial={"since": timezone.localdate()})
        if request.method == "POST" and form.is_valid():
            try:
                services.participant_add(situation=access.situation, actor=request.user, data=dict(form.cleaned_data))
            except DomainError as refusal:
                form.add_error("organisation", str(refusal))
            else:
                messages.success(request, "Participant ajouté.")
                return redirect("situations:participants", code=code)
    participants = access.situation.participants.select_related("organisation", "user")
    return _participants_tab(request, access, form=form, participants=participants)


def _participants_tab(request, access, **context) -> HttpResponse:
    """The participants tab, with the person's relatives (names for the readers who see the identity only)."""
    relative_form = context.pop("relative_form", None)
    if relative_form is None and access.is_coordinator and not access.consent_blocked:
        relative_form = RelativeForm(initial={"since": timezone.localdate()}, auto_id="relative-%s")
    relatives = relatives_for(request, access, source="situations:participants")
    return _tab(
        request, "situations/tab_participants.html", access, relatives=relatives, relative_form=relative_form,
        **context,
    )  # fmt: skip


@member_required(Role.COORDINATOR)
@require_POST
def relative_add(request: HttpRequest, code: str) -> HttpResponse:
    """A relative joins the situation's participants, with the person's agreement covering relatives."""
    access = situation_for(request, code, need="edit")
    form = RelativeForm(request.POST, auto_id="relative-%s")
    if form.is_valid():
        try:
            services.relative_add(situation=access.situation, actor=request.user, data=dict(form.cleaned_data))
        except DomainError as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, "Proche associé·e à la situation.")
            return redirect("situations:participants", code=code)
    participants = access.situation.participants.select_related("organisation", "user")
    return _participants_tab(request, access, form=None, participants=participants, relative_form=form)


@member_required(Role.COORDINATOR)
@require_POST
def relative_end(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    access = situation_for(request, code, need="edit")
    relative = get_object_or_404(Relative.objects.filter(situation=access.situation), pk=pk)
    if services.relative_end(relative=relative, actor=request.user):
        messages.success(request, "La participation du ou de la proche est close.")
    return redirect("situations:participants", code=code)


def _participant(request, code: str, pk: int):
    access = situation_for(request, code, need="edit")
    return access, get_object_or_404(Participant.objects.filter(situation=access.situation), pk=pk)


@member_required(Role.COORDINATOR)
@require_POST
def participant_end(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    _access, participant = _participant(request, code, pk)
    services.participant_end(participant=participant, actor=request.user)
    messages.success(request, "La participation est close.")
    return redirect("situations:participants", code=code)


@member_required(Role.COORDINATOR)
@require_POST
def participant_referent(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    _access, participant = _participant(request, code, pk)
    services.referent_designate(participant=participant, actor=request.user)
    messages.success(request, "Référent·e désigné·e.")
    return redirect("situations:participants", code=code)


@member_required()
def situation_journal(request: HttpRequest, code: str) -> HttpResponse:
    access = situation_for(request, code, need="content")
    form = None
    if access.can_write_notes:
        # After an objection or a withdrawal, only a coordination note remains possible.
        allowed = [Visibility.COORDINATOR] if access.consent_blocked else access.visible_note_classes()
        if request.method == "GET" and request.htmx and "champs" in request.GET:
            # Only the fields of the chosen kind, with what was already chosen (not validated yet).
            form = NoteForm(initial=request.GET.dict(), allowed=allowed)
            names = form.kind_fields(form.chosen_kind())
            return render(request, "situations/partials/note_fields.html", {"fields": [form[n] for n in names]})
        form = NoteForm(request.POST or None, allowed=allowed, initial={"occurred_on": timezone.localdate()})
        if request.method == "POST" and form.is_valid():
            try:
                services.note_add(situation=access.situation, actor=request.user, data=dict(form.cleaned_data))
            except DomainError as refusal:
                form.add_error(None, str(refusal))
            else:
                messages.success(request, "Entrée ajoutée au journal.")
                return redirect("situations:journal", code=code)
    filters = JournalFilterForm(request.GET or None, visible=access.visible_note_classes())
    kind = filters.cleaned_data["type"] if filters.is_valid() else ""
    notes = notes_for(access)
    return _tab(
        request, "situations/tab_journal.html", access, form=form, filters=filters,
        notes=notes.filter(kind=kind) if kind else notes,
        fields=[form[n] for n in form.kind_fields(form.chosen_kind() if form.is_bound else None)] if form else [],
    )  # fmt: skip


@member_required()
def note_detail(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    """One note, for a direct link: 404 when its visibility class is not open to the user."""
    access = situation_for(request, code, need="content")
    note = get_object_or_404(notes_for(access), pk=pk)
    return _tab(request, "situations/tab_journal.html", access, form=None, filters=None, fields=[], notes=[note])


@member_required(Role.COORDINATOR)
def situation_close(request: HttpRequest, code: str) -> HttpResponse:
    access = situation_for(request, code, need="edit")
    situation = access.situation
    reopening = situation.status == SituationStatus.CLOSED
    if reopening:
        form = ReopenForm(request.POST or None)
    else:
        actions = services.open_actions(situation).select_related("owner_organisation")
        form = ClosureForm(request.POST or None, council=request.council, situation=situation, actions=actions)
    if request.method == "POST" and form.is_valid():
        try:
            if reopening:
                services.situation_reopen(situation=situation, actor=request.user, reason=form.cleaned_data["reason"])
            else:
                services.situation_close(
                    situation=situation, actor=request.user, reason=form.cleaned_data["reason"],
                    relay_organisation=form.cleaned_data["relay_organisation"],
                    closed_on=form.cleaned_data["closed_on"], flags=form.cleaned_data["flags"],
                    decided_by=form.cleaned_data["decided_by"], open_actions=form.open_action_decisions(),
                )  # fmt: skip
        except DomainError as refusal:  # e.g. closed or reopened meanwhile from another tab
            form.add_error(None, str(refusal))
        else:
            messages.success(
                request,
                "La situation est rouverte."
                if reopening
                else "La situation est clôturée ; une veille de six mois commence.",
            )
            return redirect("situations:detail", code=code)
    return _tab(request, "situations/situation_close.html", access, form=form)


# Every app's event labels, declared in its `declarations.py` (core's registry; the same dict, filled at start-up).
EVENT_LABELS = registry.events


@member_required()
def situation_timeline(request: HttpRequest, code: str) -> HttpResponse:
    access = situation_for(request, code, need="content")
    return _tab(request, "situations/tab_timeline.html", access, rows=situation_history(access))
