import pytest
from cryptography.fernet import Fernet
from django.apps import apps
from django.core.exceptions import FieldError
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from concerto.core import crypto
from concerto.core.fields import encrypted_columns
from concerto.factories import CouncilFactory
from concerto.meetings.models import AgendaItem, Meeting, RecordCorrection, WorkingNote
from concerto.situations.models import Identity, JournalNote
from concerto.situations.tests.factories import AlertFactory, nominative_situation

pytestmark = pytest.mark.django_db
CLEAR = [
    "Dupont", "Jeanne", "1958-03-14", "Lilas", "06 00 00 00 00", "Refus de soins", "Odeurs", "confidentiel", "CSAPA",
    "J. D.", "Entretien", "UDAF",
]  # fmt: skip


def raw_values() -> list[str]:
    values = []
    with connection.cursor() as cursor:
        for label, column in encrypted_columns():
            table = apps.get_model(label)._meta.db_table
            cursor.execute(f"SELECT {connection.ops.quote_name(column)} FROM {table}")
            values += [row[0] for row in cursor.fetchall() if row[0]]
    return values


@pytest.fixture
def data():
    council = CouncilFactory()
    situation = nominative_situation(council)
    JournalNote.objects.create(
        situation=situation, visibility="health_social", occurred_on=timezone.localdate(), text="Refus de soins"
    )
    AlertFactory(council=council, facts="Odeurs dans l'escalier")
    meeting = Meeting.objects.create(council=council, starts_at=timezone.now(), ends_at=timezone.now())
    item = AgendaItem.objects.create(meeting=meeting, situation=situation, decisions="Orientation CSAPA")
    WorkingNote.objects.create(item=item, text="confidentiel")
    RecordCorrection.objects.create(item=item, text="Correction CSAPA")
    from concerto.factories import OrganisationFactory
    from concerto.plans.models import Action

    Action.objects.create(
        council=council, situation=situation, text="Proposer RDV CSAPA", owner_organisation=OrganisationFactory(),
        due_on=timezone.localdate(), kept_after_withdrawal="Protection CSAPA",
    )  # fmt: skip
    type(situation).objects.filter(pk=situation.pk).update(neighbourhood="Lilas-Nord", mandataire="UDAF Lilas")
    return situation


def test_raw_columns_hold_no_clear_text(data):
    values = raw_values()
    assert len(values) >= 18
    for value in values:
        assert value.startswith("gAAAAA"), value[:12]
        assert not any(word in value for word in CLEAR)
    identity = Identity.objects.get(situation=data)
    assert (identity.last_name, identity.birth_date.isoformat()) == ("Dupont", "1958-03-14")


def test_encrypted_columns_refuse_searches(data):
    with pytest.raises(FieldError):
        list(Identity.objects.filter(last_name="Dupont"))


def test_blind_index_matches_normalised_values(data):
    identity = Identity.objects.get(situation=data)
    assert identity.address_index == crypto.blind_index("12  RUE DES LILAS")
    assert identity.person_index == crypto.blind_index("dupont 1958")


def test_key_rotation_reencrypts_everything(data, monkeypatch):
    before = raw_values()
    new_key = Fernet.generate_key().decode()
    old_key = crypto._fernet()._fernets[0]._signing_key + crypto._fernet()._fernets[0]._encryption_key
    import base64

    monkeypatch.setenv("CONCERTO_ENCRYPTION_KEYS", f"{new_key},{base64.urlsafe_b64encode(old_key).decode()}")
    crypto._fernet.cache_clear()
    try:
        call_command("reencrypt", verbosity=0)
        after = raw_values()
        assert set(before).isdisjoint(after)
        # Only the new key is needed from now on.
        monkeypatch.setenv("CONCERTO_ENCRYPTION_KEYS", new_key)
        crypto._fernet.cache_clear()
        assert Identity.objects.get(situation=data).last_name == "Dupont"
    finally:
        crypto._fernet.cache_clear()


def test_every_encrypted_field_is_found_for_rotation():
    """Rotation walks the models: every encrypted field of every app, the char and date variants included."""
    columns = set(encrypted_columns())
    assert {("situations.identity", "last_name"), ("situations.identity", "birth_date"),
            ("plans.action", "text"), ("meetings.workingnote", "text")} <= columns  # fmt: skip
    assert ("situations.situation", "code") not in columns and len(columns) >= 27
