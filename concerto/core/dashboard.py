"""What the home page shows: the panels the apps declare (core's registry), for the reader's role.
Each panel's context function keeps its lists bounded (a few queries, whatever the size of the council).

The "todo" zone is the page's first block, « À faire maintenant »: its panels return a list of to-dos instead of a
template's data, each `{"label": "Qualifier 2 alertes", "url": …, "hint": ""}`, only the ones with something to do;
the page shows them together (their `template` is not used)."""

from concerto.core.registry import registry

ZONES = ("notices", "coordination", "member")
TODO_ZONE = "todo"


def panels(request) -> dict[str, list[dict]]:
    """{zone: [{"name", "template", "data"}]} for the panels the member's role may see, in the declared order, and
    under "todo" the to-dos of the todo panels, in their declared order."""
    role = request.membership.role
    zones = {
        zone: [
            {"name": panel.name, "template": panel.template, "data": panel.context(request)}
            for panel in registry.panels_for(role, zone)
        ]
        for zone in ZONES
    }
    zones[TODO_ZONE] = [item for panel in registry.panels_for(role, TODO_ZONE) for item in panel.context(request)]
    return zones


def todo(label: str, url: str, hint: str = "") -> dict:
    """One to-do of the « À faire maintenant » block."""
    return {"label": label, "url": url, "hint": hint}


def count_label(count: int, singular: str, plural: str) -> str:
    """« 1 alerte », « 2 alertes »."""
    return f"{count} {singular if count == 1 else plural}"
