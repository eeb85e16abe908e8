"""What the home page shows: the panels the apps declare (core's registry), for the reader's role.
Each panel's context function keeps its lists bounded (a few queries, whatever the size of the council)."""

from concerto.core.registry import registry

ZONES = ("notices", "coordination", "member")


def panels(request) -> dict[str, list[dict]]:
    """{zone: [{"name", "template", "data"}]} for the panels the member's role may see, in the declared order."""
    role = request.membership.role
    return {
        zone: [
            {"name": panel.name, "template": panel.template, "data": panel.context(request)}
            for panel in registry.panels_for(role, zone)
        ]
        for zone in ZONES
    }
