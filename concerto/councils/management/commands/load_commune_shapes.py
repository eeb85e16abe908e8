from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from concerto.councils.shapes import DEFAULT_TOLERANCE, ShapeFileError, load_shapes, read_features


class Command(BaseCommand):
    help = (
        "Charge les contours des communes (carte des alertes du bilan) depuis un fichier GeoJSON en WGS 84, "
        "éventuellement compressé (.gz) : voir concerto/councils/data/README.md."
    )

    def add_arguments(self, parser):
        parser.add_argument("fichier", type=Path, help="FeatureCollection GeoJSON des communes (.geojson ou .gz).")
        parser.add_argument("--departement", default="", help="Ne charger que les communes de ce département.")
        parser.add_argument(
            "--tolerance",
            type=float,
            default=DEFAULT_TOLERANCE,
            help=f"Simplification (Douglas–Peucker), en degrés ; {DEFAULT_TOLERANCE} par défaut (environ 50 m).",
        )
        parser.add_argument("--source", default="", help="Provenance enregistrée avec chaque contour.")

    def handle(self, *args, **options):
        path = options["fichier"]
        try:
            features = read_features(path)
            result = load_shapes(
                features,
                department=options["departement"],
                tolerance=options["tolerance"],
                source=options["source"] or path.name,
            )
        except ShapeFileError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(f"{result.loaded} contours de communes chargés."))
        if result.unknown:
            self.stdout.write(f"{result.unknown} codes INSEE absents du référentiel des communes, ignorés.")
        if result.collapsed:
            self.stdout.write(f"{result.collapsed} contours trop petits une fois simplifiés, ignorés.")
