"""Raw-SQL helpers for data migrations that encrypt existing clear-text columns (historical models would try to
decrypt them). Idempotent: values that already decrypt are left alone."""

from cryptography.fernet import InvalidToken

from concerto.core import crypto


def _is_token(value: str) -> bool:
    try:
        crypto.decrypt(value)
    except (InvalidToken, ValueError, TypeError):
        return False
    return True


def encrypt_columns(schema_editor, table: str, columns: list[str]) -> None:
    quote = schema_editor.quote_name
    with schema_editor.connection.cursor() as cursor:
        for column in columns:
            cursor.execute(f"SELECT id, {quote(column)} FROM {quote(table)}")  # noqa: S608 - names from code
            for pk, value in cursor.fetchall():
                if value and not _is_token(value):
                    cursor.execute(
                        f"UPDATE {quote(table)} SET {quote(column)} = %s WHERE id = %s",  # noqa: S608
                        [crypto.encrypt(str(value)), pk],
                    )


def decrypt_columns(schema_editor, table: str, columns: list[str]) -> None:
    quote = schema_editor.quote_name
    with schema_editor.connection.cursor() as cursor:
        for column in columns:
            cursor.execute(f"SELECT id, {quote(column)} FROM {quote(table)}")  # noqa: S608
            for pk, value in cursor.fetchall():
                if value and _is_token(value):
                    cursor.execute(
                        f"UPDATE {quote(table)} SET {quote(column)} = %s WHERE id = %s",  # noqa: S608
                        [crypto.decrypt(value), pk],
                    )
