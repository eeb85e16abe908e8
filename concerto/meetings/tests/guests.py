"""A guest without an account for the matrix world (test_authorisation_matrix): invited for the world's agenda item,
with a window already closed, so that their link answers "lien expiré" (410) to anyone, logged in or not (the open
link is tested in test_item_guests.py, which checks what it shows)."""

from datetime import timedelta

from django.utils import timezone

from concerto.core.utils import token_hash
from concerto.meetings.models import ItemGuest

MATRIX_GUEST_TOKEN = "jeton-invite-sans-compte"


def matrix_guest(world) -> ItemGuest:
    existing = ItemGuest.objects.filter(token_hash=token_hash(MATRIX_GUEST_TOKEN)).first()
    if existing is not None:
        return existing
    now = timezone.now()
    return ItemGuest.objects.create(
        item=world.item, name="Invitée Matrice", email="invitee-matrice@exemple.test",
        token_hash=token_hash(MATRIX_GUEST_TOKEN), window_start=now - timedelta(days=3),
        window_end=now - timedelta(days=1),
    )  # fmt: skip


MATRIX_SERVED_TOKEN = "jeton-proche-sans-compte"


def matrix_served_guest(world) -> ItemGuest:
    """A relative of the person invited for the world's agenda item (issue 13), whose words the coordinator records."""
    from concerto.meetings.enums import GuestKind
    from concerto.situations.enums import Relationship

    existing = ItemGuest.objects.filter(token_hash=token_hash(MATRIX_SERVED_TOKEN)).first()
    if existing is not None:
        return existing
    now = timezone.now()
    return ItemGuest.objects.create(
        item=world.item, kind=GuestKind.RELATIVE, relationship=Relationship.PARENT, name="Proche Matrice",
        email="proche-matrice@exemple.test", token_hash=token_hash(MATRIX_SERVED_TOKEN),
        window_start=now - timedelta(days=1), window_end=now + timedelta(days=1),
    )  # fmt: skip
