"""The rules of the Commission appartement's use cases: a refused call gets a French message and writes nothing."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from concerto.core.errors import DomainError
from concerto.core.models import Event
from concerto.factories import CouncilFactory, OrganisationFactory, UserFactory
from concerto.housing import services
from concerto.housing.enums import ApplicationStatus, Contract, ExitReason, PlaceStatus
from concerto.housing.models import Application, Deposit, Occupancy
from concerto.housing.tests.factories import make_application, make_occupancy, make_place

pytestmark = pytest.mark.django_db
today = timezone.localdate


def days(n: int):
    return today() + timedelta(days=n)


@pytest.fixture
def setup():
    council = CouncilFactory()
    org = OrganisationFactory(council=council)
    place = make_place(council, org, starts_on=days(-200), ends_on=days(200))
    application = make_application(council, org, status=ApplicationStatus.SCHEDULED)
    return council, org, place, application, UserFactory()


def _counts():
    return Occupancy.objects.count(), Event.objects.count(), Application.objects.filter(status="admitted").count()


def _refused(match: str, call, **kwargs):
    before = _counts()
    with pytest.raises(DomainError, match=match):
        call(**kwargs)
    assert _counts() == before


def test_admission_creates_the_occupancy_and_occupies_the_place(setup):
    council, org, place, application, actor = setup
    occupancy = services.application_admit(
        application=application, actor=actor, place=place, data={"entry_on": days(-10), "contract": Contract.SLIDING}
    )
    application.refresh_from_db()
    place.refresh_from_db()
    assert application.status == ApplicationStatus.ADMITTED
    assert (place.status, place.status_since) == (PlaceStatus.OCCUPIED, today())
    assert occupancy.slide_due_on == Occupancy.slide_due(days(-10))
    assert Event.objects.filter(verb="housing_admitted").count() == 1


def test_overlapping_occupancies_beyond_capacity_are_refused(setup):
    council, org, place, application, actor = setup
    make_occupancy(place, make_application(council, org), days(-50))
    data = {"entry_on": days(-5), "contract": Contract.SUBLET}
    _refused("déjà occupée", services.application_admit, application=application, actor=actor, place=place, data=data)


def test_a_second_occupant_fits_a_place_for_two(setup):
    council, org, place, application, actor = setup
    place.capacity = 2
    place.save()
    make_occupancy(place, make_application(council, org), days(-50))
    services.application_admit(application=application, actor=actor, place=place,
                               data={"entry_on": days(-5), "contract": Contract.SUBLET})  # fmt: skip
    assert place.occupancies.count() == 2


def test_entry_outside_the_convention_is_refused(setup):
    council, org, place, application, actor = setup
    before = {"entry_on": days(-300), "contract": Contract.SUBLET}
    _refused("précéder le début de la convention", services.application_admit, application=application, actor=actor,
             place=place, data=before)  # fmt: skip
    ended = make_place(council, org, starts_on=days(-300), ends_on=days(-100))
    after = {"entry_on": days(-50), "contract": Contract.SUBLET}
    _refused("postérieure à la fin", services.application_admit, application=application, actor=actor, place=ended,
             data=after)  # fmt: skip


def test_entry_in_the_future_is_refused(setup):
    council, org, place, application, actor = setup
    data = {"entry_on": days(3), "contract": Contract.SUBLET}
    _refused("futur", services.application_admit, application=application, actor=actor, place=place, data=data)


def test_admission_needs_a_status_the_table_allows(setup):
    council, org, place, _, actor = setup
    received = make_application(council, org, status=ApplicationStatus.RECEIVED)
    data = {"entry_on": days(-5), "contract": Contract.SUBLET}
    _refused("Impossible de passer", services.application_admit, application=received, actor=actor, place=place,
             data=data)  # fmt: skip


def test_exit_before_entry_or_in_the_future_is_refused(setup):
    council, org, place, application, actor = setup
    occupancy = make_occupancy(place, application, days(-20))
    for exit_on, message in ((days(-30), "précéder l'entrée"), (days(2), "futur")):
        with pytest.raises(DomainError, match=message):
            services.occupancy_exit(occupancy=occupancy, actor=actor,
                                    data={"exit_on": exit_on, "exit_reason": ExitReason.OTHER})  # fmt: skip
        occupancy.refresh_from_db()
        assert occupancy.exit_on is None
    services.occupancy_exit(occupancy=occupancy, actor=actor,
                            data={"exit_on": days(-1), "exit_reason": ExitReason.FAMILY})  # fmt: skip
    place.refresh_from_db()
    application.refresh_from_db()
    assert place.status == PlaceStatus.VACANT and application.closed_on == days(-1)


def test_a_deposit_returned_twice_is_refused(setup):
    council, org, place, application, actor = setup
    occupancy = make_occupancy(place, application, days(-20))
    deposit = services.deposit_pay(occupancy=occupancy, actor=actor,
                                   data={"amount": Decimal(400), "paid_on": days(-19)})  # fmt: skip
    services.deposit_return(deposit=deposit, actor=actor,
                            data={"returned_on": days(-2), "kept_amount": Decimal(40), "kept_reason": "Ménage"})  # fmt: skip
    events = Event.objects.count()
    with pytest.raises(DomainError, match="déjà été restitué"):
        services.deposit_return(deposit=deposit, actor=actor, data={"returned_on": days(-1)})
    deposit.refresh_from_db()
    assert (deposit.returned_on, deposit.kept_amount, deposit.returned_amount) == (days(-2), 40, 360)
    assert Event.objects.count() == events
    assert Deposit.objects.count() == 1


def test_status_moves_follow_the_table_and_need_a_reason(setup):
    council, org, place, _, actor = setup
    application = make_application(council, org, status=ApplicationStatus.RECEIVED, completed_on=None)
    application.completed_on = None
    application.save()
    with pytest.raises(DomainError, match="Impossible de passer"):
        services.application_set_status(application=application, actor=actor, status=ApplicationStatus.REFUSED,
                                        reason="x")  # fmt: skip
    services.application_set_status(application=application, actor=actor, status=ApplicationStatus.COMPLETE)
    services.application_set_status(application=application, actor=actor, status=ApplicationStatus.SCHEDULED)
    with pytest.raises(DomainError, match="motif"):
        services.application_set_status(application=application, actor=actor, status=ApplicationStatus.REFUSED)
    services.application_set_status(application=application, actor=actor, status=ApplicationStatus.REFUSED,
                                    reason="Pas de place adaptée")  # fmt: skip
    application.refresh_from_db()
    assert (application.status, application.completed_on, application.closed_on) == ("refused", today(), today())


def test_application_create_keeps_the_identity_apart(setup):
    council, org, place, _, actor = setup
    application = services.application_create(
        council=council, actor=actor, data={"orienting_organisation": org, "received_on": days(-3)},
        identity={"last_name": "Durand", "first_name": "Alix", "birth_date": None, "phone": ""},
    )  # fmt: skip
    assert application.reference.startswith(f"{council.code}-L")
    assert application.identity.last_name == "Durand"
    with pytest.raises(DomainError, match="nom"):
        services.application_create(council=council, actor=actor, identity={"last_name": " "},
                                    data={"orienting_organisation": org, "received_on": days(-3)})  # fmt: skip


def test_a_sliding_lease_is_extended_once_by_twelve_months(setup):
    council, org, place, application, actor = setup
    occupancy = make_occupancy(place, application, days(-20), contract=Contract.SLIDING)
    services.occupancy_extend_slide(occupancy=occupancy, actor=actor)
    assert occupancy.slide_due_on == Occupancy.slide_due(days(-20), extended=True)
    with pytest.raises(DomainError, match="prolongé"):
        services.occupancy_extend_slide(occupancy=occupancy, actor=actor)


def test_a_council_adds_its_own_kind_of_place(setup):
    council, org, place, application, actor = setup
    kind = services.place_kind_add(council=council, actor=actor, label="Maison relais")
    assert kind.code == "maison-relais"
    with pytest.raises(DomainError, match="existe déjà"):
        services.place_kind_add(council=council, actor=actor, label="Maison relais")
    with pytest.raises(DomainError, match="existe déjà"):
        services.place_kind_add(council=council, actor=actor, label="hostel")
