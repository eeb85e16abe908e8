"""The annual activity report as a PDF/UA (WeasyPrint): a cover with the council's name, logo and the year, the
narrative, every indicator (its definition, a bar chart drawn in SVG from the rows, then the table), the sessions,
the bodies' meetings and the partners. Page header: the report's title; footer: "n / N"."""

from django.template.loader import render_to_string
from django.utils import translation

from concerto.reports.annual.content import AnnualContent

CHART_WIDTH = 600  # the SVG's width in user units; `Row.bar` is a percentage of it
ROW_HEIGHT = 34


def _chart(result) -> dict | None:
    """The bar geometry of the Bilan page's charts (`report.Row.bar`), in absolute units for the PDF."""
    if result.single:
        return None
    bars = []
    for index, row in enumerate(result.rows):
        width = round(CHART_WIDTH * row.bar / 100, 1)
        bars.append({"label": row.label, "shown": row.shown, "y": index * ROW_HEIGHT, "width": width,
                     "value_x": width + 4})  # fmt: skip
    return {"bars": bars, "height": len(bars) * ROW_HEIGHT, "width": CHART_WIDTH + 60}


def annual_pdf(content: AnnualContent) -> bytes:
    from weasyprint import HTML

    indicators = [{"result": result, "chart": _chart(result)} for result in content.report.results]
    with translation.override("fr"):
        html = render_to_string("reports/annual_report_pdf.html", {"content": content, "indicators": indicators})
    return HTML(string=html).write_pdf(pdf_variant="pdf/ua-1")
