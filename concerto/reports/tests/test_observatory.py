"""The cross-council observatory (issue 14): only the councils that consent are summed (never a pending, refused or
withdrawn one, nor a stranger), the sums are exact, the suppression applies to the sum, fewer than three councils
show nothing, a council sees only its own observatory, the request → consent → withdrawal flow with its events on
both councils, who reads what, and the XLSX carrying the page's numbers."""

import io
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from concerto.accounts.enums import Profession, Role
from concerto.core.models import Event
from concerto.core.registry import Indicator, registry
from concerto.core.typography import french_spaces as fr
from concerto.factories import CouncilFactory
from concerto.reports import observatory
from concerto.reports.models import ObservatoryMembership
from concerto.reports.suppression import Suppressed
from concerto.situations.tests.factories import AlertFactory

pytestmark = pytest.mark.django_db
Y = timezone.localdate().year - 1
PERIOD = {"annee": Y}

# Per council (by code): a single count, rows of a partition, and a median that does not add up.
VALUES: dict[str, dict] = {}


def _count(council, start, end, cell=None):
    return VALUES.get(council.code, {}).get("count", 0)


def _rows(council, start, end, cell=None):
    return VALUES.get(council.code, {}).get("rows", [])


def _median(council, start, end, cell=None):
    return 12.5


TEST_INDICATORS = [
    Indicator("obs_count", "Alertes de test", "Alertes de test reçues.", "tests", 1, _count),
    Indicator("obs_rows", "Alertes de test par type", "Alertes de test par type.", "tests", 2, _rows),
    Indicator("obs_median", "Délai de test", "Délai médian de test.", "tests", 3, _median, suppressible=False,
              unit="jours", summable=False),
]  # fmt: skip


@pytest.fixture
def indicators(monkeypatch):
    monkeypatch.setattr(registry, "indicators", TEST_INDICATORS)
    VALUES.clear()
    yield VALUES
    VALUES.clear()


def council(code: str, name: str | None = None, **values):
    made = CouncilFactory(code=code, name=name or f"Conseil {code}")
    VALUES[code] = values
    return made


def join(obs, member, *, consented=True, withdrawn=False):
    now = timezone.now()
    return ObservatoryMembership.objects.create(
        observatory=obs, member=member, requested_at=now, consented_at=now if consented else None,
        withdrawn_at=now if withdrawn else None,
    )  # fmt: skip


@pytest.fixture
def federation(indicators):
    """An observatory with three consenting councils (10 + 20 + 30 alerts), and four councils with huge counts (9173 and up) that
    must never reach it: pending, refused, withdrawn, and a stranger."""
    obs = council("FED", "Fédération des CLSM")
    for code, count, rows in [
        ("AAA", 10, [("Bailleur", 3), ("CMP", 10)]),
        ("BBB", 20, [("Bailleur", 1), ("CMP", 10), ("Police", 6)]),
        ("CCC", 30, [("CMP", 2)]),
    ]:
        join(obs, council(code, count=count, rows=rows))
    join(obs, council("PEN", count=9173, rows=[("Bailleur", 9173)]), consented=False)
    join(obs, council("REF", count=9281, rows=[("Bailleur", 9281)]), consented=False, withdrawn=True)
    join(obs, council("WIT", count=9397, rows=[("Bailleur", 9397)]), withdrawn=True)
    council("STR", count=9413, rows=[("Bailleur", 9413)])
    return obs


def figures(result) -> dict:
    out = {}
    for r in result.report.results:
        values = r.rows[0].value if r.single else {row.label: row.value for row in r.rows}
        out[r.indicator.code] = (values, r.total)
    return out


def page(client, member_factory, obs, role=Role.GOVERNANCE_MEMBER, **query):
    client.force_login(member_factory(obs, role).user)
    return client.get(reverse("reports:observatory"), {**PERIOD, **query})


# -- what is summed ------------------------------------------------------------------------------------------------
def test_only_consenting_councils_are_summed_and_the_sums_are_exact(federation, client, member_factory):
    response = page(client, member_factory, federation)
    values = figures(response.context["result"])
    assert values["obs_count"] == (60, None)
    # Bailleur 3 + 1 = 4 < 5 is hidden, so the next smallest (Police, 6) is hidden too; the total stays.
    assert values["obs_rows"] == ({"Bailleur": Suppressed(5), "CMP": 22, "Police": Suppressed(5)}, 32)
    html = response.content.decode()
    for huge in ("9173", "9281", "9397", "9413", "9233", "9341", "9457", "9473", "9177", "9285"):
        assert huge not in html
    assert [m.member.code for m in response.context["result"].members] == ["AAA", "BBB", "CCC"]
    assert all(name in html for name in ("Conseil AAA", "Conseil BBB", "Conseil CCC"))
    assert not any(name in html for name in ("Conseil PEN", "Conseil REF", "Conseil WIT", "Conseil STR"))


