"""The annual activity report (issue 14): who may read and write it, its narrative (saved, shown in the PDF and the
DOCX, a stale version refused in French with what was typed kept), and THE SAME NUMBERS in the Bilan page as an
elected official reads it, the XLSX, the DOCX tables and the PDF text; a tagged PDF/UA with "1 / N"; no situation
code in any document; the sessions, the bodies' meetings and the partners."""

import html
import io
import re
from datetime import date

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

from concerto.accounts.enums import Profession, Role
from concerto.core.models import Event
from concerto.core.pages import CONFLICT
from concerto.core.registry import registry
from concerto.core.typography import french_spaces as fr
from concerto.directory.models import Contact, Organisation
from concerto.factories import CouncilFactory, OrganisationFactory
from concerto.governance.models import BodyMeeting
from concerto.governance.tests.factories import make_body, seat
from concerto.reports.annual.content import annual_content
from concerto.reports.models import AnnualReport
from concerto.reports.tests.test_reports import number
from concerto.situations.models import Situation

pytestmark = pytest.mark.django_db
Y = timezone.localdate().year - 1  # the year of known figures (concerto/reports/tests/year.py)
KINDS = ("pdf", "docx", "xlsx")


def squeeze(text) -> str:
    """Text without any white space (the page's narrow no-break spaces, the PDF's line breaks)."""
    return re.sub(r"\s+", "", html.unescape(str(text)))


@pytest.fixture
def activity(year, member_factory):
    """The year of known figures (concerto/reports/tests/year.py), plus: its COPIL meeting held by a body of the
    governance app, a contact of another organisation seated in the COPIL, and an organisation without any link."""
    council = year.council
    copil = make_body(council, name="COPIL santé mentale de la ville")
    BodyMeeting.objects.create(body=copil, meeting=year.sessions["copil"])
    mission = OrganisationFactory(council=council, name="Mission locale")
    seat(copil, contact=Contact.objects.create(organisation=mission, name="Camille Martin"), starts_on=date(Y, 1, 1))
    OrganisationFactory(council=council, name="Structure sans lien")
    return year


def url(kind: str) -> str:
    return reverse("reports:annual_download", args=[kind])


def download(client, kind):
    response = client.get(url(kind), {"annee": Y})
    assert response.status_code == 200, kind
    return response.content


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def docx_figures(content: bytes) -> list[tuple[str, str, str]]:
    """(indicator, detail, value) of every table under a level-2 heading (the indicators)."""
    document = Document(io.BytesIO(content))
    tables = iter(document.tables)
    figures, heading = [], None
    for block in document.element.body.iterchildren():
        tag = block.tag.rsplit("}", 1)[1]
        if tag == "p":
            style = block.style or ""
            text = "".join(node.text or "" for node in block.iter() if node.tag.endswith("}t"))
            heading = text if style in ("Heading2", "Titre2") else (None if style.startswith("Heading") else heading)
        elif tag == "tbl":
            table = next(tables)
            if heading:
                figures += [(heading, row.cells[0].text, row.cells[1].text) for row in table.rows[1:]]
    return figures


def page_figures(client) -> list[tuple[str, str, str]]:
    """(indicator, detail, value) of every `data-indicateur` cell of the Bilan page, as its reader sees it."""
    page = client.get(reverse("reports:bilan"), {"annee": Y}).content.decode()
    labels = {indicator.code: indicator.label for indicator in registry.indicators}
    cells = re.findall(r'<th scope="row">([^<]*)</th>\s*<td data-indicateur="([^"]+)">([^<]*)</td>', page)
    return [
        (labels[code], html.unescape(detail).strip(), html.unescape(value).strip()) for detail, code, value in cells
    ]


def test_the_documents_carry_the_numbers_of_the_page_an_elected_official_sees(activity, client, member_factory):
    client.force_login(member_factory(activity.council, Role.PARTNER, Profession.ELECTED).user)
    shown = page_figures(client)
    assert len(shown) >= 20 and any(value == "< 5" for _, _, value in shown)
    received = next(i.label for i in registry.indicators if i.code == "alerts_received")
    assert (received, received, "5") in shown  # not hidden: 5 is not below k
    expected = [(squeeze(a), squeeze(b), squeeze(c)) for a, b, c in shown]

    sheet = load_workbook(io.BytesIO(download(client, "xlsx")))["Indicateurs"]
    exported = [(squeeze(label), squeeze(detail or label), number(squeeze(value) if isinstance(value, str) else value))
                for label, detail, value, _ in sheet.iter_rows(min_row=2, values_only=True) if detail != "Total"]  # fmt: skip
    assert exported == [(label, detail, number(value)) for label, detail, value in expected]

    in_docx = [(squeeze(a), squeeze(b), squeeze(c)) for a, b, c in docx_figures(download(client, "docx"))]
    assert [figure for figure in in_docx if figure[1] != "Total"] == expected

    text, position, current = squeeze(pdf_text(download(client, "pdf"))), 0, None
    for label, detail, value in expected:  # each table in the order of the page, its rows in order
        if label != current:
            position, current = text.find(label, position), label
            assert position >= 0, label
        position = text.find(detail + value, position)
        assert position >= 0, (label, detail, value)


