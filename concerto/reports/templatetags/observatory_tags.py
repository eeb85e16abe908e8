"""The Bilan page's notice of the observatories (issue 14): the requests waiting for the coordinator's answer, and
the links to the pages « Observatoires » (the council as a member) and « Observatoire » (the council as one)."""

from django import template

from concerto.core.roles import Role
from concerto.reports import observatory

register = template.Library()


@register.inclusion_tag("reports/observatory_notice.html", takes_context=True)
def observatory_notice(context) -> dict:
    request = context["request"]
    role = request.membership.role if request.membership else None
    coordinator = role == Role.COORDINATOR
    return {
        "pending": list(observatory.pending_for(request.council)) if coordinator else [],
        "members_page": role in (Role.COORDINATOR, Role.DPO),
        "observatory_page": coordinator or observatory.consenting(request.council).exists(),
    }