def test_the_suppression_applies_to_the_sum_with_the_observatory_threshold(indicators, client, member_factory):
    obs = council("FED")
    obs.report_threshold = 10
    obs.save()
    for code, count in [("AAA", 1), ("BBB", 2), ("CCC", 0)]:
        join(obs, council(code, count=count, rows=[("Seul", count)]))
    values = figures(page(client, member_factory, obs, role=Role.COORDINATOR).context["result"])
    assert values["obs_count"] == (Suppressed(10), None)  # 3 < 10, even for the coordinator
    # the total would give it away, and the only category would tell what every case was: merged and hidden
    assert values["obs_rows"] == ({"Effectifs inférieurs à 10, regroupés": Suppressed(10)}, Suppressed(10))


def test_a_sum_at_or_above_k_is_shown_though_each_council_is_below_it(indicators):
    obs = council("FED")
    for code in ("AAA", "BBB", "CCC"):
        join(obs, council(code, count=2))
    result = observatory.build(obs, date(Y, 1, 1), date(Y, 12, 31))
    assert figures(result)["obs_count"] == (6, None)


def test_values_add_up_by_label_whatever_their_type():
    assert observatory.summed([3, None, 4]) == 7
    assert observatory.summed([None, None]) is None
    assert observatory.summed([Decimal("10.50"), Decimal("2.25"), 0]) == Decimal("12.75")
    assert observatory.summed([Decimal("1.5"), 2.5]) == 4.0
    assert observatory.summed([[("a", 1), ("b", 2)], [], [("c", 5), ("a", None), ("a", 3)]]) == [
        ("a", 4), ("b", 2), ("c", 5)
    ]  # fmt: skip


def test_a_median_is_listed_by_name_and_never_summed(federation, client, member_factory):
    response = page(client, member_factory, federation)
    assert [i.code for i in response.context["result"].not_summed] == ["obs_median"]
    html = response.content.decode()
    assert 'data-non-agrege="obs_median">Délai de test — non agrégé entre conseils</li>' in html
    assert "12,5" not in html and "37,5" not in html


@pytest.mark.parametrize("consenting", [0, 1, 2])
def test_fewer_than_three_councils_show_no_figure(consenting, indicators, client, member_factory):
    obs = council("FED")
    for code in ["AAA", "BBB"][:consenting]:
        join(obs, council(code, count=50, rows=[("CMP", 50)]))
    response = page(client, member_factory, obs)
    assert response.context["result"].report is None
    html = response.content.decode()
    assert 'id="trop-peu"' in html and "data-indicateur" not in html
    export = client.get(reverse("reports:observatory_export"), PERIOD)
    assert list(load_workbook(io.BytesIO(export.content)).active.iter_rows(min_row=2, values_only=True)) == []


def test_a_withdrawal_takes_the_figures_out_at_once_for_every_period(federation, indicators):
    join(federation, council("DDD", count=5))
    start, end = date(Y - 3, 1, 1), date(Y - 3, 12, 31)  # before anyone consented: a consent covers every period
    assert figures(observatory.build(federation, start, end))["obs_count"][0] == 65
    membership = ObservatoryMembership.objects.get(member__code="DDD")
    membership.withdrawn_at = timezone.now()
    membership.save()
    assert figures(observatory.build(federation, start, end))["obs_count"][0] == 60


def test_real_indicators_are_summed_over_the_councils(client, member_factory):
    """The registry's own « alertes reçues », three councils with 2, 3 and 4 alerts in the year, a fourth
    pending with 7."""
    obs = CouncilFactory()
    for count, consented in [(2, True), (3, True), (4, True), (7, False)]:
        member = CouncilFactory()
        for day in range(count):
            AlertFactory(council=member, received_on=date(Y, 4, 1 + day))
        join(obs, member, consented=consented)
    result = page(client, member_factory, obs).context["result"]
    received = next(r for r in result.report.results if r.indicator.code == "alerts_received")
    assert received.rows[0].value == 9
    codes = {r.indicator.code for r in result.report.results}
    assert codes == {i.code for i in registry.indicators if i.summable}
    assert {i.code for i in result.not_summed} == {i.code for i in registry.indicators if not i.summable}


