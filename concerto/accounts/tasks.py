"""Account e-mails, rendered and sent by the worker (see `concerto.core.mail`)."""

from django.conf import settings
from django.urls import reverse
from django_tasks import task

from concerto.accounts.models import Invitation
from concerto.core import mail
from concerto.core.crypto import decrypt


@task()
def send_invitation(invitation_id: int, encrypted_token: str) -> int:
    """The link holds the raw token, which only the e-mail carries: the queue stores it encrypted."""
    invitation = Invitation.objects.select_related("council", "invited_by").get(pk=invitation_id)
    link = settings.CONCERTO_SITE_URL.rstrip("/") + reverse(
        "accounts:invitation_accept", args=[decrypt(encrypted_token)]
    )
    context = {"invitation": invitation, "link": link, "council": invitation.council, "actor": invitation.invited_by}
    return mail.send("invitation", context, [invitation.email])
