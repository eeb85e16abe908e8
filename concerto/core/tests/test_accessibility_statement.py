"""The accessibility statement follows the RGAA model (issue 11): non conforme until audited, its date, what the
automated tests cover, the non-accessible content and derogations, the test environment, contact and remedies."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

SECTIONS = (
    "État de conformité",
    "Résultats des tests",
    "Contenus non accessibles",
    "Dérogations pour charge disproportionnée",
    "Contenus non soumis à l'obligation d'accessibilité",
    "Établissement de cette déclaration d'accessibilité",
    "Environnement de test",
    "Retour d'information et contact",
    "Voies de recours",
)


def test_the_statement_follows_the_rgaa_model(client):
    response = client.get(reverse("accessibility"))
    assert response.status_code == 200
    html = response.content.decode()
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html)).replace("\u00a0", " ").replace("\u202f", " ")
    headings = {re.sub(r"\s+", " ", h).strip() for h in re.findall(r"<h[23][^>]*>(.*?)</h[23]>", html, re.S)}
    for section in SECTIONS:
        assert section.replace("'", "&#x27;") in headings or section in headings, section
    assert "État de conformité : non conforme" in text
    assert re.search(r"Cette déclaration a été établie le \d{1,2} \w+ 20\d\d", text)
    assert "axe-core" in text and "Chromium" in text and "relevés de décisions" in text
    assert "formulaire en ligne" in text and "délégué du Défenseur des droits" in text
    assert "Libre réponse 71120, 75342 Paris CEDEX 07" in text
