"""The Bilan's map of alerts received by commune (issue 14): a choropleth drawn server-side as SVG.

One path per commune of the council that has an outline (`councils.CommuneShape`), coloured by a class of counts
set from the council's threshold k: none, 1 to k − 1, k to 2k − 1, 2k to 4k − 1, 4k and more. For a reader outside
the cell the counts go through the same suppression as every other breakdown (`suppression.breakdown`) and every
hidden count — under k, or hidden so that it cannot be recovered by subtraction — takes the one class « < k »: the
colour tells no more than the figure. The table is the source and the picture only repeats it: the table of the
`alerts_by_commune` indicator when it is registered (the map follows its suppression), else the map's own table."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date

from concerto.reports import suppression
from concerto.reports.suppression import Suppressed
from concerto.situations.indicators import alerts_by_commune_code

PADDING = 0.02  # share of the map's width or height left around the communes


@dataclass(frozen=True)
class Bucket:
    key: str
    label: str
    fill: str


@dataclass
class Area:
    name: str
    code: str
    value: object  # int or Suppressed
    bucket: Bucket | None = None
    path: str = ""

    @property
    def shown(self) -> str:
        return str(self.value)

    @property
    def title(self) -> str:
        unit = "alertes" if isinstance(self.value, Suppressed) or self.value > 1 else "alerte"
        return f"{self.name} : {self.value} {unit}"


@dataclass
class AlertMap:
    areas: list[Area] = field(default_factory=list)  # every commune of the council, for the table
    legend: list[Bucket] = field(default_factory=list)
    view_box: str = ""
    transform: str = ""
    missing: list[str] = field(default_factory=list)  # communes without an outline
    sources: list[str] = field(default_factory=list)  # the outlines' provenance, credited under the map

    @property
    def drawn(self) -> list[Area]:
        return [area for area in self.areas if area.path]

    @property
    def available(self) -> bool:
        return bool(self.drawn)


def buckets(k: int, *, exact: bool) -> list[Bucket]:
    small = f"De 1 à {k - 1} alertes" if exact else f"< {k} (effectif masqué)"
    return [
        Bucket("aucune", "Aucune alerte", "#f6f6f6"),
        Bucket("faible", small, "#e3e3fd"),
        Bucket("moyenne", f"De {k} à {2 * k - 1} alertes", "#a1a1f8"),
        Bucket("forte", f"De {2 * k} à {4 * k - 1} alertes", "#6a6af4"),
        Bucket("tres-forte", f"{4 * k} alertes et plus", "#000091"),
    ]


def bucket_of(value, k: int, legend: list[Bucket]) -> Bucket:
    """A hidden count falls in the class « < k » whatever it hides: the colour never reveals more than the title."""
    none, small, middle, high, top = legend
    if isinstance(value, Suppressed):
        return small
    if value == 0:
        return none
    if value < k:
        return small
    if value < 2 * k:
        return middle
    return high if value < 4 * k else top


def _number(value: float) -> str:
    return f"{value:.4f}".rstrip("0").rstrip(".")


def _frame(shapes) -> tuple[str, str]:
    """The viewBox and the transform that project longitude and latitude (ten-thousandths of a degree) onto the
    plane: longitudes scaled by the cosine of the mean latitude, latitudes turned upside down (SVG's y goes down)."""
    min_x, min_y = min(s.min_x for s in shapes), min(s.min_y for s in shapes)
    max_x, max_y = max(s.max_x for s in shapes), max(s.max_y for s in shapes)
    scale = math.cos(math.radians((min_y + max_y) / 2 / 10_000))
    width, height = max(1.0, (max_x - min_x) * scale), max(1.0, float(max_y - min_y))
    pad = PADDING * max(width, height)
    box = [min_x * scale - pad, -max_y - pad, width + 2 * pad, height + 2 * pad]
    return " ".join(_number(v) for v in box), f"scale({_number(scale)} -1)"


def _hide(communes, values: list, k: int, hidden_labels: set[str]) -> list:
    """The counts hidden from a reader outside the cell when the page also shows the `alerts_by_commune` table: each
    count under k, and each commune hidden in that table (its rows are labelled by name, with the département when
    two rows share a name), so that the map never shows a figure the table hides."""
    return [
        Suppressed(k)
        if 0 < value < k
        or commune.name in hidden_labels
        or f"{commune.name} ({commune.department_code})" in hidden_labels
        else value
        for commune, value in zip(communes, values, strict=True)
    ]


def build(
    council, start: date, end: date, *, cell=None, exact: bool, k: int | None = None, hidden_labels: set | None = None
) -> AlertMap:
    """`hidden_labels`: the rows hidden in the page's `alerts_by_commune` table, when the page has one (the map then
    refers to it); None when the map comes with its own table (its counts then go through `suppression.breakdown`)."""
    k = k or suppression.threshold_for(council)
    communes = list(council.communes.select_related("shape").order_by("name", "insee_code"))
    counts = alerts_by_commune_code(council, start, end, cell)
    values = [counts.get(commune.insee_code, 0) for commune in communes]
    if not exact:
        values = (
            suppression.breakdown(values, k)[0] if hidden_labels is None else _hide(communes, values, k, hidden_labels)
        )
    legend = buckets(k, exact=exact)
    result = AlertMap(legend=legend)
    shapes = []
    for commune, value in zip(communes, values, strict=True):
        shape = getattr(commune, "shape", None)
        area = Area(commune.name, commune.insee_code, value, bucket_of(value, k, legend))
        if shape is not None:
            area.path = shape.path
            shapes.append(shape)
        else:
            result.missing.append(commune.name)
        result.areas.append(area)
    if shapes:
        result.view_box, result.transform = _frame(shapes)
        result.sources = sorted({shape.source for shape in shapes if shape.source})
    return result
