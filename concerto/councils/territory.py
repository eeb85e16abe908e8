"""Commune reference data, read from the shipped extract (no runtime dependency on ../shared)."""

import csv
import gzip
import unicodedata
from functools import cache
from pathlib import Path

from concerto.councils.models import Commune

EXTRACT = Path(__file__).resolve().parent / "data" / "communes.csv.gz"


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return text.lower().replace("-", " ").replace("'", " ")


@cache
def reference() -> dict[str, dict]:
    with gzip.open(EXTRACT, "rt", encoding="utf-8", newline="") as handle:
        return {row["insee_code"]: row for row in csv.DictReader(handle)}


def search(query: str, limit: int = 20) -> list[dict]:
    """Communes whose INSEE code, postal code or name matches `query`."""
    query = query.strip()
    if not query:
        return []
    if query.isdigit() or (len(query) == 5 and query[:2].upper() in ("2A", "2B")):
        hits = [
            r for r in reference().values() if r["insee_code"] == query.upper() or query in r["postal_codes"].split()
        ]
    else:
        folded = _fold(query)
        hits = [r for r in reference().values() if folded in _fold(r["name"])]
        hits.sort(key=lambda r: (not _fold(r["name"]).startswith(folded), r["name"]))
    return hits[:limit]


def commune_from_reference(insee_code: str) -> Commune | None:
    row = reference().get(insee_code.strip().upper())
    if row is None:
        return None
    commune, _created = Commune.objects.update_or_create(
        insee_code=row["insee_code"],
        defaults={
            "name": row["name"],
            "department_code": row["department_code"],
            "postal_codes": row["postal_codes"],
            "population": int(row["population"]) if row["population"] else None,
        },
    )
    return commune
