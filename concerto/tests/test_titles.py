"""Words of the pages: every title unique and ending with "— Concerto", French typography in the whole visible
text, one inclusive-writing convention, no English label left. Every page of the authorisation matrix the
coordinator can GET is checked."""

import html
import re
from collections import defaultdict

import pytest
from django.urls import reverse

from concerto.core.typography import french_spaces, french_spaces_html
from concerto.tests.test_authorisation_matrix import MATRIX, C, _client_for

TITLE = re.compile(r"<title>(.*?)</title>", re.S)
TAG = re.compile(r"<[^>]+>")
# Plain space before French double punctuation (":" followed by a space or the end, so times "10:30" pass).
PLAIN_SPACE = re.compile(r" (?:[;!?]|:(?:\s|$))")
# English words that have no business in the French UI, as whole words of the visible text.
ALLAUTH = ("account_", "mfa_", "usersessions_")
ENGLISH = re.compile(r"\b(Membership|Cell|None|True|False|descending|ascending|Situation object|Meeting object)\b")


def _visible(page: str) -> str:
    page = re.sub(r"<(script|style|textarea)\b.*?</\1>", " ", page, flags=re.S)
    page = re.sub(r"<head>.*?</head>", " ", page, flags=re.S)
    return html.unescape(TAG.sub(" ", page))


@pytest.fixture
def pages(client, world):
    """{url name: html} of every page the coordinator may GET that answers an HTML page."""
    coordinator = _client_for(client, world, C)
    result = {}
    for name, entry in sorted(MATRIX.items()):
        if entry.method != "get" or entry.expect[C] != 200:
            continue
        response = coordinator.get(reverse(name, kwargs=entry.kwargs(world)))
        if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
            result[name] = response.content.decode()
    assert len(result) > 40, sorted(result)
    return result


@pytest.mark.django_db
def test_titles_end_with_concerto_and_are_unique(pages):
    by_title = defaultdict(list)
    for name, page in pages.items():
        match = TITLE.search(page)
        assert match, f"{name} : pas de <title>"
        title = " ".join(html.unescape(match.group(1)).split())
        assert title.endswith("— Concerto"), f"{name} : {title!r}"
        assert not title.startswith("—"), f"{name} : titre sans nom de page {title!r}"
        if name.startswith(ALLAUTH):
            continue  # allauth's own pages: a form and its outcome share allauth's title (e.g. password reset)
        by_title[title].append(name)
    shared = {title: names for title, names in by_title.items() if len(names) > 1}
    assert not shared, f"Titres partagés par plusieurs pages : {shared}"


@pytest.mark.django_db
def test_every_visible_text_uses_french_spacing(pages):
    wrong = {}
    for name, page in pages.items():
        lines = [html.unescape(TITLE.search(page).group(1))] + _visible(page).splitlines()
        bad = [line.strip() for line in lines if PLAIN_SPACE.search(line) or "« " in line or " »" in line]
        if bad:
            wrong[name] = bad[:3]
    assert not wrong, f"Espace ordinaire avant « : ; ! ? » ou dans « » : {wrong}"


# One inclusive-writing convention (docs/writing.md): the middle dot, « référent·e », « invité·es »; never « (e) »,
# « .e », « /e » or « -e ».
OTHER_INCLUSIVE_FORMS = re.compile(r"\b[^\W\d_]{2,}(?:\((?:e|es|ne|le|rice|trice)\)|[./-](?:e|es|ne|rice|trice)\b)")


@pytest.mark.django_db
def test_one_inclusive_writing_convention(pages):
    found = {name: sorted(set(OTHER_INCLUSIVE_FORMS.findall(_visible(page)))) for name, page in pages.items()}
    found = {name: forms for name, forms in found.items() if forms}
    assert not found, f"Écriture inclusive hors convention (point médian) : {found}"


@pytest.mark.django_db
def test_no_english_label_on_the_main_pages(pages):
    found = {name: sorted(set(ENGLISH.findall(_visible(page)))) for name, page in pages.items()}
    found = {name: words for name, words in found.items() if words}
    assert not found, f"Mots anglais affichés : {found}"


def test_french_spaces():
    assert french_spaces("Séance extraordinaire : créneaux ; oui ! non ? « mot »") == (
        "Séance extraordinaire\u00a0: créneaux\u202f; oui\u202f! non\u202f? «\u00a0mot\u00a0»"
    )
    assert french_spaces("à 10:30") == "à 10:30"


def test_french_spaces_touch_only_the_text_of_a_page():
    page = (
        '<p title="a : b">Lieu : salle ; « ici » ?</p><textarea name="n">typé : tel quel</textarea>'
        '<script>let a = b ? c : d;</script><a href="/x?y=1">Voir ?</a><!-- note : -->'
    )
    assert french_spaces_html(page) == (
        '<p title="a : b">Lieu\u00a0: salle\u202f; «\u00a0ici\u00a0»\u202f?</p><textarea name="n">typé : tel quel</textarea>'
        '<script>let a = b ? c : d;</script><a href="/x?y=1">Voir\u202f?</a><!-- note : -->'
    )
