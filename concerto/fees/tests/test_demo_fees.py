"""The demo's fees and library: the year's calls equal population × rate computed here by hand from the Etalab
populations of the six member communes, plus the hospital's fixed share; some paid, some partly, some not."""

from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.utils import timezone

from concerto.councils.models import Commune, Council
from concerto.demo.services import load_demo
from concerto.documents.models import LibraryDocument
from concerto.fees.access import with_balance
from concerto.fees.models import FeeCall

pytestmark = pytest.mark.django_db

# INSEE code → population légale 2023 as shipped in concerto/councils/data/communes.csv.gz (Etalab 6.0.0).
POPULATIONS = {"59017": 26998, "59317": 7921, "59143": 8754, "59202": 5341, "59252": 2609, "59088": 1775}


def test_demo_calls_equal_population_times_rate():
    load_demo()
    load_demo()  # idempotent: reloading keeps one call per member and year, and the payments
    council = Council.objects.get(code="VAL")
    calls = with_balance(FeeCall.objects.filter(council=council, year=timezone.localdate().year))
    by_commune = {c.member.commune.insee_code: c for c in calls if c.member.commune_id}
    assert Commune.objects.filter(insee_code__in=POPULATIONS).count() == 6
    for code, population in POPULATIONS.items():
        expected = (Decimal(population) * Decimal("0.40")).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        assert by_commune[code].population == population
        assert by_commune[code].amount == expected, code
    assert by_commune["59017"].amount == Decimal("10799.20")  # 26 998 × 0,40
    hospital = next(c for c in calls if c.member.organisation_id)
    assert hospital.amount == Decimal("5000.00")
    assert len(calls) == 7
    statuses = sorted("paid" if c.balance <= 0 else "partial" if c.paid > 0 else "unpaid" for c in calls)
    assert statuses == ["paid", "paid", "partial", "partial", "unpaid", "unpaid", "unpaid"]
    titles = set(LibraryDocument.objects.filter(council=council).values_list("title", flat=True))
    assert "Guide d'utilisation de la cellule" in titles
    assert council.cells.first().charters.exists()  # the charter the library links to
