"""View decorators: membership of the current council and role checks."""

from collections.abc import Callable
from functools import wraps

from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from concerto.accounts.enums import Role


def member_required(*roles: Role) -> Callable:
    """The user must be an active member of the current council; with `roles`, hold one of them.

    Without a membership the page says so (the user may have been removed from every council);
    with the wrong role the answer is 403.
    """

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.membership is None:
                return render(request, "core/no_council.html", status=403)
            if roles and request.membership.role not in roles:
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


coordinator_required = member_required(Role.COORDINATOR)
