"""French typography for UI strings: non-breaking spaces before « : ; ! ? » and inside « »."""

import re

from django import template
from django.utils.safestring import SafeData, mark_safe

register = template.Library()

NBSP = "\u00a0"  # before « : » and inside « »
NNBSP = "\u202f"  # narrow, before « ; ! ? »

_BEFORE_COLON = re.compile(r" +(?=:(?:\s|$|<))")
_BEFORE_PUNCT = re.compile(r" +(?=[;!?])")
_AFTER_OPEN = re.compile(r"« +")
_BEFORE_CLOSE = re.compile(r" +»")


def french_spaces(text: str) -> str:
    text = _BEFORE_COLON.sub(NBSP, text)
    text = _BEFORE_PUNCT.sub(NNBSP, text)
    text = _AFTER_OPEN.sub("«" + NBSP, text)
    return _BEFORE_CLOSE.sub(NBSP + "»", text)


@register.filter(is_safe=True)
def nbsp_fr(value):
    """The plain spaces of French punctuation made non-breaking (`{% filter nbsp_fr %}…{% endfilter %}`)."""
    result = french_spaces(str(value))
    return mark_safe(result) if isinstance(value, SafeData) else result  # noqa: S308 — only spaces changed
