"""Data migration: encrypts working notes written before encryption at rest. Reversible."""

from django.db import migrations

from concerto.core.migration_helpers import decrypt_columns, encrypt_columns


def forwards(apps, schema_editor):
    encrypt_columns(schema_editor, "meetings_workingnote", ["text"])


def backwards(apps, schema_editor):
    decrypt_columns(schema_editor, "meetings_workingnote", ["text"])


class Migration(migrations.Migration):
    dependencies = [("meetings", "0004_encrypt_working_notes")]

    operations = [migrations.RunPython(forwards, backwards)]
