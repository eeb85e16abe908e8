"""Words of the pages: every title unique and ending with "— Concerto", French typography in titles and
headings, no English label left. Every page of the authorisation matrix the coordinator can GET is checked."""

import html
import re
from collections import defaultdict

import pytest
from django.urls import reverse

from concerto.core.templatetags.typography import french_spaces
from concerto.tests.test_authorisation_matrix import MATRIX, C, _client_for

TITLE = re.compile(r"<title>(.*?)</title>", re.S)
H1 = re.compile(r"<h1\b[^>]*>(.*?)</h1>", re.S)
TAG = re.compile(r"<[^>]+>")
# Plain space before French double punctuation (":" followed by a space or the end, so times "10:30" pass).
PLAIN_SPACE = re.compile(r" (?:[;!?]|:(?:\s|$))")
# English words that have no business in the French UI, as whole words of the visible text.
ALLAUTH = ("account_", "mfa_", "usersessions_")
ENGLISH = re.compile(r"\b(Membership|Cell|None|True|False|Situation object|Meeting object)\b")


def _text(fragment: str) -> str:
    return " ".join(html.unescape(TAG.sub(" ", fragment)).split(" ")).strip()


def _visible(page: str) -> str:
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
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
def test_titles_and_headings_use_french_spacing(pages):
    wrong = {}
    for name, page in pages.items():
        texts = [html.unescape(TITLE.search(page).group(1))] + [_text(h) for h in H1.findall(page)]
        bad = [t for t in texts if PLAIN_SPACE.search(t)]
        if bad:
            wrong[name] = bad
    assert not wrong, f"Espace ordinaire avant « : ; ! ? » : {wrong}"


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
