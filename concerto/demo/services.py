"""Loading the demo council (idempotent) and its users with their second factor already enrolled."""

import base64
import hashlib

from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value, yield_hotp_counters_from_time
from django.db import transaction

from concerto.accounts.models import Membership, User
from concerto.councils.models import Council, PsychiatricSector
from concerto.councils.territory import commune_from_reference
from concerto.demo import data
from concerto.demo.documents import load_documents
from concerto.demo.events import load_events
from concerto.demo.fees import load_fees
from concerto.demo.governance import load_governance
from concerto.demo.history import load_history
from concerto.demo.housing import load_housing
from concerto.demo.situations import load_alerts, load_cell, load_governance_meeting, load_meetings, load_situations
from concerto.directory.models import Contact, Organisation


def demo_totp_secret(email: str) -> str:
    """Deterministic for the demo only, so that the printed secret stays valid across reloads."""
    digest = hashlib.sha256(f"concerto-demo:{email}".encode()).digest()[:20]
    return base64.b32encode(digest).decode()


def current_totp_code(secret: str) -> str:
    counter = next(iter(yield_hotp_counters_from_time()))
    return format_hotp_value(hotp_value(secret, counter))


def _council(spec: dict) -> Council:
    council, _ = Council.objects.update_or_create(
        code=spec["code"],
        defaults={
            "name": spec["name"],
            "legal_form": spec["legal_form"],
            "contact_email": spec["contact_email"],
        },
    )
    council.communes.set([commune_from_reference(code) for code in spec["communes"]])
    for code, name, institution in spec["sectors"]:
        PsychiatricSector.objects.update_or_create(
            council=council, code=code, defaults={"name": name, "institution": institution}
        )
    return council


def _organisations(council: Council) -> dict[str, Organisation]:
    communes = list(council.communes.all())
    by_name = {}
    for index, (name, kind, city, postal_code, services, contacts) in enumerate(data.ORGANISATIONS):
        organisation, _ = Organisation.objects.update_or_create(
            council=council,
            name=name,
            defaults={
                "type": kind,
                "city": city,
                "postal_code": postal_code,
                "address": f"{10 + index} rue des Partenaires",
                "phone": contacts[0][2],
                "email": contacts[0][3],
                "services": services,
            },
        )
        served = [c for c in communes if c.name == city] or communes
        organisation.communes_served.set(served if index % 3 else communes)
        for contact_name, role, phone, email in contacts:
            Contact.objects.update_or_create(
                organisation=organisation,
                name=contact_name,
                defaults={"role": role, "phone": phone, "email": email},
            )
        by_name[name] = organisation
    return by_name


def _user(email: str, first_name: str, last_name: str) -> tuple[User, list[str]]:
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email, data.DEMO_PASSWORD, first_name=first_name, last_name=last_name)
    else:
        user.set_password(data.DEMO_PASSWORD)
        user.is_active = True
        user.save()
    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, demo_totp_secret(email))
    codes = RecoveryCodes.activate(user).get_unused_codes()
    return user, codes


@transaction.atomic
def load_demo() -> list[dict]:
    """Creates or refreshes the demo councils; returns one row per login for printing."""
    council = _council(data.COUNCIL)
    other = _council(data.OTHER_COUNCIL)
    organisations = _organisations(council)
    logins = []
    for target, users in ((council, data.USERS), (other, data.OTHER_USERS)):
        for email, first_name, last_name, role, profession, organisation_name, job_title in users:
            user, codes = _user(email, first_name, last_name)
            Membership.objects.update_or_create(
                user=user,
                council=target,
                defaults={
                    "role": role,
                    "profession": profession,
                    "organisation": organisations.get(organisation_name) if target == council else None,
                    "job_title": job_title,
                    "is_active": True,
                },
            )
            logins.append(
                {
                    "email": email,
                    "council": target.name,
                    "role": role.label,
                    "profession": profession.label,
                    "secret": demo_totp_secret(email),
                    "codes": codes[:3],
                }
            )
    users = {u.email: u for u in User.objects.filter(email__in=[row["email"] for row in logins])}
    cell = load_cell(council)
    load_situations(council, cell, organisations, users)
    load_alerts(council, organisations, users)
    load_meetings(council, cell, users)
    load_governance_meeting(council, users)
    load_history(council, cell, organisations, users)  # last year's activity, for the Bilan (issue 14)
    load_housing(council, organisations)
    load_events(council, organisations)
    load_governance(council, organisations, users)
    load_fees(council, organisations)
    load_documents(council)
    for email, role, profession in data.SHARED_MEMBERSHIPS:
        Membership.objects.update_or_create(
            user=User.objects.get(email=email),
            council=other,
            defaults={"role": role, "profession": profession, "is_active": True},
        )
    return logins
