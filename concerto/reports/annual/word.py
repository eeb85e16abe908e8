"""The annual activity report as an editable Word document (python-docx), for the coordinator who finishes it in a
word processor: the same sections as the PDF, real heading styles (Titre 1, 2…: the navigation pane and the table of
contents work), each indicator as a real table with a repeated header row. The bar charts are left out: the tables
carry the values and a word processor draws a chart from a table."""

import base64
import io

from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from concerto.reports.annual.content import AnnualContent

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _repeat_header(row) -> None:
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def _table(document, headers: list[str], lines: list[list[str]]):
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        cell.text = text
        for run in cell.paragraphs[0].runs:
            run.bold = True
    _repeat_header(table.rows[0])
    for line in lines:
        for cell, text in zip(table.add_row().cells, line, strict=True):
            cell.text = str(text)
    document.add_paragraph()
    return table


def _logo(document, data_uri: str) -> None:
    if not data_uri.startswith("data:image/") or data_uri.startswith("data:image/svg"):
        return
    try:
        document.add_picture(io.BytesIO(base64.b64decode(data_uri.split(",", 1)[1])), height=Cm(3))
    except Exception:  # noqa: BLE001 - an unreadable logo leaves the council's name alone on the cover
        return


def _cover(document, content: AnnualContent) -> None:
    _logo(document, content.letterhead["logo"])
    document.add_paragraph(content.council.name).runs[0].bold = True
    document.add_heading(content.title, level=0)
    document.add_paragraph(f"Du 1er janvier au 31 décembre {content.year}")
    k = content.report.threshold
    document.add_paragraph(
        f"Document établi le {content.generated_shown}. Les effectifs inférieurs à {k} sont indiqués « < {k} », et un "
        "second effectif est masqué quand il permettrait de les retrouver par soustraction."
    )
    document.add_page_break()


def _indicators(document, content: AnnualContent) -> None:
    document.add_heading("Indicateurs de l'année", level=1)
    for result in content.report.results:
        indicator = result.indicator
        document.add_heading(indicator.label, level=2)
        document.add_paragraph(indicator.definition)
        value = f"Valeur ({indicator.unit})" if indicator.unit else "Valeur"
        lines = [[row.label or indicator.label, row.shown] for row in result.rows]
        if result.total is not None:
            lines.append(["Total", result.total_shown])
        if not lines:
            document.add_paragraph("Aucune donnée sur la période.")
            continue
        _table(document, ["Détail", value], lines)


def _activity(document, content: AnnualContent) -> None:
    document.add_heading("Séances de la cellule", level=1)
    if content.sessions:
        _table(document, ["Date", "Cellule", "Situations examinées"],
               [[s.day_shown, s.cell, s.situations_shown] for s in content.sessions])  # fmt: skip
    else:
        document.add_paragraph(f"Aucune séance de cellule tenue en {content.year}.")
    document.add_heading("Réunions des instances", level=1)
    if content.meetings:
        _table(document, ["Date", "Instance", "Intitulé"], [[m.day_shown, m.body, m.title] for m in content.meetings])
    else:
        document.add_paragraph(f"Aucune réunion d'instance tenue en {content.year}.")
    document.add_heading("Partenaires", level=1)
    document.add_paragraph(content.partners_definition)
    if content.partners:
        _table(document, ["Structure", "Type", "Participation"], [[p.name, p.kind, p.roles] for p in content.partners])
    else:
        document.add_paragraph("Aucune structure partenaire recensée.")


def annual_docx(content: AnnualContent) -> bytes:
    document = Document()
    document.core_properties.title = content.title
    document.core_properties.author = content.council.name
    document.core_properties.language = "fr-FR"
    document.styles["Normal"].font.size = Pt(10)
    document.sections[0].header.paragraphs[0].text = f"{content.title} — {content.council.name}"
    _cover(document, content)
    for heading, text in content.narrative.sections():
        document.add_heading(heading, level=1)
        for paragraph in text.split("\n\n") if text else [""]:
            document.add_paragraph(paragraph.strip("\n"))
    _indicators(document, content)
    _activity(document, content)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
