"""Builds concerto/councils/data/communes.csv.gz from Etalab's découpage administratif.

Source: npm package @etalab/decoupage-administratif 6.0.0 (MIT licence), data/communes.json.
Keeps current communes and Paris/Lyon/Marseille arrondissements: INSEE code, name, département,
postal codes, population. Usage: python scripts/make_communes_extract.py ../shared/data/decoupage-administratif-6.0.0
"""

import csv
import gzip
import json
import sys
from pathlib import Path

KEPT_TYPES = {"commune-actuelle", "arrondissement-municipal"}


def main(source: Path, target: Path) -> int:
    communes = json.loads((source / "data" / "communes.json").read_text(encoding="utf-8"))
    rows = sorted(
        (
            c["code"],
            c["nom"],
            c.get("departement", ""),
            " ".join(c.get("codesPostaux", [])),
            c.get("population", ""),
        )
        for c in communes
        if c.get("type") in KEPT_TYPES
    )
    with gzip.open(target, "wt", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["insee_code", "name", "department_code", "postal_codes", "population"])
        writer.writerows(rows)
    print(f"{len(rows)} communes written to {target}")
    return 0


if __name__ == "__main__":
    sys.exit(
        main(
            Path(sys.argv[1]),
            Path(__file__).resolve().parent.parent / "concerto/councils/data/communes.csv.gz",
        )
    )
