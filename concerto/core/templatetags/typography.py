"""French typography for strings rendered outside a page (PDFs, e-mails): see `concerto.core.typography`."""

from django import template
from django.utils.safestring import SafeData, mark_safe

from concerto.core.typography import french_spaces

register = template.Library()


@register.filter(is_safe=True)
def nbsp_fr(value):
    """The plain spaces of French punctuation made non-breaking (`{% filter nbsp_fr %}…{% endfilter %}`)."""
    result = french_spaces(str(value))
    return mark_safe(result) if isinstance(value, SafeData) else result  # noqa: S308 — only spaces changed
