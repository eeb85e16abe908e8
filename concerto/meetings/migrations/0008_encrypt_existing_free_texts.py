"""Data migration: encrypts decisions and record corrections written in clear before hardening issue #9."""

from django.db import migrations

from concerto.core.migration_helpers import decrypt_columns, encrypt_columns


def forwards(apps, schema_editor):
    encrypt_columns(schema_editor, "meetings_agendaitem", ["decisions"])
    encrypt_columns(schema_editor, "meetings_recordcorrection", ["text"])


def backwards(apps, schema_editor):
    decrypt_columns(schema_editor, "meetings_agendaitem", ["decisions"])
    decrypt_columns(schema_editor, "meetings_recordcorrection", ["text"])


class Migration(migrations.Migration):
    dependencies = [("meetings", "0007_encrypt_free_texts")]

    operations = [migrations.RunPython(forwards, backwards)]
