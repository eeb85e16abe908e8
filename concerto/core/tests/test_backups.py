import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from concerto.core.backups import row_counts
from concerto.factories import CouncilFactory, OrganisationFactory
from concerto.situations.models import Identity, JournalNote, Situation
from concerto.situations.tests.factories import nominative_situation

pytestmark = pytest.mark.django_db(transaction=True)


def test_backup_then_restore_finds_every_row(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    council = CouncilFactory()
    OrganisationFactory.create_batch(3, council=council)
    situation = nominative_situation(council)
    JournalNote.objects.create(
        situation=situation, visibility="participants", occurred_on=timezone.localdate(), text="note"
    )
    council.logo.save(
        "logo.png", __import__("django.core.files.base", fromlist=["ContentFile"]).ContentFile(b"\x89PNG")
    )
    before = row_counts()
    call_command("backup", target=str(tmp_path / "backups"), verbosity=0)
    (backup_dir,) = (tmp_path / "backups").iterdir()
    # Disaster: rows and files are lost.
    Situation.objects.all().delete()
    Identity.objects.all().delete()
    council.organisations.all().delete()
    (settings.MEDIA_ROOT / council.logo.name).unlink()
    assert not Identity.objects.exists()
    call_command("restore", str(backup_dir), verbosity=0)
    connection.close()
    assert row_counts() == before
    assert Identity.objects.get().last_name == "Dupont"
    assert (settings.MEDIA_ROOT / council.logo.name).read_bytes() == b"\x89PNG"
