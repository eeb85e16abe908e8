from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from concerto.core.decorators import coordinator_required, member_required
from concerto.core.errors import DomainError
from concerto.core.lists import paginate
from concerto.plans import exports, external_services, services
from concerto.plans.access import (
    actions_for,
    can_update,
    council_actions,
    my_actions,
    with_overdue,
    with_row_controls,
)
from concerto.plans.enums import OPEN_STATUSES, ActionState
from concerto.plans.filters import CouncilActionFilterSet, MyActionFilterSet, sort_headers
from concerto.plans.forms import ActionForm, ActionStatusForm, AnswerForm, WithdrawalDecisionForm
from concerto.situations.access import situation_for


@member_required()
def situation_actions(request: HttpRequest, code: str, parent: int | None = None) -> HttpResponse:
    """The situation's actions tab; with `parent` (the coordinator's "Ajouter une action de suite"), the form of a new
    action is pre-filled to follow that action."""
    access = situation_for(request, code, need="content" if parent is None else "edit")
    situation = access.situation
    initial = {"parent": get_object_or_404(actions_for(request, access), pk=parent)} if parent is not None else {}
    form = None
    if access.is_coordinator and not access.consent_blocked:
        form = ActionForm(
            request.POST or None, council=request.council, situation=situation, prefix="action", initial=initial
        )
        if request.method == "POST" and "action-text" in request.POST and form.is_valid():
            try:
                services.action_create(situation=situation, actor=request.user, data=dict(form.cleaned_data))
            except DomainError as refusal:
                form.add_error(None, str(refusal))
            else:
                messages.success(request, "Action ajoutée.")
                return redirect("plans:situation_actions", code=code)
    is_referent = access.participation is not None and access.participation.is_referent
    answer_form = None
    if access.is_coordinator or is_referent:
        answer_form = AnswerForm(request.POST or None, prefix="answer", initial={"told_on": timezone.localdate()})
        if request.method == "POST" and "answer-answer" in request.POST and answer_form.is_valid():
            try:
                services.answer_record(situation=situation, actor=request.user, data=dict(answer_form.cleaned_data))
            except DomainError as refusal:
                answer_form.add_error(None, str(refusal))
            else:
                messages.success(request, "La réponse de la personne est enregistrée.")
                return redirect("plans:situation_actions", code=code)
    actions = with_row_controls(actions_for(request, access), request, access)
    return render(
        request,
        "plans/situation_actions.html",
        {
            "access": access,
            "situation": situation,
            "actions": actions,
            "form": form,
            "answer_form": answer_form,
            "answers": situation.answers.select_related("told_by"),
            "status_form": ActionStatusForm(),
            "withdrawal_form": WithdrawalDecisionForm(),
            "today": timezone.localdate(),
            "follow_up_of": initial.get("parent"),
            "open_statuses": OPEN_STATUSES,
        },
    )


@member_required()
@require_POST
def action_withdrawal_decide(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    """After a withdrawal of consent: the coordinator cancels an open action, or keeps it with a reason."""
    access = situation_for(request, code, need="edit")
    action = get_object_or_404(actions_for(request, access), pk=pk)
    form = WithdrawalDecisionForm(request.POST)
    if form.is_valid():
        try:
            services.action_decide_after_withdrawal(
                action=action, actor=request.user, keep=form.cleaned_data["decision"] == "keep",
                reason=form.cleaned_data["reason"],
            )  # fmt: skip
        except DomainError as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(request, "Décision enregistrée.")
    else:
        messages.error(request, "Choisissez d'annuler ou de maintenir l'action.")
    return redirect("plans:situation_actions", code=code)


@member_required()
@require_POST
def action_status(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    access = situation_for(request, code, need="content")
    action = get_object_or_404(actions_for(request, access), pk=pk)
    if not can_update(request, access, action):
        raise Http404
    form = ActionStatusForm(request.POST)
    if form.is_valid():
        try:
            services.action_set_status(action=action, actor=request.user, status=form.cleaned_data["status"])
        except DomainError as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(request, "Le statut de l'action est mis à jour.")
    return redirect(
        request.POST.get("next") == "mine" and "plans:my_actions" or "plans:situation_actions",
        **({} if request.POST.get("next") == "mine" else {"code": code}),
    )


@member_required()
def my_actions_view(request: HttpRequest) -> HttpResponse:
    filterset = MyActionFilterSet(request.GET or None, my_actions(request))
    page, query_string = paginate(request, with_overdue(filterset.qs))
    return render(
        request,
        "plans/my_actions.html",
        {"form": filterset.form, "page": page, "query_string": query_string, "status_form": ActionStatusForm()},
    )


def _council_filterset(request: HttpRequest) -> CouncilActionFilterSet:
    """The council's actions as filtered by the query string; open actions when no state is asked for."""
    data = request.GET.copy()
    data.setdefault("state", ActionState.OPEN)
    return CouncilActionFilterSet(data, council_actions(request), request=request)


@coordinator_required
def council_actions_view(request: HttpRequest) -> HttpResponse:
    """Every action of the council (the coordinator's, to chase): filtered, sorted, paginated, exported."""
    filterset = _council_filterset(request)
    page, query_string = paginate(request, filterset.qs)
    ordering = filterset.form.cleaned_data.get("tri") if filterset.form.is_valid() else None
    current_sort = ordering[0] if ordering else ""
    return render(
        request,
        "plans/all_actions.html",
        {
            "form": filterset.form,
            "page": page,
            "query_string": query_string,
            "sort": sort_headers(request, current_sort),
            "current_sort": current_sort,
            "return_query": request.GET.urlencode(),
            "export_query": query_string,
        },
    )


@coordinator_required
def council_actions_export(request: HttpRequest) -> HttpResponse:
    content, rows = exports.actions_xlsx(_council_filterset(request).qs)
    services.actions_export_record(council=request.council, actor=request.user, rows=rows)
    response = HttpResponse(content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    filename = f"actions-{request.council.code.lower()}-{timezone.localdate():%Y-%m-%d}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@coordinator_required
@require_POST
def action_remind(request: HttpRequest, pk: int) -> HttpResponse:
    """One click: the owner of the action is reminded by e-mail (at most once a day per action)."""
    action = get_object_or_404(council_actions(request), pk=pk)
    try:
        services.action_remind(action=action, actor=request.user)
    except DomainError as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(
            request, f"La relance de l'action n° {action.pk} (situation {action.situation.code}) est envoyée."
        )
    query = QueryDict(request.POST.get("query", "")).urlencode()
    return redirect(reverse("plans:council_actions") + (f"?{query}" if query else ""))


@coordinator_required
@require_POST
def action_external_link(request: HttpRequest, pk: int) -> HttpResponse:
    """The coordinator's "Renvoyer le lien": the owner without an account gets a new link by e-mail; the previous
    one is refused from then on."""
    action = get_object_or_404(council_actions(request), pk=pk)
    try:
        external_services.external_link_reissue(action=action, actor=request.user)
    except DomainError as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(
            request, f"Un nouveau lien est envoyé pour l'action n° {action.pk} ; le précédent ne fonctionne plus."
        )
    return redirect(reverse("plans:situation_actions", args=[action.situation.code]) + f"#action-{action.pk}")
