"""Membership fees over HTTP: computation (population × rate, rounded to the cent), idempotent generation, payments
(refused over the balance or below zero, nothing written), balances and filters, XLSX, PDF, reminders (manual and
daily job) and who may do what."""

import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail as outbox
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from openpyxl import load_workbook
from pypdf import PdfReader

from concerto.accounts.enums import Role
from concerto.core.documents import french_date
from concerto.core.models import Event
from concerto.core.typography import french_spaces as fr
from concerto.factories import CouncilFactory
from concerto.fees import services
from concerto.fees.enums import MemberKind, RateUnit
from concerto.fees.models import FeeCall, FeePayment, FeeReminder, FeeSettings
from concerto.fees.money import euros
from concerto.fees.tasks import fees_reminders
from concerto.fees.tests.factories import commune_member, fixed_member

pytestmark = pytest.mark.django_db
YEAR = timezone.localdate().year


@pytest.fixture
def council():
    return CouncilFactory()


@pytest.fixture
def coordinator(council, member_factory, client):
    membership = member_factory(council, Role.COORDINATOR)
    client.force_login(membership.user)
    return membership


@pytest.fixture
def calls(council):
    commune_member(council, population=12345)
    commune_member(council, population=1003)
    fixed_member(council, amount=Decimal("1500"))
    services.calls_generate(council=council, actor=None, year=YEAR)
    return {c.member.kind + str(c.population or ""): c for c in FeeCall.objects.filter(council=council)}


def test_french_amounts():
    assert euros(Decimal("1234.56")) == "1\u202f234,56\u00a0€"
    assert euros(Decimal("1234567")) == "1\u202f234\u202f567,00\u00a0€"
    assert euros(Decimal("0.005")) == "0,01\u00a0€"  # half away from zero


def test_amounts_are_population_times_rate_rounded_to_the_cent(council, calls):
    assert calls["commune12345"].amount == Decimal("4938.00")  # 12 345 × 0,40
    assert calls["commune1003"].amount == Decimal("401.20")
    assert calls["fixed"].amount == Decimal("1500.00")
    assert calls["commune12345"].population_year == FeeSettings(council=council).population_year
    # A rate with more decimals: 1 003 × 0,3333 = 334,2999 → 334,30 (half up to the cent).
    FeeSettings.objects.filter(council=council).update(rate=Decimal("0.3333"))
    services.calls_generate(council=council, actor=None, year=YEAR)
    assert FeeCall.objects.get(pk=calls["commune1003"].pk).amount == Decimal("334.30")
    # In cents per inhabitant: 40 c × 12 345 = 4 938,00 €.
    FeeSettings.objects.filter(council=council).update(rate=Decimal("40"), unit=RateUnit.CENTS)
    services.calls_generate(council=council, actor=None, year=YEAR)
    assert FeeCall.objects.get(pk=calls["commune12345"].pk).amount == Decimal("4938.00")


def test_second_generation_keeps_paid_calls_and_recomputes_the_others(council, calls, coordinator, client):
    paid = calls["commune12345"]
    services.payment_record(call=paid, actor=None, data={"amount": Decimal("100"), "paid_on": timezone.localdate(),
                                                         "means": "transfer"})  # fmt: skip
    FeeSettings.objects.filter(council=council).update(rate=Decimal("0.50"))
    newcomer = commune_member(council, population=2000)
    response = client.post(reverse("fees:generate"), {"year": YEAR}, follow=True)
    assert fr("Appels créés : 1 ; recalculés (sans paiement) : 2 ; inchangés (déjà un paiement) : 1.") in (
        response.content.decode()
    )
    assert FeeCall.objects.get(pk=paid.pk).amount == Decimal("4938.00")  # kept: it has a payment
    assert FeeCall.objects.get(pk=calls["commune1003"].pk).amount == Decimal("501.50")  # 1 003 × 0,50
    new_call = newcomer.calls.get()
    assert new_call.amount == Decimal("1000.00") and new_call.reference == f"COT-{YEAR}-004"
    assert FeeCall.objects.filter(council=council, year=YEAR).count() == 4


def test_generation_refuses_an_unknown_population_and_writes_nothing(council, coordinator, client):
    commune_member(council, population=500)
    member = commune_member(council, population=None)
    response = client.post(reverse("fees:generate"), {"year": YEAR})
    assert escape(fr(f"La population de {member.commune.name} n'est pas connue")) in response.content.decode()
    assert not FeeCall.objects.exists()


