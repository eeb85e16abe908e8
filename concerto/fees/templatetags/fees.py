from django import template

from concerto.fees.enums import CallStatus
from concerto.fees.money import euros as format_euros
from concerto.fees.money import population_text

register = template.Library()


@register.filter
def euros(value) -> str:
    """ "1 234,56 €"."""
    return format_euros(value)


def status_of(call) -> CallStatus:
    if call.balance <= 0:
        return CallStatus.PAID
    return CallStatus.PARTIAL if call.paid > 0 else CallStatus.UNPAID


@register.filter
def call_status(call) -> str:
    return status_of(call).label


@register.filter
def call_badge(call) -> str:
    return {CallStatus.PAID: "success", CallStatus.PARTIAL: "warning", CallStatus.UNPAID: "error"}[status_of(call)]


@register.filter
def population(value) -> str:
    """ "12 345" (narrow no-break space between thousands), "inconnue" when missing."""
    return population_text(value)
