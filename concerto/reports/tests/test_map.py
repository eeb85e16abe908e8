"""The Bilan's map of alerts by commune (issue 14): outlines loaded from a GeoJSON file (three square communes made
by hand: the project ships no contours), one path per commune coloured by class of counts, titles and colours
suppressed for a reader outside the cell without revealing a hidden count, and a clean note without outlines."""

import gzip
import html
import io
import json
import re

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from concerto.accounts.enums import Role
from concerto.core.registry import registry
from concerto.core.typography import french_spaces as fr
from concerto.councils.models import CommuneShape
from concerto.councils.shapes import shape_of, simplify
from concerto.factories import CommuneFactory, CouncilFactory
from concerto.reports import map as alert_map
from concerto.reports.suppression import Suppressed
from concerto.situations.tests.factories import AlertFactory

pytestmark = pytest.mark.django_db
CODES = ("99001", "99002", "99003")


def square(x: float, y: float, side: float = 0.1) -> list:
    return [[[x, y], [x + side, y], [x + side, y + side], [x, y + side], [x, y]]]


def collection(*features) -> dict:
    return {"type": "FeatureCollection", "features": list(features)}


def feature(code: str, geometry: dict, key: str = "code") -> dict:
    return {"type": "Feature", "properties": {key: code, "nom": "?"}, "geometry": geometry}


def three_squares() -> dict:
    return collection(
        *(feature(code, {"type": "Polygon", "coordinates": square(2 + i / 10, 48)}) for i, code in enumerate(CODES)),
        feature("99999", {"type": "Polygon", "coordinates": square(3, 48)}),  # a commune the table does not know
    )


@pytest.fixture
def geojson(tmp_path):
    path = tmp_path / "communes.geojson.gz"
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        json.dump(three_squares(), handle)
    return path


@pytest.fixture
def council(geojson):
    """Three communes of the territory with outlines: Aval (no alert), Bourg (2 alerts) and Cime (6 alerts)."""
    names = ("Aval", "Bourg", "Cime")
    communes = [CommuneFactory(insee_code=code, name=name) for code, name in zip(CODES, names, strict=True)]
    council = CouncilFactory(communes=communes)
    call_command("load_commune_shapes", str(geojson), stdout=io.StringIO())
    today = timezone.localdate()
    for commune, count in zip(communes, (0, 2, 6), strict=True):
        for _ in range(count):
            AlertFactory(council=council, commune=commune, received_on=today)
    return council


def paths(page: str) -> dict[str, dict]:
    """{INSEE code: {"class", "fill", "title"}} for each commune drawn on the map."""
    found = {}
    for match in re.finditer(
        r'<path d="[^"]*" fill="([^"]+)" class="([^"]+)" data-commune="(\d+)"[^>]*>\s*<title>([^<]*)</title>', page
    ):
        fill, css, code, title = match.groups()
        found[code] = {"fill": fill, "class": css, "title": html.unescape(title)}
    return found


def test_the_loader_reads_a_gzipped_geojson_and_skips_unknown_codes(geojson, capsys):
    for code in CODES:
        CommuneFactory(insee_code=code)
    call_command("load_commune_shapes", str(geojson))
    assert "3 contours de communes chargés" in capsys.readouterr().out
    first = CommuneShape.objects.get(commune__insee_code="99001")
    assert (first.min_x, first.min_y, first.max_x, first.max_y) == (20000, 480000, 21000, 481000)
    assert first.path == "M20000 480000 21000 480000 21000 481000 20000 481000Z"
    call_command("load_commune_shapes", str(geojson))  # loading again replaces, never duplicates
    assert CommuneShape.objects.count() == 3


def test_the_loader_keeps_one_department_and_reads_other_property_names(tmp_path):
    CommuneFactory(insee_code="99001", department_code="99")
    CommuneFactory(insee_code="59350", department_code="59")
    path = tmp_path / "ign.geojson"
    path.write_text(json.dumps(collection(
        feature("99001", {"type": "Polygon", "coordinates": square(2, 48)}, key="INSEE_COM"),
        feature("59350", {"type": "MultiPolygon", "coordinates": [square(3, 50), square(3.2, 50)]}, key="INSEE_COM"),
    )))  # fmt: skip
    call_command("load_commune_shapes", str(path), departement="59", stdout=io.StringIO())
    shape = CommuneShape.objects.get()
    assert shape.commune.insee_code == "59350"
    assert shape.path.count("M") == 2  # both islands of the MultiPolygon


def test_the_loader_refuses_projected_coordinates_in_french(tmp_path):
    CommuneFactory(insee_code="99001")
    path = tmp_path / "lambert93.geojson"
    path.write_text(
        json.dumps(collection(feature("99001", {"type": "Polygon", "coordinates": square(650000, 6860000)})))
    )
    with pytest.raises(CommandError, match="WGS 84"):
        call_command("load_commune_shapes", str(path))
    path.write_text("{pas du json")
    with pytest.raises(CommandError, match="illisible"):
        call_command("load_commune_shapes", str(path))
    assert not CommuneShape.objects.exists()


