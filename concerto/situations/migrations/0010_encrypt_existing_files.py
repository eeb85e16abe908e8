"""Data migration: encrypts the attachments and records of decisions stored in clear before hardening issue #9
(files that already decrypt are left alone). Irreversible on purpose: nothing is decrypted back to disk."""

from django.db import migrations


def forwards(apps, schema_editor):
    from concerto.core.storage import seal_existing_files

    seal_existing_files(apps.get_model("situations", "Attachment"), "file")
    seal_existing_files(apps.get_model("meetings", "Meeting"), "record_pdf")


class Migration(migrations.Migration):
    dependencies = [("situations", "0009_encrypted_files"), ("meetings", "0009_encrypted_files")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