# -- whose observatory ---------------------------------------------------------------------------------------------
def test_a_council_sees_only_its_own_observatory(federation, indicators, client, member_factory):
    other = council("OTH", "Plateforme régionale")
    for code in ("XXX", "YYY", "ZZZ"):
        join(other, council(code, count=100))
    values = figures(page(client, member_factory, other, role=Role.COORDINATOR).context["result"])
    assert values["obs_count"] == (300, None)
    html = client.get(reverse("reports:observatory"), PERIOD).content.decode()
    assert "Conseil AAA" not in html and "Conseil XXX" in html
    # A member council is not an observatory: its own page shows no figure, nothing of the federation's.
    member = federation.observatory_members.get(member__code="AAA").member
    response = page(client, member_factory, member)
    assert response.context["result"].members == [] and "Conseil BBB" not in response.content.decode()


def test_a_council_answers_only_the_requests_addressed_to_it(federation, client, member_factory):
    pending = ObservatoryMembership.objects.get(member__code="PEN")
    client.force_login(member_factory(pending.member, Role.COORDINATOR).user)
    stranger = ObservatoryMembership.objects.get(member__code="AAA")
    for name in ("consent", "refuse", "withdraw"):
        assert client.post(reverse(f"reports:observatory_{name}", args=[stranger.pk])).status_code == 404
    stranger.refresh_from_db()
    assert stranger.withdrawn_at is None


# -- the flow ------------------------------------------------------------------------------------------------------
def test_request_consent_and_withdrawal(indicators, client, member_factory):
    obs, member = council("FED", "Fédération des CLSM"), council("VAL", "CLSM du Val")
    obs_coordinator = member_factory(obs, Role.COORDINATOR).user
    client.force_login(obs_coordinator)
    response = client.post(reverse("reports:observatory_request"), {"code": "val"})
    assert response.status_code == 302
    membership = ObservatoryMembership.objects.get(observatory=obs, member=member)
    assert observatory.status_of(membership) == observatory.PENDING and membership.requested_by == obs_coordinator
    html = client.get(reverse("reports:observatory")).content.decode()
    assert "CLSM du Val" in html and "En attente de réponse" in html

    coordinator = member_factory(member, Role.COORDINATOR).user
    client.force_login(coordinator)
    bilan = client.get(reverse("reports:bilan")).content.decode()
    assert 'id="observatoires-en-attente"' in bilan and "Fédération des CLSM" in bilan
    requests = client.get(reverse("reports:observatories")).content.decode()
    assert fr(f"Ce qui est partagé : {observatory.SHARED}.") in requests
    assert client.post(reverse("reports:observatory_consent", args=[membership.pk])).status_code == 302
    membership.refresh_from_db()
    assert observatory.status_of(membership) == observatory.ACTIVE and membership.consented_by == coordinator
    assert 'id="observatoires-en-attente"' not in client.get(reverse("reports:bilan")).content.decode()
    assert "Retirer l'accord" in client.get(reverse("reports:observatories")).content.decode()

    assert client.post(reverse("reports:observatory_withdraw", args=[membership.pk])).status_code == 302
    membership.refresh_from_db()
    assert observatory.status_of(membership) == observatory.WITHDRAWN and membership.withdrawn_by == coordinator
    assert not observatory.consenting(obs).exists()
    for council_ in (obs, member):
        verbs = list(
            Event.objects.filter(council=council_, verb__startswith="observatory_")
            .order_by("id")
            .values_list("verb", "actor")
        )
        assert verbs == [
            ("observatory_requested", obs_coordinator.pk),
            ("observatory_consented", coordinator.pk),
            ("observatory_withdrawn", coordinator.pk),
        ]
    # Withdrawn twice: refused in French, nothing recorded.
    client.post(reverse("reports:observatory_withdraw", args=[membership.pk]))
    assert Event.objects.filter(verb="observatory_withdrawn").count() == 2


def test_a_refusal_then_a_new_request(indicators, client, member_factory):
    obs, member = council("FED"), council("VAL")
    membership = join(obs, member, consented=False)
    client.force_login(member_factory(member, Role.COORDINATOR).user)
    client.post(reverse("reports:observatory_refuse", args=[membership.pk]))
    membership.refresh_from_db()
    assert observatory.status_of(membership) == observatory.REFUSED
    assert Event.objects.filter(council=member, verb="observatory_refused").exists()
    response = client.post(reverse("reports:observatory_consent", args=[membership.pk]), follow=True)
    assert "Cette demande n&#x27;attend plus de réponse." in response.content.decode()
    membership.refresh_from_db()
    assert membership.consented_at is None
    client.force_login(member_factory(obs, Role.COORDINATOR).user)
    client.post(reverse("reports:observatory_request"), {"code": "VAL"})
    membership.refresh_from_db()
    assert observatory.status_of(membership) == observatory.PENDING
    assert ObservatoryMembership.objects.filter(member=member).count() == 1


