"""The annual activity report (issue 14): one council's year in a PDF/UA, an editable DOCX and an XLSX, built from
one `content.annual_content` so that the three carry the same numbers as the Bilan page."""
