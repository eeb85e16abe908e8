"""Communes' outlines for the Bilan's map (issue 14), read from a GeoJSON file of commune contours.

The coordinates must be WGS 84 longitudes and latitudes (the Etalab « contours administratifs » and most
derivatives of IGN's ADMIN EXPRESS are). Each ring is simplified (Douglas–Peucker, `tolerance` in degrees) and
rounded to the ten-thousandth of a degree (about 10 m), then stored as an SVG path (`CommuneShape`). Projection
happens when the map is drawn: longitudes are scaled by the cosine of the map's mean latitude."""

from __future__ import annotations

import gzip
import json
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from concerto.councils.models import Commune, CommuneShape

UNIT = 10_000  # stored coordinates: ten-thousandths of a degree
DEFAULT_TOLERANCE = 0.0005  # degrees: about 50 m, invisible on a map a few hundred pixels wide
CODE_PROPERTIES = ("code", "insee", "code_insee", "insee_com", "codgeo", "INSEE_COM", "CODGEO", "INSEE")


class ShapeFileError(ValueError):
    """The file cannot be read as GeoJSON commune contours (message in French, for the operator)."""


def _perpendicular(point, start, end) -> float:
    (x, y), (x1, y1), (x2, y2) = point, start, end
    dx, dy = x2 - x1, y2 - y1
    if dx == 0 and dy == 0:
        return ((x - x1) ** 2 + (y - y1) ** 2) ** 0.5
    return abs(dy * x - dx * y + x2 * y1 - y2 * x1) / (dx * dx + dy * dy) ** 0.5


def simplify(points: list, tolerance: float) -> list:
    """Douglas–Peucker (iterative): the points of `points` kept so that none removed lies farther than `tolerance`
    from the simplified line. The first and last points are always kept."""
    if len(points) < 3 or tolerance <= 0:
        return list(points)
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        farthest, index = 0.0, None
        for i in range(first + 1, last):
            distance = _perpendicular(points[i], points[first], points[last])
            if distance > farthest:
                farthest, index = distance, i
        if index is not None and farthest > tolerance:
            keep[index] = True
            stack.extend([(first, index), (index, last)])
    return [p for p, kept in zip(points, keep, strict=True) if kept]


def _ring(coordinates: list, tolerance: float) -> list[tuple[int, int]]:
    """A ring simplified and rounded to `UNIT`, without repeated points; [] when it collapses."""
    try:
        points = [(float(c[0]), float(c[1])) for c in coordinates]
    except (TypeError, ValueError, IndexError) as error:
        raise ShapeFileError("Coordonnées illisibles dans un contour.") from error
    if any(not (-180 <= x <= 180 and -90 <= y <= 90) for x, y in points):
        raise ShapeFileError("Coordonnées hors des bornes de longitude et latitude : le fichier doit être en WGS 84.")
    rounded = []
    for x, y in simplify(points, tolerance):
        point = (round(x * UNIT), round(y * UNIT))
        if not rounded or rounded[-1] != point:
            rounded.append(point)
    if len(rounded) > 1 and rounded[0] == rounded[-1]:
        rounded.pop()
    return rounded if len(rounded) >= 3 else []


def _polygons(geometry: dict) -> list:
    kind = (geometry or {}).get("type")
    if kind == "Polygon":
        return [geometry["coordinates"]]
    if kind == "MultiPolygon":
        return geometry["coordinates"]
    raise ShapeFileError(f"Géométrie de type « {kind} » : un contour de commune est un Polygon ou un MultiPolygon.")


@dataclass
class Shape:
    path: str
    min_x: int
    min_y: int
    max_x: int
    max_y: int


def shape_of(geometry: dict, tolerance: float = DEFAULT_TOLERANCE) -> Shape | None:
    """The SVG path of a Polygon or MultiPolygon (holes drawn with the even-odd rule), None when it collapses."""
    rings = [ring for polygon in _polygons(geometry) for ring in (_ring(r, tolerance) for r in polygon) if ring]
    if not rings:
        return None
    path = "".join("M" + " ".join(f"{x} {y}" for x, y in ring) + "Z" for ring in rings)
    xs = [x for ring in rings for x, _ in ring]
    ys = [y for ring in rings for _, y in ring]
    return Shape(path, min(xs), min(ys), max(xs), max(ys))


def _code(properties: dict) -> str:
    for key in CODE_PROPERTIES:
        value = properties.get(key)
        if value:
            return str(value).strip().zfill(5)
    return ""


def read_features(path: Path) -> list[dict]:
    opener = gzip.open if path.suffix == ".gz" else open
    try:
        with opener(path, "rt", encoding="utf-8") as handle:
            data = json.load(handle)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ShapeFileError(f"Fichier GeoJSON illisible : {error}") from error
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        raise ShapeFileError("Le fichier n'est pas une FeatureCollection GeoJSON.")
    return data.get("features") or []


@dataclass
class LoadResult:
    loaded: int = 0
    unknown: int = 0  # codes absent from the communes' table (former communes, another country…)
    collapsed: int = 0  # outlines that vanish once simplified (tiny islands)


@transaction.atomic
def load_shapes(
    features: list[dict], *, department: str = "", tolerance: float = DEFAULT_TOLERANCE, source: str = ""
) -> LoadResult:
    """Creates or replaces the outline of each known commune of `features` (of one département when given)."""
    communes = Commune.objects.all()
    if department:
        communes = communes.filter(department_code=department)
    known = set(communes.values_list("insee_code", flat=True))
    result, shapes = LoadResult(), {}
    for feature in features:
        code = _code(feature.get("properties") or {})
        if code not in known:
            result.unknown += department == ""  # another département's commune is expected, not unknown
            continue
        shape = shape_of(feature.get("geometry"), tolerance)
        if shape is None:
            result.collapsed += 1
            continue
        shapes[code] = shape
    ids = dict(Commune.objects.filter(insee_code__in=shapes).values_list("insee_code", "pk"))
    CommuneShape.objects.filter(commune_id__in=ids.values()).delete()
    CommuneShape.objects.bulk_create(
        CommuneShape(commune_id=ids[code], source=source[:200], **vars(shape)) for code, shape in shapes.items()
    )
    result.loaded = len(shapes)
    return result
