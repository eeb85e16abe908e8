"""`{% alert_map report result %}`: the map of alerts by commune, drawn for the Bilan's period, cell and reader.

Inside the loop over the indicators, pass the current `result`: the map is drawn after the `alerts_by_commune`
table and refers to it. After the loop, without a result: the map is drawn with its own table, only when that
indicator is not registered."""

from django import template

from concerto.reports import map as alert_map

register = template.Library()
INDICATOR = "alerts_by_commune"


@register.inclusion_tag("reports/_carte.html")
def alert_map_section(report, result=None) -> dict:
    if result is not None and result.indicator.code != INDICATOR:
        return {"map": None}
    if result is None and any(r.indicator.code == INDICATOR for r in report.results):
        return {"map": None}
    hidden = {row.label for row in result.rows if row.hidden} | result.merged_labels if result is not None else None
    drawn = alert_map.build(
        report.council, report.start, report.end, cell=report.cell, exact=report.exact, k=report.threshold,
        hidden_labels=hidden,
    )  # fmt: skip
    return {"map": drawn, "own_table": result is None, "indicator": result.indicator if result else None}
