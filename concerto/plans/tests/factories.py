"""Test helpers of the plans app: an action entrusted to a person without an account, with a live link."""

from django.utils import timezone

from concerto.core.utils import token_hash
from concerto.plans.external_services import email_index, link_expiry
from concerto.plans.models import ExternalActionLink

EXTERNAL_TOKEN = "jeton-action-externe"


def make_external(action, *, name: str = "Dr Martin", email: str = "dr.martin@cabinet.test") -> None:
    """Turns `action` into one owned by a person without an account (as `action_create` stores it)."""
    action.owner_user = None
    action.external_owner_name, action.external_owner_email = name, email
    action.external_owner_index = email_index(email)
    action.save()


def external_link(action, token: str = EXTERNAL_TOKEN, **kwargs) -> ExternalActionLink:
    """A live link of `action` (made external first if it is not) with a known token."""
    if not action.has_external_owner:
        make_external(action)
    kwargs.setdefault("expires_at", link_expiry(action, timezone.now()))
    return ExternalActionLink.objects.create(action=action, token_hash=token_hash(token), **kwargs)


def world_external_token(world) -> str:
    """The world's landlord action, entrusted to a person without an account, and its link's token (once)."""
    action = world.landlord_action
    if not ExternalActionLink.objects.filter(action=action, token_hash=token_hash(EXTERNAL_TOKEN)).exists():
        external_link(action)
    return EXTERNAL_TOKEN
