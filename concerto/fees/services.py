"""Use cases of the membership fees: the only writers of the fee rows. Each is atomic, validates everything before
writing (a French `DomainError` otherwise) and records an event.

Generating a year's calls is idempotent: a second generation for the same year creates the calls of the members
that have none yet and recomputes the calls that have no payment yet (population, rate, amount); a call with a
payment is never changed."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone

from concerto.core import mail
from concerto.core.errors import DomainError
from concerto.core.events import record_event
from concerto.fees.enums import MemberKind
from concerto.fees.models import FeeCall, FeeMember, FeePayment, FeeReminder, FeeSettings
from concerto.fees.money import cents, euros

MAX_AMOUNT = Decimal("10000000")


def settings_of(council) -> FeeSettings:
    """The council's setting, or the defaults (0,40 € per inhabitant) while none was saved."""
    return FeeSettings.objects.filter(council=council).first() or FeeSettings(council=council)


def export_record(*, council, actor, rows: int) -> None:
    """The export of the calls list is recorded in the journal."""
    record_event(council=council, actor=actor, verb="fees_exported", rows=rows)


@transaction.atomic
def settings_update(*, council, actor, data: dict) -> FeeSettings:
    rate = data.get("rate")
    if rate is None or rate < 0:
        raise DomainError("Le taux doit être un nombre positif ou nul.")
    fields = {name: data[name] for name in ("rate", "unit", "population_year", "payment_days", "reminder_days")}
    settings, _ = FeeSettings.objects.update_or_create(council=council, defaults=fields)
    record_event(council=council, actor=actor, verb="fees_settings_updated", target=settings)
    return settings


def _member_fields(council, data: dict, member: FeeMember | None = None) -> dict:
    kind = data.get("kind")
    commune, organisation, fixed = data.get("commune"), data.get("organisation"), data.get("fixed_amount")
    if kind == MemberKind.COMMUNE:
        if commune is None or not council.communes.filter(pk=commune.pk).exists():
            raise DomainError("Choisissez une commune du territoire du conseil.")
        organisation, fixed = None, None
    elif kind == MemberKind.FIXED:
        if organisation is None or organisation.council_id != council.pk:
            raise DomainError("Choisissez l'organisation de l'annuaire qui verse cette part fixe.")
        if fixed is None or fixed <= 0 or fixed > MAX_AMOUNT:
            raise DomainError("Indiquez le montant de la part fixe, supérieur à zéro.")
        commune = None
    else:
        raise DomainError("Choisissez le type de membre.")
    others = FeeMember.objects.filter(council=council).exclude(pk=getattr(member, "pk", None))
    if commune is not None and others.filter(commune=commune).exists():
        raise DomainError(f"La commune de {commune.name} est déjà membre cotisant.")
    if organisation is not None and others.filter(organisation=organisation).exists():
        raise DomainError(f"« {organisation.name} » est déjà membre cotisant.")
    return {
        "kind": kind,
        "commune": commune,
        "organisation": organisation,
        "fixed_amount": cents(fixed) if fixed is not None else None,
        "contact_email": (data.get("contact_email") or "").strip(),
        "active": bool(data.get("active", True)),
    }


@transaction.atomic
def member_add(*, council, actor, data: dict) -> FeeMember:
    member = FeeMember.objects.create(council=council, **_member_fields(council, data))
    record_event(council=council, actor=actor, verb="fees_member_added", target=member)
    return member


@transaction.atomic
def member_update(*, member: FeeMember, actor, data: dict) -> FeeMember:
    member = FeeMember.objects.select_for_update().get(pk=member.pk)
    for name, value in _member_fields(member.council, data, member).items():
        setattr(member, name, value)
    member.save()
    record_event(council=member.council, actor=actor, verb="fees_member_updated", target=member)
    return member


def compute(member: FeeMember, settings: FeeSettings) -> dict:
    """What a member owes for a year under `settings`: population × rate rounded to the cent (half up), or the
    fixed share."""
    if member.kind == MemberKind.FIXED:
        return {"kind": member.kind, "population": None, "population_year": None, "rate": None, "unit": "",
                "amount": cents(member.fixed_amount)}  # fmt: skip
    population = member.commune.population
    if population is None:
        raise DomainError(f"La population de {member.commune.name} n'est pas connue : aucun appel n'a été émis.")
    return {
        "kind": member.kind,
        "population": population,
        "population_year": settings.population_year,
        "rate": settings.rate,
        "unit": settings.unit,
        "amount": cents(Decimal(population) * settings.euros_per_inhabitant),
    }