def test_douglas_peucker_drops_points_within_the_tolerance_only():
    line = [(0, 0), (1, 0.00001), (2, 0), (3, 1), (4, 0)]
    assert simplify(line, 0.001) == [(0, 0), (2, 0), (3, 1), (4, 0)]
    assert simplify(line, 0) == line
    jagged = {"type": "Polygon", "coordinates": [[[0, 0], [0.5, 0.0001], [1, 0], [1, 1], [0, 1], [0, 0]]]}
    assert shape_of(jagged, tolerance=0.001).path == "M0 0 10000 0 10000 10000 0 10000Z"
    assert shape_of({"type": "Polygon", "coordinates": [[[0, 0], [0.00001, 0], [0, 0.00001], [0, 0]]]}) is None


def test_the_coordinator_sees_one_path_per_commune_coloured_by_its_count(council, client, member_factory):
    client.force_login(member_factory(council, Role.COORDINATOR).user)
    page = client.get(reverse("reports:bilan")).content.decode()
    drawn = paths(page)
    assert set(drawn) == set(CODES)
    assert [drawn[code]["class"] for code in CODES] == ["carte-classe-aucune", "carte-classe-faible",
                                                       "carte-classe-moyenne"]  # fmt: skip
    assert [drawn[code]["title"] for code in CODES] == [fr("Aval : 0 alerte"), fr("Bourg : 2 alertes"),
                                                       fr("Cime : 6 alertes")]  # fmt: skip
    assert 'role="img"' in page and fr("« Alertes reçues par commune »") in page  # the table the map refers to
    assert "De 1 à 4 alertes" in page and "De 5 à 9 alertes" in page  # the legend, from the council's k
    assert fr("Contours des communes : communes.geojson.gz.") in page  # the provenance, credited
    assert 'style="' not in page.split('data-carte="alertes-par-commune"')[1].split("</svg>")[0]  # CSP: no inline style


def test_a_reader_outside_the_cell_learns_nothing_more_from_the_colour(council, client, member_factory):
    """Bourg (2 alerts) and Dune (4 alerts) are both « < 5 », in the same colour: the colour tells no more."""
    fourth = CommuneFactory(insee_code="99004", name="Dune")
    council.communes.add(fourth)
    CommuneShape.objects.create(commune=fourth, path="M23000 480000 24000 480000 24000 481000Z", min_x=23000,
                                min_y=480000, max_x=24000, max_y=481000)  # fmt: skip
    for _ in range(4):
        AlertFactory(council=council, commune=fourth, received_on=timezone.localdate())
    client.force_login(member_factory(council, Role.OBSERVER).user)
    page = client.get(reverse("reports:bilan")).content.decode()
    drawn = paths(page)
    assert drawn["99002"]["title"] == fr("Bourg : < 5 alertes")
    assert drawn["99004"]["title"] == fr("Dune : < 5 alertes")
    assert drawn["99002"]["fill"] == drawn["99004"]["fill"] and drawn["99002"]["class"] == drawn["99004"]["class"]
    assert drawn["99001"]["title"] == fr("Aval : 0 alerte")
    assert "De 1 à 4 alertes" not in page
    assert fr("&lt; 5 (effectif masqué)") in page
    for code, area in drawn.items():  # no exact small count anywhere in a title
        assert not re.search(r": [1-4] alerte", area["title"]), code


def test_the_map_never_shows_a_count_its_table_hides():
    """With the page's `alerts_by_commune` table, a commune hidden there (secondary suppression) is hidden on the map
    even when its count is k or more; it then takes the « < k » class."""
    communes = [CommuneFactory(name=name) for name in ("Aval", "Bourg")]
    council = CouncilFactory(communes=communes)
    today = timezone.localdate()
    for commune, count in zip(communes, (2, 7), strict=True):
        for _ in range(count):
            AlertFactory(council=council, commune=commune, received_on=today)
    drawn = alert_map.build(council, today, today, exact=False, k=5, hidden_labels={"Aval", "Bourg"})
    assert [area.value for area in drawn.areas] == [Suppressed(5), Suppressed(5)]
    assert drawn.areas[0].bucket == drawn.areas[1].bucket
    alone = alert_map.build(council, today, today, exact=False, k=5)  # its own table: secondary suppression too
    assert [area.value for area in alone.areas] == [Suppressed(5), Suppressed(5)]
    exact = alert_map.build(council, today, today, exact=True, k=5)
    assert [area.value for area in exact.areas] == [2, 7]


def test_without_the_indicator_the_map_comes_with_its_own_table(council, client, member_factory, monkeypatch):
    monkeypatch.setattr(registry, "indicators", [i for i in registry.indicators if i.code != "alerts_by_commune"])
    client.force_login(member_factory(council, Role.COORDINATOR).user)
    page = client.get(reverse("reports:bilan")).content.decode()
    assert "<caption>Alertes reçues par commune</caption>" in page
    assert '<td data-commune="99003">6</td>' in page
    assert len(paths(page)) == 3


def test_without_outlines_the_page_says_the_map_is_unavailable(client, member_factory):
    council = CouncilFactory()
    client.force_login(member_factory(council, Role.COORDINATOR).user)
    page = client.get(reverse("reports:bilan")).content.decode()
    assert fr("Carte indisponible : contours des communes non chargés.") in page
    assert not paths(page)


def test_a_commune_without_an_outline_is_named_under_the_map(council, client, member_factory):
    council.communes.add(CommuneFactory(name="Sans-Contour"))
    client.force_login(member_factory(council, Role.COORDINATOR).user)
    page = client.get(reverse("reports:bilan")).content.decode()
    assert fr("communes absentes de la carte : Sans-Contour.") in page
    assert len(paths(page)) == 3
