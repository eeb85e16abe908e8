"""View decorators: membership of the current council and role checks; the pages opened by a secret link."""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from concerto.core.roles import Role

# Roles that read and never write: any request other than a read is refused on every member page.
READ_ONLY_ROLES = frozenset({Role.OBSERVER})
READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def member_required(*roles: Role) -> Callable:
    """The user must be an active member of the current council; with `roles`, hold one of them.

    Without a membership the page says so (the user may have been removed from every council);
    with the wrong role the answer is 403. A read-only role (the observer) gets 403 on any write (POST, PUT, PATCH,
    DELETE) on every page this decorator guards, whatever the page lets other members do. The pages outside it
    stay open to them: logout, their own password, second factor and sessions (allauth, under /comptes/), the
    council switch, and the pages authorised by a token rather than a membership (invitation acceptance, a secure
    alert link, a slot poll answer) — see docs/security.md.
    """

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.membership is None:
                return render(request, "core/no_council.html", status=403)
            if roles and request.membership.role not in roles:
                raise PermissionDenied
            if request.membership.role in READ_ONLY_ROLES and request.method not in READ_METHODS:
                raise PermissionDenied("Rôle en lecture seule.")
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


coordinator_required = member_required(Role.COORDINATOR)


def token_page(view):
    """A page opened by a link holding a secret token, without an account (invitation, secure alert link, poll
    answer, item guest, external action owner, event registration, cancellation and evaluation): open without a
    login, never cached, never indexed, and its address never sent to another site.

    "same-origin" rather than "no-referrer": under "no-referrer" a browser posts the page's own forms with
    `Origin: null`, which Django's CSRF check refuses (403); "same-origin" still sends no referrer to any other
    site. `concerto/tests/test_token_pages.py` checks every URL holding a token."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response["Cache-Control"] = "no-store"
        response["Referrer-Policy"] = "same-origin"
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response

    return login_not_required(wrapper)
