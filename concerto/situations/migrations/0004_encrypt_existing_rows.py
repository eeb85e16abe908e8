"""Data migration: encrypts clear-text identity, notes and alert texts written before encryption at rest, and
fills the blind indexes. Reversible."""

from django.db import migrations

from concerto.core import crypto
from concerto.core.migration_helpers import decrypt_columns, encrypt_columns

IDENTITY = ["last_name", "first_name", "birth_date", "address", "phone"]


def forwards(apps, schema_editor):
    encrypt_columns(schema_editor, "situations_identity", IDENTITY)
    encrypt_columns(schema_editor, "situations_journalnote", ["text"])
    encrypt_columns(schema_editor, "situations_alert", ["facts", "already_tried"])
    quote = schema_editor.quote_name
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT id, last_name, birth_date, address FROM situations_identity")
        for pk, last_name, birth_date, address in cursor.fetchall():
            last_name = crypto.decrypt(last_name) if last_name else ""
            year = crypto.decrypt(birth_date)[:4] if birth_date else ""
            address = crypto.decrypt(address) if address else ""
            cursor.execute(
                f"UPDATE situations_identity SET {quote('address_index')} = %s, {quote('person_index')} = %s, "
                f"{quote('birth_year_index')} = %s WHERE id = %s",
                [
                    crypto.blind_index(address) if address else "",
                    crypto.blind_index(f"{last_name} {year}") if last_name and year else "",
                    crypto.blind_index(f"year:{year}") if year else "",
                    pk,
                ],
            )


def backwards(apps, schema_editor):
    decrypt_columns(schema_editor, "situations_identity", IDENTITY)
    decrypt_columns(schema_editor, "situations_journalnote", ["text"])
    decrypt_columns(schema_editor, "situations_alert", ["facts", "already_tried"])


class Migration(migrations.Migration):
    dependencies = [("situations", "0003_encrypt_identity_and_notes")]

    operations = [migrations.RunPython(forwards, backwards)]
