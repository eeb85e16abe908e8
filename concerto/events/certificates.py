"""The certificate of attendance of a trainee marked present (WeasyPrint), on the council's letterhead, dates in
French. Loaded only through `access.certificate_trainee`, which logs the read."""

from django.template.loader import render_to_string
from django.utils import timezone, translation

from concerto.core.documents import french_date, letterhead


def certificate_pdf(trainee) -> bytes:
    from weasyprint import HTML

    session = trainee.session
    same_day = session.starts_on == session.ends_on
    with translation.override("fr"):
        html = render_to_string(
            "events/certificate_pdf.html",
            {
                "council": letterhead(session.council),
                "trainee": trainee,
                "session": session,
                "dates": f"le {french_date(session.starts_on)}"
                if same_day
                else f"du {french_date(session.starts_on)} au {french_date(session.ends_on)}",
                "issued_on": french_date(timezone.localdate(), weekday=False),
            },
        )
    return HTML(string=html).write_pdf(pdf_variant="pdf/ua-1")