def test_the_figures_are_suppressed_even_for_the_coordinator(activity, client, member_factory):
    client.force_login(member_factory(activity.council, Role.COORDINATOR).user)
    exact = page_figures(client)
    assert not any(value == "< 5" for _, _, value in exact)
    rows = load_workbook(io.BytesIO(download(client, "xlsx")))["Indicateurs"].iter_rows(values_only=True)
    assert "< 5" in [value for _, _, value, _ in rows]
    assert fr("quel que soit votre rôle") in client.get(reverse("reports:annual"), {"annee": Y}).content.decode()


def test_the_pdf_is_tagged_pdf_ua_with_numbered_pages_and_names_no_situation(activity, client, member_factory):
    council = activity.council
    client.force_login(member_factory(council, Role.OBSERVER).user)
    content = download(client, "pdf")
    reader = PdfReader(io.BytesIO(content))
    assert bool(reader.trailer["/Root"]["/MarkInfo"]["/Marked"])
    assert b"pdfuaid" in reader.trailer["/Root"]["/Metadata"].get_object().get_data()
    text = pdf_text(content)
    assert f"1 / {len(reader.pages)}" in text and len(reader.pages) > 2
    assert f"Rapport annuel d'activité {Y}" in text and council.name in text
    assert f"Le conseil en {Y}" in text and f"Perspectives pour {Y + 1}" in text
    codes = list(Situation.objects.filter(council=council).values_list("code", flat=True))
    docx_text = "\n".join(p.text for p in Document(io.BytesIO(download(client, "docx"))).paragraphs)
    book = load_workbook(io.BytesIO(download(client, "xlsx")))
    cells = " ".join(str(v) for sheet in book for row in sheet.iter_rows(values_only=True) for v in row)
    assert codes and not [code for code in codes if code in text or code in docx_text or code in cells]


def test_sessions_meetings_and_partners(activity):
    content = annual_content(activity.council, Y)
    held = sorted([activity.sessions[month] for month in (1, 2, 3, 4, 5, 6, 7, 9, 10, 11)] + [activity.sessions["B"]],
                  key=lambda meeting: meeting.starts_at)  # fmt: skip
    assert [s.day for s in content.sessions] == [timezone.localdate(m.starts_at) for m in held]
    assert [s.cell for s in content.sessions].count("Cellule B") == 1
    assert {str(s.situations) for s in content.sessions} == {"< 5"}  # one to three situations each: hidden below k
    assert [(m.day, m.body, m.title) for m in content.meetings] == [
        (date(Y, 1, 20), "Comité de pilotage", "COPIL santé mentale de la ville")
    ]
    assert content.sessions[0].day_shown.endswith(f"janvier {Y}")
    partners = {p.name: p.roles for p in content.partners}
    assert partners["CMP Centre"] == "membres, réunions" and partners["Bailleur"] == "membres, réunions"
    assert partners["Mission locale"] == "instances"
    assert "Structure sans lien" not in partners and "Police" not in partners
    assert Organisation.objects.filter(council=activity.council).count() > len(partners)


def test_the_narrative_is_saved_and_shown_in_the_pdf_and_the_docx(client, member_factory):
    council = CouncilFactory()
    client.force_login(member_factory(council, Role.COORDINATOR).user)
    page = client.get(reverse("reports:annual"), {"annee": Y})
    assert f"Le conseil en {Y}" in page.content.decode() and page.context["form"].initial["version"] == 0
    assert "Présentez en quelques lignes" in page.context["form"].initial["introduction"]  # the skeleton
    data = {"introduction": "Une année de travail commun.", "highlights": "Trois nouveaux bailleurs.\n\nUne SISM.",
            "outlook": "Ouvrir une seconde cellule.", "version": 0}  # fmt: skip
    response = client.post(f"{reverse('reports:annual')}?annee={Y}", data)
    assert response.status_code == 302
    narrative = AnnualReport.objects.get(council=council, year=Y)
    assert narrative.version == 1 and narrative.highlights.startswith("Trois")
    assert Event.objects.filter(verb="annual_report_saved", council=council).exists()
    text = pdf_text(download(client, "pdf"))
    assert "Une année de travail commun." in text and "Ouvrir une seconde cellule." in text
    paragraphs = [p.text for p in Document(io.BytesIO(download(client, "docx"))).paragraphs]
    assert "Trois nouveaux bailleurs." in paragraphs and "Une SISM." in paragraphs
    document = Document(io.BytesIO(download(client, "docx")))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert f"Le conseil en {Y}" in headings and "Faits marquants" in headings and "Partenaires" in headings
    assert len(document.tables) >= 10  # the indicators with rows (a figure even when it is zero)
    formats = set(Event.objects.filter(verb="annual_report_exported").values_list("data__format", flat=True))
    assert formats == {"pdf", "docx"}
    assert Event.objects.filter(verb="annual_report_exported", data__year=Y).count() == 3


