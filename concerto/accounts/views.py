from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from concerto.accounts import lockout, services
from concerto.accounts import sessions as user_sessions
from concerto.accounts.forms import AcceptInvitationForm, InvitationForm, MembershipForm
from concerto.accounts.models import Invitation, Membership, User
from concerto.core.decorators import coordinator_required, token_page
from concerto.core.errors import DomainError


def membership_for(request: HttpRequest, pk: int) -> Membership:
    """A membership of the current council (404 otherwise)."""
    return get_object_or_404(Membership.objects.filter(council=request.council).select_related("user"), pk=pk)


@coordinator_required
def member_list(request: HttpRequest) -> HttpResponse:
    memberships = list(
        Membership.objects.filter(council=request.council)
        .select_related("user", "organisation")
        .order_by("-is_active", "user__last_name", "user__first_name")
    )
    user_ids = [m.user_id for m in memberships]
    with_totp = set(
        Authenticator.objects.filter(user_id__in=user_ids, type=Authenticator.Type.TOTP).values_list(
            "user_id", flat=True
        )
    )
    locks = lockout.locked_until([m.user.email for m in memberships])
    rows = [
        {"membership": m, "has_totp": m.user_id in with_totp, "locked_until": locks.get(m.user.email)}
        for m in memberships
    ]
    invitations = Invitation.objects.filter(council=request.council, accepted_at__isnull=True).select_related(
        "organisation"
    )
    return render(request, "accounts/member_list.html", {"rows": rows, "invitations": invitations})


@coordinator_required
def member_invite(request: HttpRequest) -> HttpResponse:
    form = InvitationForm(request.POST or None, council=request.council)
    if request.method == "POST" and form.is_valid():
        try:
            invitation, _token = services.invitation_create(
                council=request.council, actor=request.user, data=form.cleaned_data
            )
        except DomainError as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, f"Invitation envoyée à {invitation.email}.")
            return redirect("accounts:member_list")
    return render(
        request, "accounts/member_invite.html", {"form": form, "invitation_days": settings.CONCERTO_INVITATION_DAYS}
    )


@coordinator_required
def member_edit(request: HttpRequest, pk: int) -> HttpResponse:
    membership = membership_for(request, pk)
    form = MembershipForm(request.POST or None, instance=membership, council=request.council)
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_update(membership=form.instance, actor=request.user, changed=form.changed_data)
        except DomainError as refusal:
            form.add_error("is_active" if not form.cleaned_data["is_active"] else None, str(refusal))
        else:
            messages.success(request, "L'adhésion a été mise à jour.")
            return redirect("accounts:member_list")
    return render(request, "accounts/member_edit.html", {"form": form, "membership": membership})


@coordinator_required
@require_POST
def member_unlock(request: HttpRequest, pk: int) -> HttpResponse:
    membership = membership_for(request, pk)
    services.member_unlock(membership=membership, actor=request.user)
    messages.success(request, f"Le compte de {membership.user} est déverrouillé.")
    return redirect("accounts:member_list")


@coordinator_required
@require_POST
def invitation_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    invitation = get_object_or_404(Invitation.objects.filter(council=request.council, accepted_at__isnull=True), pk=pk)
    services.invitation_revoke(invitation=invitation, actor=request.user)
    messages.success(request, f"L'invitation de {invitation.email} est annulée.")
    return redirect("accounts:member_list")


@token_page
def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    invitation = services.invitation_from_token(token)
    if invitation is None:
        return render(request, "accounts/invitation_invalid.html", status=404)
    existing = User.objects.filter(email__iexact=invitation.email).first()
    if existing is not None:
        if not request.user.is_authenticated:
            messages.info(request, "Connectez-vous avec votre compte existant pour accepter l'invitation.")
            return redirect(f"{reverse('account_login')}?next={request.path}")
        if request.user.pk != existing.pk:
            return render(request, "accounts/invitation_invalid.html", status=404)
        if request.method == "POST":
            services.invitation_accept(invitation=invitation, user=request.user)
            request.session["concerto_council_id"] = invitation.council_id
            messages.success(request, f"Vous avez rejoint {invitation.council.name}.")
            return redirect("home")
        return render(request, "accounts/invitation_accept.html", {"invitation": invitation, "form": None})
    form = AcceptInvitationForm(
        request.POST or None,
        email=invitation.email,
        initial={"first_name": invitation.first_name, "last_name": invitation.last_name},
    )
    if request.method == "POST" and form.is_valid():
        services.invitation_accept_new_user(
            invitation=invitation,
            first_name=form.cleaned_data["first_name"],
            last_name=form.cleaned_data["last_name"],
            password=form.cleaned_data["password1"],
        )
        messages.success(
            request,
            "Votre compte est créé. Connectez-vous : il vous sera ensuite demandé d'activer la double "
            "authentification si votre rôle l'exige.",
        )
        return redirect("account_login")
    return render(request, "accounts/invitation_accept.html", {"invitation": invitation, "form": form})


def profile(request: HttpRequest) -> HttpResponse:
    has_totp = Authenticator.objects.filter(user=request.user, type=Authenticator.Type.TOTP).exists()
    return render(request, "accounts/profile.html", {"has_totp": has_totp})


@require_POST
def council_switch(request: HttpRequest) -> HttpResponse:
    wanted = request.POST.get("council", "")
    membership = next((m for m in request.memberships if str(m.council_id) == wanted), None)
    if membership is None:
        messages.error(request, "Vous n'êtes pas membre de ce conseil.")
    else:
        request.session["concerto_council_id"] = membership.council_id
        messages.success(request, f"Vous travaillez maintenant pour {membership.council.name}.")
    return redirect("home")


@coordinator_required
def session_list(request: HttpRequest) -> HttpResponse:
    """Active sessions working for this council, to end one after a lost laptop or a departure.

    A member of several councils has one session per browser, working for one council at a time: the coordinator
    sees it only while it works for their council (concerto/accounts/sessions.py)."""
    return render(request, "accounts/session_list.html", {"sessions": user_sessions.sessions_of(request.council)})


@coordinator_required
@require_POST
def session_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    found = user_sessions.sessions_of(request.council, pk=pk)
    if not found:
        raise Http404
    session = found[0]
    services.session_revoke(session=session, council=request.council, actor=request.user)
    messages.success(request, f"La session de {session.user} est fermée.")
    return redirect("accounts:session_list")
