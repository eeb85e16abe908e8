"""The header's « Commission appartement » entry: shown to the coordinator, the commission's members and the
landlords of its places (core's context processor may not import the housing app)."""

from django import template

from concerto.housing.access import shows_housing

register = template.Library()


@register.simple_tag(takes_context=True)
def housing_in_menu(context) -> bool:
    request = context.get("request")
    return request is not None and shows_housing(request)


@register.simple_tag(takes_context=True)
def housing_care_team_in_menu(context) -> bool:
    """The « Mes demandes de logement » entry: a partner of a care team (health or social profession)."""
    from concerto.housing.care_team import is_care_team

    request = context.get("request")
    return request is not None and is_care_team(request)
