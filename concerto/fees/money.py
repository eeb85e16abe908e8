"""Amounts as French writing wants them: « 1 234,56 € » (narrow no-break space between thousands, no-break space
before the sign)."""

from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
THOUSANDS = "\u202f"
BEFORE_SIGN = "\u00a0"


def cents(value: Decimal) -> Decimal:
    """Rounded to the cent, half away from zero (0,005 € → 0,01 €), as public accounting does."""
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def euros(value) -> str:
    if value is None or value == "":
        return ""
    amount = cents(Decimal(value))
    sign = "-" if amount < 0 else ""
    whole, fraction = f"{abs(amount):.2f}".split(".")
    groups = []
    while whole:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    return f"{sign}{THOUSANDS.join(groups)},{fraction}{BEFORE_SIGN}€"


def rate_text(rate: Decimal, unit_label: str) -> str:
    """ "0,40 € par habitant" (trailing zeros past the cent dropped)."""
    text = f"{rate.normalize():f}"
    if "." in text:
        whole, fraction = text.split(".")
        fraction = fraction.ljust(2, "0")
    else:
        whole, fraction = text, "00"
    unit = unit_label.removeprefix("€ ")
    sign = "€ " if unit_label.startswith("€ ") else ""
    return f"{whole},{fraction}{BEFORE_SIGN}{sign}{unit}"


def population_text(value: int | None) -> str:
    if value is None:
        return "inconnue"
    text = f"{value:,}".replace(",", THOUSANDS)
    return text
