from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from concerto.core.decorators import member_required
from concerto.core.errors import DomainError
from concerto.core.lists import paginate
from concerto.plans import services
from concerto.plans.access import actions_for, can_update, my_actions
from concerto.plans.enums import OPEN_STATUSES
from concerto.plans.filters import MyActionFilterSet
from concerto.plans.forms import ActionForm, ActionStatusForm, AnswerForm, WithdrawalDecisionForm
from concerto.situations.access import situation_for


@member_required()
def situation_actions(request: HttpRequest, code: str) -> HttpResponse:
    access = situation_for(request, code, need="content")
    situation = access.situation
    form = None
    if access.is_coordinator and not access.consent_blocked:
        form = ActionForm(request.POST or None, council=request.council, prefix="action")
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
    actions = list(actions_for(request, access))
    for action in actions:
        action.editable = can_update(request, access, action)
        action.awaits_decision = (
            access.is_coordinator
            and situation.withdrawal_pending_since is not None
            and action.status in OPEN_STATUSES
            and not action.kept_despite_withdrawal
        )
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
    page, query_string = paginate(request, filterset.qs)
    today = timezone.localdate()
    for action in page:
        action.overdue = action.status in OPEN_STATUSES and action.due_on < today
    return render(
        request,
        "plans/my_actions.html",
        {"form": filterset.form, "page": page, "query_string": query_string, "status_form": ActionStatusForm()},
    )
