"""Re-encrypts every encrypted column under the newest key of CONCERTO_ENCRYPTION_KEYS.

Rotation without downtime: put the new key first in the list (old keys after it), restart the processes, run
this command, then remove the old keys. Rows are updated one by one; the application keeps working meanwhile."""

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import connection, transaction

from concerto.core import crypto
from concerto.core.fields import encrypted_columns


class Command(BaseCommand):
    help = "Rechiffre toutes les données chiffrées avec la clé la plus récente (rotation de clés)."

    def handle(self, *args, **options):
        quote = connection.ops.quote_name
        total = 0
        for label, column in encrypted_columns():
            table = apps.get_model(label)._meta.db_table
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT id, {quote(column)} FROM {quote(table)}")  # noqa: S608 - names from code
                rows = cursor.fetchall()
            for pk, value in rows:
                if not value:
                    continue
                with transaction.atomic(), connection.cursor() as cursor:
                    cursor.execute(
                        f"UPDATE {quote(table)} SET {quote(column)} = %s WHERE id = %s",  # noqa: S608
                        [crypto.rotate(value), pk],
                    )
                total += 1
        self.stdout.write(f"{total} valeurs rechiffrées")
        self.stdout.write(f"{rotate_files()} fichiers rechiffrés")


def rotate_files() -> int:
    """Encrypted uploads (attachments, records of decisions) are rotated like the columns."""
    from concerto.core.storage import EncryptedStorage, encrypted_files

    storage = EncryptedStorage()
    total = 0
    for label, field in encrypted_files():
        for name in apps.get_model(label).objects.exclude(**{field: ""}).values_list(field, flat=True):
            if name and storage.exists(name):
                storage.write_sealed(name, crypto.rotate(storage.read_sealed(name).decode()).encode())
                total += 1
    return total
