"""E-mail links use the configured public address (`CONCERTO_SITE_URL`), never the address of a request or the
development default: the demo sets it from the port it serves on (scripts/demo_serve.sh)."""

import pytest
from django.test import override_settings
from django.urls import reverse

from concerto.accounts.enums import Role
from concerto.accounts.tasks import send_invitation
from concerto.core.crypto import encrypt
from concerto.meetings.models import PollInvitee
from concerto.meetings.tasks import send_poll_invitation
from concerto.situations.tasks import send_alert_submitted

SITE = "https://clsm.example"


@pytest.mark.django_db
@override_settings(CONCERTO_SITE_URL=SITE + "/")
def test_email_links_use_the_public_address(world, mailoutbox):
    world.invitation.invited_by = world.memberships[Role.COORDINATOR].user  # as the invitation form does
    world.invitation.save()
    send_invitation.call(world.invitation.pk, encrypt(world.token))
    send_alert_submitted.call(world.alert.pk)
    send_poll_invitation.call(PollInvitee.objects.get(poll=world.poll).pk, encrypt(world.poll_token))
    expected = {
        world.invitation.email: SITE + reverse("accounts:invitation_accept", args=[world.token]),
        world.memberships[Role.COORDINATOR].user.email: SITE + reverse("situations:alert_inbox"),
        PollInvitee.objects.get(poll=world.poll).user.email: SITE
        + reverse("meetings:poll_answer", args=[world.poll_token]),
    }
    for recipient, link in expected.items():
        bodies = [m.body for m in mailoutbox if recipient in m.to and "http" in m.body]
        assert bodies, recipient
        assert all(link in body for body in bodies), (link, bodies)
    for message in mailoutbox:
        assert "127.0.0.1" not in message.body and "testserver" not in message.body, message.body


def test_demo_serves_with_its_own_address():
    """The demo exports CONCERTO_SITE_URL from the host and port it serves on, unless it is already set."""
    from pathlib import Path

    script = (Path(__file__).resolve().parents[2] / "scripts" / "demo_serve.sh").read_text()
    assert 'export CONCERTO_SITE_URL="${CONCERTO_SITE_URL:-http://$HOST:$PORT}"' in script