@pytest.mark.parametrize(
    ("code", "error"),
    [
        ("NOPE", "Aucun conseil n'a ce code court."),
        ("FED", "Un conseil ne peut pas rejoindre son propre observatoire."),
        ("PEN", "Une demande attend déjà la réponse de Conseil PEN."),
        ("AAA", "Conseil AAA participe déjà à l'observatoire."),
    ],
)
def test_a_refused_request_is_explained_in_french_and_keeps_what_was_typed(
    code, error, federation, client, member_factory
):
    client.force_login(member_factory(federation, Role.COORDINATOR).user)
    before = ObservatoryMembership.objects.count(), Event.objects.count()
    response = client.post(reverse("reports:observatory_request"), {"code": code})
    assert response.status_code == 200
    html = response.content.decode()
    assert fr(error).replace("'", "&#x27;") in html and f'value="{code}"' in html
    assert (ObservatoryMembership.objects.count(), Event.objects.count()) == before


def test_a_council_cannot_join_itself_even_in_the_database(indicators):
    from django.db import IntegrityError, transaction

    obs = council("FED")
    with pytest.raises(IntegrityError), transaction.atomic():
        join(obs, obs)


# -- who reads -----------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("role", "profession", "status"),
    [
        (Role.COORDINATOR, None, 200),
        (Role.DPO, None, 200),
        (Role.GOVERNANCE_MEMBER, None, 200),
        (Role.OBSERVER, None, 200),
        (Role.PARTNER, Profession.ELECTED, 200),
        (Role.PARTNER, Profession.HEALTH, 403),
        (Role.CELL_MEMBER, None, 403),
        (Role.HOUSING_MEMBER, None, 403),
    ],
)
def test_who_reads_the_observatory(role, profession, status, federation, client, member_factory):
    client.force_login(member_factory(federation, role, profession).user)
    response = client.get(reverse("reports:observatory"), PERIOD)
    assert response.status_code == status
    assert client.get(reverse("reports:observatory_export"), PERIOD).status_code == status
    if status == 200:  # always suppressed, the coordinator and the DPO included
        assert figures(response.context["result"])["obs_rows"][0]["Bailleur"] == Suppressed(5)
        asks = 'action="/bilans/observatoire/demander/"' in response.content.decode()
        assert asks is (role == Role.COORDINATOR)
    requests = client.get(reverse("reports:observatories")).status_code
    assert requests == (200 if role in (Role.COORDINATOR, Role.DPO) else 403)


def test_only_the_coordinator_answers(federation, client, member_factory):
    pending = ObservatoryMembership.objects.get(member__code="PEN")
    client.force_login(member_factory(pending.member, Role.DPO).user)
    html = client.get(reverse("reports:observatories")).content.decode()
    assert "Fédération des CLSM" in html and "Accepter" not in html
    assert client.post(reverse("reports:observatory_consent", args=[pending.pk])).status_code == 403
    client.force_login(member_factory(federation, Role.GOVERNANCE_MEMBER).user)
    assert client.post(reverse("reports:observatory_request"), {"code": "STR"}).status_code == 403
    assert not ObservatoryMembership.objects.filter(member__code="STR").exists()


# -- the export ----------------------------------------------------------------------------------------------------
def test_the_xlsx_carries_the_page_numbers_and_is_logged(federation, client, member_factory):
    response = page(client, member_factory, federation, role=Role.OBSERVER)
    html = response.content.decode()
    shown = []
    for r in response.context["result"].report.results:
        for row in r.rows:
            shown.append((r.indicator.label, row.label, row.shown))
            assert f'data-indicateur="{r.indicator.code}">{row.shown.replace("<", "&lt;")}</td>' in html
        if r.total is not None:
            shown.append((r.indicator.label, "Total", r.total_shown))
    shown.append(("Délai de test", "", observatory.NOT_SUMMED))
    export = client.get(reverse("reports:observatory_export"), PERIOD)
    sheet = load_workbook(io.BytesIO(export.content)).active
    exported = [(label, detail or "", str(value)) for label, detail, value, _ in sheet.iter_rows(min_row=2,
                                                                                                 values_only=True)]  # fmt: skip
    assert exported == shown
    assert ("Alertes de test", "", "60") in exported
    event = Event.objects.get(council=federation, verb="observatory_exported")
    assert event.data == {"start": f"{Y}-01-01", "end": f"{Y}-12-31", "members": 3}
