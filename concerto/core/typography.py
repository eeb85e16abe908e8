"""French typography of the pages: non-breaking spaces before « : ; ! ? » and inside « ».

Applied once, to the text of every HTML page (`FrenchTypographyMiddleware`), rather than string by string in the
templates: labels, messages, form errors and typed notes all get it, and no template can forget it. Tags, attributes,
comments and the content of script, style, textarea, pre and code elements are left exactly as they are, so nothing
a person typed is changed in a form field, and no script or URL is touched."""

import re

NBSP = "\u00a0"  # before « : » and inside « »
NNBSP = "\u202f"  # narrow, before « ; ! ? »

_BEFORE_COLON = re.compile(r" +(?=:(?:\s|$|<))")
_BEFORE_PUNCT = re.compile(r" +(?=[;!?])")
_AFTER_OPEN = re.compile(r"« +")
_BEFORE_CLOSE = re.compile(r" +»")

# A comment or a tag (attribute values may hold ">" only when quoted, which Django's templates always do).
_MARKUP = re.compile(r"(<!--.*?-->|<(?:\"[^\"]*\"|'[^']*'|[^'\">])*>)", re.S)
_RAW_OPEN = re.compile(r"<(script|style|textarea|pre|code)\b", re.I)


def french_spaces(text: str) -> str:
    text = _BEFORE_COLON.sub(NBSP, text)
    text = _BEFORE_PUNCT.sub(NNBSP, text)
    text = _AFTER_OPEN.sub("«" + NBSP, text)
    return _BEFORE_CLOSE.sub(NBSP + "»", text)


def french_spaces_html(page: str) -> str:
    """`french_spaces` on the text between the tags of an HTML page, outside raw-text elements."""
    parts = _MARKUP.split(page)
    raw = None  # the raw-text element we are inside, if any
    for index, part in enumerate(parts):
        if index % 2:
            if raw is None:
                opening = _RAW_OPEN.match(part)
                raw = opening.group(1).lower() if opening and not part.endswith("/>") else None
            elif part[:2] == "</" and part[2:].lower().startswith(raw):
                raw = None
        elif raw is None and (" " in part):
            parts[index] = french_spaces(part)
    return "".join(parts)


class FrenchTypographyMiddleware:
    """French spacing on every HTML page and htmx fragment Concerto renders."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            response.status_code != 304
            and not response.streaming
            and response.get("Content-Type", "").startswith("text/html")
            and not response.has_header("Content-Encoding")
        ):
            charset = response.charset or "utf-8"
            response.content = french_spaces_html(response.content.decode(charset)).encode(charset)
            if response.has_header("Content-Length"):
                response["Content-Length"] = str(len(response.content))
        return response