def _check_year(year) -> int:
    today = timezone.localdate()
    if not isinstance(year, int) or not today.year - 5 <= year <= today.year + 1:
        raise DomainError(f"Choisissez une année entre {today.year - 5} et {today.year + 1}.")
    return year


@transaction.atomic
def calls_generate(*, council, actor, year: int) -> dict[str, int]:
    """Creates the year's missing calls and recomputes its unpaid ones; returns the counts."""
    _check_year(year)
    settings = settings_of(council)
    if settings.pk is None:
        settings.save()
    FeeSettings.objects.select_for_update().get(pk=settings.pk)  # one generation at a time per council
    members = list(
        FeeMember.objects.filter(council=council, active=True)
        .select_related("commune", "organisation")
        .order_by("kind", "commune__name", "organisation__name", "id")
    )
    if not members:
        raise DomainError("Aucun membre cotisant actif : ajoutez d'abord les communes membres et les parts fixes.")
    computed = {member.pk: compute(member, settings) for member in members}  # every refusal before any write
    existing = {call.member_id: call for call in FeeCall.objects.select_for_update().filter(council=council, year=year)}
    paid = set(FeePayment.objects.filter(call__in=existing.values()).values_list("call_id", flat=True))
    today = timezone.localdate()
    due = today + timedelta(days=settings.payment_days)
    counts = {"created": 0, "updated": 0, "kept": 0}
    number = len(existing)
    for member in members:
        values = computed[member.pk]
        call = existing.get(member.pk)
        if call is None:
            number += 1
            FeeCall.objects.create(
                council=council, member=member, year=year, reference=f"COT-{year}-{number:03d}",
                issued_on=today, due_on=due, **values,
            )  # fmt: skip
            counts["created"] += 1
        elif call.pk in paid:
            counts["kept"] += 1
        else:
            for name, value in values.items():
                setattr(call, name, value)
            call.issued_on, call.due_on = today, due
            call.save()
            counts["updated"] += 1
    record_event(council=council, actor=actor, verb="fees_calls_generated", year=year, **counts)
    return counts


def balance_of(call: FeeCall) -> Decimal:
    paid = sum((payment.amount for payment in call.payments.all()), Decimal("0"))
    return call.amount - paid


@transaction.atomic
def payment_record(*, call: FeeCall, actor, data: dict) -> FeePayment:
    """Records a payment; refuses a payment of zero or less, or larger than the balance (the call row is locked, so
    two payments recorded at once cannot both pass)."""
    call = FeeCall.objects.select_for_update().get(pk=call.pk)
    try:
        amount = cents(data.get("amount"))
    except (InvalidOperation, TypeError) as error:
        raise DomainError("Indiquez le montant reçu.") from error
    if amount <= 0:
        raise DomainError("Le montant d'un paiement doit être supérieur à zéro.")
    balance = balance_of(call)
    if amount > balance:
        raise DomainError(
            f"Le paiement de {euros(amount)} dépasse le solde de l'appel {call.reference} ({euros(balance)})."
        )
    paid_on = data.get("paid_on")
    if paid_on is None or paid_on > timezone.localdate():
        raise DomainError("La date de réception ne peut pas être dans le futur.")
    payment = FeePayment.objects.create(
        call=call,
        paid_on=paid_on,
        amount=amount,
        means=data["means"],
        reference=(data.get("reference") or "").strip(),
        recorded_by=actor,
    )
    record_event(council=call.council, actor=actor, verb="fees_payment_recorded", target=call, amount=str(amount))
    return payment


@transaction.atomic
def reminder_send(*, call: FeeCall, actor) -> FeeReminder:
    """Sends the reminder e-mail to the member's address (after commit) and records it."""
    call = FeeCall.objects.select_for_update().select_related("member").get(pk=call.pk)
    balance = balance_of(call)
    if balance <= 0:
        raise DomainError(f"L'appel {call.reference} est réglé : pas de relance.")
    if not call.member.contact_email:
        raise DomainError(f"Aucune adresse de contact pour {call.member.name} : complétez la fiche du membre.")
    reminder = FeeReminder.objects.create(call=call, sent_by=actor, balance=balance)
    record_event(council=call.council, actor=actor, verb="fees_reminder_sent", target=call)
    from concerto.fees.tasks import send_fee_reminder

    mail.enqueue_on_commit(send_fee_reminder, reminder.pk)
    return reminder
