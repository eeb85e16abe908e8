import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse


class SecurityHeadersMiddleware:
    """Headers Django's SecurityMiddleware does not set; pages with personal data are never cached."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()")
        response.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not request.path.startswith(settings.STATIC_URL):
            response["Cache-Control"] = "no-store"
        return response


class IdleTimeoutMiddleware:
    """Logs out a session idle for more than SESSION_IDLE_TIMEOUT seconds (default 30 minutes).

    The timestamp is written at most once a minute so that an active session does not save on every request.
    """

    KEY = "concerto_last_seen"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = time.time()
            last_seen = request.session.get(self.KEY)
            if last_seen is not None and now - last_seen > settings.SESSION_IDLE_TIMEOUT:
                logout(request)
                messages.info(request, "Votre session a expiré après une période d'inactivité. Reconnectez-vous.")
                return redirect(f"{reverse('account_login')}?next={request.path}")
            if last_seen is None or now - last_seen > 60:
                request.session[self.KEY] = now
        return self.get_response(request)
