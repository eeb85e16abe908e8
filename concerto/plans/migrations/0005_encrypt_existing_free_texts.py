"""Data migration: encrypts action texts written in clear before hardening issue #9."""

from django.db import migrations

from concerto.core.migration_helpers import decrypt_columns, encrypt_columns


def forwards(apps, schema_editor):
    encrypt_columns(schema_editor, "plans_action", ["text", "kept_after_withdrawal"])


def backwards(apps, schema_editor):
    decrypt_columns(schema_editor, "plans_action", ["text", "kept_after_withdrawal"])


class Migration(migrations.Migration):
    dependencies = [("plans", "0004_encrypt_free_texts")]

    operations = [migrations.RunPython(forwards, backwards)]
