"""Data migration: encrypts the free texts that can describe a person (written in clear before hardening issue
#9) and fills the blind indexes of the situation's label and neighbourhood. Reversible."""

from django.db import migrations

from concerto.core import crypto
from concerto.core.migration_helpers import decrypt_columns, encrypt_columns

ALERT = ["expected_help", "decision_reason", "initials", "neighbourhood", "landlord_name", "mandataire"]
SITUATION = ["label", "initials", "neighbourhood", "landlord_name", "mandataire"]
CONSENT = ["by_whom", "means"]


def forwards(apps, schema_editor):
    encrypt_columns(schema_editor, "situations_alert", ALERT)
    encrypt_columns(schema_editor, "situations_situation", SITUATION)
    encrypt_columns(schema_editor, "situations_consentrecord", CONSENT)
    quote = schema_editor.quote_name
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT id, label, neighbourhood FROM situations_situation")
        for pk, label, neighbourhood in cursor.fetchall():
            label = crypto.decrypt(label) if label else ""
            neighbourhood = crypto.decrypt(neighbourhood) if neighbourhood else ""
            cursor.execute(
                f"UPDATE situations_situation SET {quote('label_index')} = %s, {quote('neighbourhood_index')} = %s "
                "WHERE id = %s",
                [
                    crypto.blind_index(label) if label else "",
                    crypto.blind_index(neighbourhood) if neighbourhood else "",
                    pk,
                ],
            )


def backwards(apps, schema_editor):
    decrypt_columns(schema_editor, "situations_alert", ALERT)
    decrypt_columns(schema_editor, "situations_situation", SITUATION)
    decrypt_columns(schema_editor, "situations_consentrecord", CONSENT)


class Migration(migrations.Migration):
    dependencies = [("situations", "0007_encrypt_free_texts")]

    operations = [migrations.RunPython(forwards, backwards)]
