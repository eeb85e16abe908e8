"""Which council an open session works for, so that a coordinator lists and ends only their council's sessions.

allauth.usersessions records a `UserSession` per browser session (user, IP, browser, last activity) but nothing
about councils. The council a session works for is the one CurrentCouncilMiddleware picks for it: the council chosen
in the session (`concerto_council_id`, set by the council switch and by an accepted invitation) if the user is
still an active member there, otherwise their first active council by name. This module reads the session data
and applies that same rule (`councils.middleware.current_memberships`).

When the session data cannot be read (the session has expired, was ended, or is not logged in as this user), the
council is unknown. Conservative rule: such a session is shown, and can be ended, only by the coordinator of the
member's single council — a member of several councils has it listed by no coordinator (they can still end it
themselves from their own sessions page, and allauth purges the record). It never shows another council's activity.
"""

from importlib import import_module
from types import SimpleNamespace

from django.conf import settings
from django.contrib.auth import SESSION_KEY as AUTH_USER_KEY

from concerto.councils.middleware import current_memberships


def _session_data(session_key: str) -> dict:
    store = import_module(settings.SESSION_ENGINE).SessionStore(session_key)
    try:
        return dict(store.load())
    except Exception:  # noqa: BLE001 - an unreadable session is an unknown one, never a server error
        return {}


def works_for(user_session, council) -> bool:
    """Whether this session works for `council` (see the module docstring for an unknown council)."""
    data = _session_data(user_session.session_key)
    known = data.get(AUTH_USER_KEY) == str(user_session.user_id)
    memberships, current = current_memberships(SimpleNamespace(user=user_session.user, session=data))
    if not known:
        return len(memberships) == 1 and memberships[0].council_id == council.pk
    return current is not None and current.council_id == council.pk


def sessions_of(council, pk: int | None = None) -> list:
    """The open sessions of the council's active members that work for this council, most recent first (with
    `pk`, that session only, if it is one of them)."""
    from allauth.usersessions.models import UserSession

    candidates = (
        UserSession.objects.filter(
            user__memberships__council=council, user__memberships__is_active=True, user__is_active=True
        )
        .select_related("user")
        .order_by("-last_seen_at", "-pk")
    )
    if pk is not None:
        candidates = candidates.filter(pk=pk)
    return [session for session in candidates if works_for(session, council)]