def test_a_stale_version_is_refused_in_french_and_what_was_typed_is_kept(client, member_factory):
    council = CouncilFactory()
    coordinator, dpo = member_factory(council, Role.COORDINATOR), member_factory(council, Role.DPO)
    url = f"{reverse('reports:annual')}?annee={Y}"
    client.force_login(dpo.user)
    blank = {"introduction": "", "highlights": "", "outlook": ""}
    assert client.post(url, {**blank, "introduction": "Version de la DPO", "version": 0}).status_code == 302
    client.force_login(coordinator.user)
    page = client.post(url, {**blank, "introduction": "Mon texte à moi", "version": 0})  # loaded before the DPO saved
    content = page.content.decode()
    assert page.status_code == 200 and fr(CONFLICT) in content and "Mon texte à moi" in content
    assert AnnualReport.objects.get(council=council, year=Y).introduction == "Version de la DPO"
    assert page.context["form"].data["version"] == 1  # saving again now overwrites knowingly
    assert client.post(url, {**blank, "introduction": "Mon texte à moi", "version": 1}).status_code == 302
    assert AnnualReport.objects.get(council=council, year=Y).introduction == "Mon texte à moi"
    assert client.post(url, {**blank, "introduction": "Encore", "version": 1}).status_code == 200  # stale again


def test_the_year_defaults_to_last_year_and_a_year_is_kept_apart(client, member_factory):
    council = CouncilFactory()
    client.force_login(member_factory(council, Role.COORDINATOR).user)
    assert client.get(reverse("reports:annual")).context["year"] == timezone.localdate().year - 1
    AnnualReport.objects.create(council=council, year=Y - 1, introduction="Ancien")
    page = client.get(reverse("reports:annual"), {"annee": Y})
    assert page.context["narrative"].pk is None and "Ancien" not in page.content.decode()
    assert client.get(reverse("reports:annual"), {"annee": "abc"}).status_code == 200


@pytest.mark.parametrize(
    ("role", "profession", "reads", "writes"),
    [
        (Role.COORDINATOR, None, True, True),
        (Role.DPO, None, True, True),
        (Role.GOVERNANCE_MEMBER, None, True, False),
        (Role.OBSERVER, None, True, False),
        (Role.PARTNER, Profession.ELECTED, True, False),
        (Role.PARTNER, Profession.HEALTH, False, False),
        (Role.CELL_MEMBER, None, False, False),
        (Role.HOUSING_MEMBER, None, False, False),
    ],
)
def test_who_reads_and_who_writes_the_annual_report(role, profession, reads, writes, client, member_factory):
    council = CouncilFactory()
    client.force_login(member_factory(council, role, profession).user)
    page = client.get(reverse("reports:annual"))
    assert page.status_code == (200 if reads else 403)
    if reads:
        assert ('name="introduction"' in page.content.decode()) is writes
    for kind in ("docx", "xlsx"):
        assert client.get(url(kind)).status_code == (200 if reads else 403)
    posted = client.post(
        reverse("reports:annual"), {"introduction": "x", "highlights": "", "outlook": "", "version": 0}
    )
    assert posted.status_code == (302 if writes else 403)
    assert AnnualReport.objects.filter(council=council).exists() is writes


def test_the_pdf_is_refused_outside_the_readers(client, member_factory):
    council = CouncilFactory()
    client.force_login(member_factory(council, Role.CELL_MEMBER).user)
    assert client.get(url("pdf")).status_code == 403
    assert not Event.objects.filter(verb="annual_report_exported").exists()


def test_anonymous_visitors_are_sent_to_the_login(client):
    for address in (reverse("reports:annual"), *map(url, KINDS)):
        response = client.get(address)
        assert response.status_code == 302 and response["Location"].startswith(reverse(settings.LOGIN_URL))


def test_the_bilan_links_to_the_annual_report(client, member_factory):
    council = CouncilFactory()
    client.force_login(member_factory(council, Role.OBSERVER).user)
    assert f'href="{reverse("reports:annual")}"' in client.get(reverse("reports:bilan")).content.decode()


def test_an_unknown_format_is_not_found(client, member_factory):
    council = CouncilFactory()
    client.force_login(member_factory(council, Role.COORDINATOR).user)
    assert client.get(url("odt")).status_code == 404
    assert not Event.objects.filter(verb="annual_report_exported").exists()
