"""The header's « Instances » and « Projets » entries: shown to the coordinator, the members of the bodies, and any
member who sits in a body or pilots (or whose organisation is a partner of) a project (core may not import
governance)."""

from django import template

from concerto.governance.access import shows_governance

register = template.Library()


@register.simple_tag(takes_context=True)
def governance_in_menu(context) -> bool:
    request = context.get("request")
    return request is not None and shows_governance(request)
