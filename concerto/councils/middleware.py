SESSION_KEY = "concerto_council_id"


def current_memberships(request):
    memberships = list(
        request.user.memberships.active().select_related("council", "organisation").order_by("council__name")
    )
    wanted = request.session.get(SESSION_KEY)
    current = next((m for m in memberships if m.council_id == wanted), memberships[0] if memberships else None)
    return memberships, current


class CurrentCouncilMiddleware:
    """Sets request.memberships, request.membership and request.council (the tenant of every query).

    A user sees only the councils they are an active member of; the choice is kept in the session.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.memberships, request.membership = [], None
        if request.user.is_authenticated:
            request.memberships, request.membership = current_memberships(request)
        request.council = request.membership.council if request.membership else None
        return self.get_response(request)
