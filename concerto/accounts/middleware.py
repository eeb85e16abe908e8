from allauth.mfa.models import Authenticator
from django.shortcuts import redirect
from django.urls import reverse

SESSION_FLAG = "concerto_mfa_enrolled"
# Pages a user must still reach before enrolling: the enrolment itself, logout, password pages.
ALLOWED_PREFIXES = ("/comptes/", "/static/", "/healthz")


class MfaRequiredMiddleware:
    """Sends a user whose role or profession requires a second factor to TOTP enrolment before anything else.

    Runs after CurrentCouncilMiddleware, whose request.memberships it reads.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and not request.session.get(SESSION_FLAG)
            and not request.path.startswith(ALLOWED_PREFIXES)
        ):
            if Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
                request.session[SESSION_FLAG] = True
            elif any(m.requires_mfa for m in request.memberships):
                return redirect(reverse("mfa_activate_totp"))
        return self.get_response(request)
