"""Secret tokens never reach the logs: the path segment after a token URL prefix becomes "[jeton]".

Token URLs: secure links (/saisine/<token>/), invitations (/invitation/<token>/, the item guests'
/reunions/invitation/<token>/ too), poll answers (/reunions/disponibilites/<token>/), the link of an action's owner
without an account (/action-confiee/<token>/), allauth's password reset
(/comptes/password/reset/key/<uidb36>-<key>/) and e-mail confirmation (/comptes/confirm-email/<key>/). The
prefixes are matched with "/" or its encoded form "%2F" (a `?next=` parameter), in the request line, the referer or
any text of the line.

Used by settings.LOGGING (runserver's django.server logger and the console handler) and by
config/gunicorn.conf.py (gunicorn's access and error logs). A test walks every URL pattern with a token or key
argument, so a new one cannot be forgotten here."""

import logging
import re

_SLASH = r"(?:/|%2[Ff])"
_PREFIXES = (
    "saisine",
    "invitation",
    "disponibilites",
    "action-confiee",
    "inscription",  # events: public registration page, cancellation and questionnaires (/evenements/…/<token>/)
    "desinscription",
    "avis",
    "avis-anonyme",
    "confirm-email",
    rf"password{_SLASH}reset{_SLASH}key",
)
TOKEN_IN_PATH = re.compile(
    rf"({_SLASH}(?:{'|'.join(_PREFIXES)}){_SLASH})"  # the prefix, kept
    rf"(?!done(?:{_SLASH}|[\s\"'?&#]|$))"  # allauth's /password/reset/key/done/ carries no key
    rf"(?:(?!{_SLASH})[^\s\"'?&#])+"  # the token: up to the next separator
)
REDACTED = "[jeton]"


def redact(text: str) -> str:
    return TOKEN_IN_PATH.sub(rf"\g<1>{REDACTED}", text)


class RedactTokens(logging.Filter):
    """Formats the record's message, redacted, in place of its template and arguments (the formatter then reads
    the message as it is). Never drops a record."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except (TypeError, ValueError, KeyError):  # a badly formatted record: logging reports it, not us
            return True
        redacted = redact(message)
        if redacted != message:
            record.msg, record.args = redacted, ()
        return True