def test_payment_over_the_balance_is_refused_and_nothing_is_written(calls, coordinator, client):
    call = calls["commune1003"]  # 401,20 €
    url = reverse("fees:payment_add", args=[call.pk])
    data = {"paid_on": timezone.localdate().isoformat(), "amount": "300", "means": "transfer", "reference": "M-1"}
    assert client.post(url, data).status_code == 302
    response = client.post(url, {**data, "amount": "101.21"})
    assert response.status_code == 200
    assert escape(
        fr(f"Le paiement de 101,21\u00a0€ dépasse le solde de l'appel {call.reference} (101,20\u00a0€).")
    ) in (response.content.decode())
    assert FeePayment.objects.filter(call=call).count() == 1
    events = Event.objects.filter(verb="fees_payment_recorded").count()
    for amount in ("-5", "0"):
        response = client.post(url, {**data, "amount": amount})
        assert escape("Le montant d'un paiement doit être supérieur à zéro.") in response.content.decode()
    future = (timezone.localdate() + timedelta(days=1)).isoformat()
    response = client.post(url, {**data, "amount": "1", "paid_on": future})
    assert "La date de réception ne peut pas être dans le futur." in response.content.decode()
    assert FeePayment.objects.filter(call=call).count() == 1
    assert Event.objects.filter(verb="fees_payment_recorded").count() == events
    assert client.post(url, {**data, "amount": "101.20"}).status_code == 302  # the exact balance is accepted


