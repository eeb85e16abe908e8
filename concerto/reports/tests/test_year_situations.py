"""The situations app's indicators on the year of activity with known answers (concerto/reports/tests/year.py, whose
docstring gives the answers): alerts by commune, QPV, problem, urgency, person mode and consent at alert; the delay
from the alert to the first session; situations reviewed, reopened, under watch, discussed anonymously; and the new
situations by age band, sex, housing status and legal protection. Rows are compared in their order."""

import pytest

from concerto.reports import report
from concerto.situations.enums import Problem

pytestmark = pytest.mark.django_db

# The indicators this module asserts (test_year.py's guard unites it with the other year modules' COVERED).
COVERED = {
    "alerts_by_commune",
    "alerts_in_qpv",
    "alerts_by_problem",
    "alerts_by_urgency",
    "alerts_by_person_mode",
    "alerts_by_consent",
    "first_session_delay",
    "first_session_within_target",
    "situations_reviewed",
    "situations_reopened",
    "situations_under_watch",
    "situations_anonymous_discussed",
    "situations_by_age_band",
    "situations_by_sex",
    "situations_by_housing_status",
    "situations_by_legal_protection",
}
PROBLEMS = dict(Problem.choices)


def rows(result: report.Report) -> dict:
    """Each indicator's rows by code, as (label, value) pairs in their order (a single figure: its value)."""
    return {
        r.indicator.code: r.rows[0].value if r.single else [(row.label, row.value) for row in r.rows]
        for r in result.results
    }


@pytest.fixture
def exact(year) -> dict:
    return rows(report.build(year.council, year.start, year.end, exact=True, codes=COVERED))


def test_alerts_by_commune_and_in_a_qpv(exact):
    assert exact["alerts_by_commune"] == [
        ("Commune Alpha", 1), ("Commune Beta", 1), ("Commune Delta", 1), ("Commune Epsilon", 1), ("Commune Gamma", 1),
    ]  # fmt: skip
    assert exact["alerts_in_qpv"] == 1


def test_alerts_by_problem_six_mentions_over_five_alerts(exact):
    assert exact["alerts_by_problem"] == [
        (PROBLEMS["neighbour_conflict"], 1), (PROBLEMS["danger"], 1), (PROBLEMS["unpaid_rent"], 1),
        (PROBLEMS["hoarding"], 1), (PROBLEMS["isolation"], 1), (PROBLEMS["care_refusal"], 1),
    ]  # fmt: skip


def test_alerts_by_urgency_person_mode_and_consent_at_alert(exact):
    assert exact["alerts_by_urgency"] == [
        ("Peu urgente", 2), ("À traiter dans le mois", 1), ("Urgente (dans la semaine)", 2),
    ]  # fmt: skip
    assert exact["alerts_by_person_mode"] == [("Anonyme", 2), ("Initiales", 2), ("Nominatif", 1)]
    assert exact["alerts_by_consent"] == [
        ("Non demandé", 1), ("Refusé", 1), ("Donné", 2), ("Partiel (personne informée, accord non recueilli)", 1),
    ]  # fmt: skip


def test_delay_from_the_alert_to_the_first_session(exact):
    """A1 6 days (s2), A2 20 (s4, S0's first discussion ever), A3 41 (s9: August off)."""
    assert exact["first_session_delay"] == [("Médiane", 20.0), ("Maximum", 41)]
    assert exact["first_session_within_target"] == [("Dans l'objectif du conseil (30 jours)", 66.7)]


def test_situations_reviewed_reopened_under_watch_and_discussed_anonymously(exact):
    assert exact["situations_reviewed"] == 6  # S0 … S5, each with a review item in a held session of Y
    assert exact["situations_reopened"] == 1  # S4, on 20/10
    assert exact["situations_under_watch"] == 1  # S2 (closed 15/10, watch until 15/04/Y+1)
    assert exact["situations_anonymous_discussed"] == 1  # S3


def test_new_situations_by_age_band_sex_housing_and_legal_protection(exact):
    """S2, S3 and S4 were opened in Y."""
    assert exact["situations_by_age_band"] == [
        ("Moins de 18 ans", 0), ("18 à 24 ans", 1), ("25 à 39 ans", 0), ("40 à 59 ans", 1), ("60 à 74 ans", 0),
        ("75 ans et plus", 1), ("Inconnu", 0),
    ]  # fmt: skip
    assert exact["situations_by_sex"] == [("Femme", 1), ("Homme", 1), ("Autre ou non précisé", 0), ("Non renseigné", 1)]
    assert exact["situations_by_housing_status"] == [
        ("Locataire du parc social", 0), ("Locataire du parc privé", 1), ("Propriétaire", 1),
        ("Hébergé·e (famille, tiers, structure)", 0), ("Sans domicile", 1), ("Autre", 0), ("Non renseigné", 0),
    ]  # fmt: skip
    assert exact["situations_by_legal_protection"] == [
        ("Aucune", 1), ("Demande en cours", 0), ("Sauvegarde de justice", 0), ("Curatelle", 0), ("Tutelle", 1),
        ("Inconnue", 1),
    ]  # fmt: skip


def test_the_cells_split_the_year(year):
    """Cell B received A5 only (low urgency, anonymous, given) and discussed S5 (a review) on 19/03."""
    cell_b = rows(report.build(year.council, year.start, year.end, cell=year.cells["B"], exact=True, codes=COVERED))
    assert cell_b["alerts_by_urgency"] == [
        ("Peu urgente", 1), ("À traiter dans le mois", 0), ("Urgente (dans la semaine)", 0),
    ]  # fmt: skip
    assert cell_b["alerts_by_commune"] == [("Commune Epsilon", 1)]
    assert cell_b["alerts_by_problem"] == [(PROBLEMS["danger"], 1)]
    assert cell_b["situations_reviewed"] == 1
    assert cell_b["first_session_delay"] == [("Médiane", None), ("Maximum", None)]
    assert cell_b["situations_anonymous_discussed"] == 0