def test_list_filters_on_status_and_shows_balances(calls, coordinator, client):
    services.payment_record(
        call=calls["commune12345"],
        actor=None,
        data={"amount": Decimal("4938"), "paid_on": timezone.localdate(), "means": "transfer"},
    )
    services.payment_record(call=calls["fixed"], actor=None,
                            data={"amount": Decimal("500"), "paid_on": timezone.localdate(), "means": "cheque"})  # fmt: skip
    url = reverse("fees:call_list")
    page = client.get(url).content.decode()
    assert "reste dû 1\u202f401,20\u00a0€" in page  # 1 000 € of the hospital + 401,20 €
    for status, expected in (("paid", {"commune12345"}), ("partial", {"fixed"}), ("unpaid", {"commune1003"})):
        page = client.get(url, {"status": status, "year": YEAR}).content.decode()
        shown = {key for key, call in calls.items() if call.reference in page}
        assert shown == expected, status
    export = client.get(reverse("fees:call_export"), {"status": "partial"})
    sheet = load_workbook(io.BytesIO(export.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Numéro" and len(rows) == 2
    assert rows[1][0] == calls["fixed"].reference and rows[1][7] == 1000
    assert Event.objects.get(verb="fees_exported").data == {"rows": 1}


def test_call_pdf_and_detail(calls, coordinator, client):
    call = calls["commune12345"]
    detail = client.get(reverse("fees:call_detail", args=[call.pk])).content.decode()
    assert "4\u202f938,00\u00a0€" in detail and "12\u202f345 habitants" in detail
    response = client.get(reverse("fees:call_pdf", args=[call.pk]))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(PdfReader(io.BytesIO(response.content)).pages[0].extract_text().split())
    assert "Appel de cotisation" in text and call.reference in text
    assert "4 938,00 €" in text.replace("\u202f", " ").replace("\u00a0", " ")
    assert french_date(call.due_on, weekday=False) in text.replace("\u00a0", " ")


def test_reminder_is_sent_and_recorded(calls, coordinator, client, run_on_commit):
    call = calls["commune1003"]
    response = client.post(reverse("fees:remind", args=[call.pk]), follow=True)
    assert "La relance est envoyée" in response.content.decode()
    assert FeeReminder.objects.filter(call=call).count() == 1
    assert len(outbox.outbox) == 1
    message = outbox.outbox[0]
    assert message.to == ["finances@mairie.example"] and call.reference in message.subject
    assert "401,20" in message.body


def test_no_reminder_for_a_paid_call_or_without_address(council, calls, coordinator, client):
    call = calls["commune1003"]
    services.payment_record(call=call, actor=None,
                            data={"amount": call.amount, "paid_on": timezone.localdate(), "means": "transfer"})  # fmt: skip
    response = client.post(reverse("fees:remind", args=[call.pk]), follow=True)
    assert escape(fr(f"L'appel {call.reference} est réglé : pas de relance.")) in response.content.decode()
    other = calls["fixed"]
    other.member.contact_email = ""
    other.member.save()
    response = client.post(reverse("fees:remind", args=[other.pk]), follow=True)
    assert "Aucune adresse de contact" in response.content.decode()
    assert not FeeReminder.objects.exists()


def test_daily_job_reminds_once_after_the_delay(council, calls, django_capture_on_commit_callbacks):
    FeeSettings.objects.filter(council=council).update(reminder_days=10)
    FeeCall.objects.filter(council=council).update(due_on=timezone.localdate() - timedelta(days=11))
    services.payment_record(call=calls["fixed"], actor=None,
                            data={"amount": Decimal("1500"), "paid_on": timezone.localdate(), "means": "transfer"})  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        assert fees_reminders.call() == 2  # the two communes; the hospital has paid
    assert len(outbox.outbox) == 2
    with django_capture_on_commit_callbacks(execute=True):
        assert fees_reminders.call() == 0  # reminded less than 10 days ago


def test_members_and_settings_forms(council, coordinator, client):
    commune = council.communes.first()
    response = client.post(reverse("fees:member_create"), {"kind": MemberKind.COMMUNE, "commune": commune.pk,
                                                           "contact_email": "a@mairie.example", "active": "on"})  # fmt: skip
    assert response.status_code == 302
    response = client.post(reverse("fees:member_create"), {"kind": MemberKind.COMMUNE, "commune": commune.pk})
    assert fr(f"La commune de {commune.name} est déjà membre cotisant.") in response.content.decode()
    response = client.post(reverse("fees:member_create"), {"kind": MemberKind.FIXED})
    assert escape("Choisissez l'organisation de l'annuaire") in response.content.decode()
    response = client.post(
        reverse("fees:settings"),
        {"rate": "0.45", "unit": "euros", "population_year": 2023, "payment_days": 45, "reminder_days": 0},
    )
    assert response.status_code == 302
    assert FeeSettings.objects.get(council=council).rate == Decimal("0.45")
    assert "0,45\u00a0€ par habitant" in client.get(reverse("fees:call_list")).content.decode()


@pytest.mark.parametrize(
    ("role", "read", "write"),
    [
        (Role.COORDINATOR, 200, 200),
        (Role.GOVERNANCE_MEMBER, 200, 403),
        (Role.PARTNER, 403, 403),
        (Role.CELL_MEMBER, 403, 403),
        (Role.HOUSING_MEMBER, 403, 403),
        (Role.OBSERVER, 403, 403),
        (Role.DPO, 403, 403),
    ],
)
def test_access(role, read, write, council, calls, member_factory, client):
    client.force_login(member_factory(council, role).user)
    call = calls["commune12345"]
    for name, kwargs in (("fees:call_list", {}), ("fees:call_detail", {"pk": call.pk}),
                         ("fees:call_pdf", {"pk": call.pk}), ("fees:member_list", {})):  # fmt: skip
        assert client.get(reverse(name, kwargs=kwargs)).status_code == read, name
    for name, kwargs in (("fees:payment_add", {"pk": call.pk}), ("fees:generate", {}), ("fees:settings", {})):
        assert client.get(reverse(name, kwargs=kwargs)).status_code == write, name
    paid = {"paid_on": timezone.localdate().isoformat(), "amount": "1", "means": "transfer"}
    status = client.post(reverse("fees:payment_add", args=[call.pk]), paid).status_code
    assert status == (302 if write == 200 else 403)
    menu = client.get(reverse("home")).content.decode()
    assert (reverse("fees:call_list") in menu) == (read == 200)


def test_other_council_finds_nothing(calls, member_factory, client):
    client.force_login(member_factory(CouncilFactory(), Role.COORDINATOR).user)
    call = calls["commune12345"]
    assert client.get(reverse("fees:call_detail", args=[call.pk])).status_code == 404
    assert client.post(reverse("fees:remind", args=[call.pk])).status_code == 404
    assert call.reference not in client.get(reverse("fees:call_list")).content.decode()
