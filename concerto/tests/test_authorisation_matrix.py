"""The authorisation matrix: every URL pattern of the project × every actor → the expected status.

A URL added without an entry here makes `test_every_url_has_an_entry` fail. Each actor is a member of
council A with one role (and the usual profession for it), an anonymous visitor, or the coordinator of
council B, who must find nothing of A (404 on A's objects)."""

from dataclasses import dataclass, field

import pytest
from django.db import transaction
from django.urls import URLResolver, get_resolver, reverse

from concerto.accounts.enums import Role

ANON = "anonyme"
OTHER = "autre_conseil"
ROLES = [r.value for r in Role]
# Partners who take part in the situation of the world: a health professional and a landlord.
P_HEALTH = "participant_sante"
P_LANDLORD = "participant_bailleur"
P_SOCIAL, P_POLICE, P_ELECTED, P_ADMIN = (
    "participant_social", "participant_police", "participant_elected", "participant_administrative",
)  # fmt: skip
PARTICIPANTS = [P_HEALTH, P_SOCIAL, P_LANDLORD, P_POLICE, P_ELECTED, P_ADMIN]
EXPIRED = "invitation_expiree"  # an actor invited for the situation whose access window has closed
ACTORS = [ANON, *ROLES, *PARTICIPANTS, EXPIRED, OTHER]
P = Role.PARTNER.value
CM = Role.CELL_MEMBER.value
C = Role.COORDINATOR.value
OBS = Role.OBSERVER.value


def walk(patterns, namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from walk(pattern.url_patterns, namespace + (f"{pattern.namespace}:" if pattern.namespace else ""))
        else:
            yield namespace + (pattern.name or f"<sans nom:{pattern.pattern}>")


@dataclass
class Entry:
    expect: dict[str, int]
    kwargs: callable = lambda w: {}  # noqa: E731
    method: str = "get"
    data: dict = field(default_factory=dict)


def expect(default: int, anon: int = 302, **overrides: int) -> dict[str, int]:
    table = {actor: default for actor in ACTORS}
    table[ANON] = anon
    table.update(overrides)
    return table


def members(ok=200, *, other=None):
    """Any member of the council; `other` is what council B's coordinator gets (404 on A's objects)."""
    return expect(ok, **({OTHER: other} if other else {}))


def coordinator(ok=200, *, other=None, denied=403):
    table = expect(denied, **{C: ok})
    table[OTHER] = other if other is not None else ok
    return table


def only(ok: int, actors: list[str], *, default: int = 404) -> dict[str, int]:
    """`ok` for these actors, `default` for every other member and council B, 302 for the anonymous visitor."""
    table = expect(default, **{actor: ok for actor in actors})
    return table


def read_only(table: dict[str, int]) -> dict[str, int]:
    """A write: the observer (read-only role) is refused with 403 before the page looks at the object."""
    return {**table, OBS: 403}


SITUATION_READERS = [C, CM, *PARTICIPANTS]  # the code and status
CONTENT = [C, *PARTICIPANTS]  # participants and the coordinator
CLINICAL = [C, P_HEALTH, P_SOCIAL]  # health and social professionals taking part, and the coordinator
PUBLIC = expect(200, anon=200)
LOGGED_IN = expect(200)
ANON_ONLY = expect(302, anon=200)

ORG = {"pk": None}


def _guest(w):
    from concerto.meetings.tests.guests import matrix_guest

    return matrix_guest(w)


def _guest_token(w):
    from concerto.meetings.tests.guests import MATRIX_GUEST_TOKEN

    _guest(w)
    return MATRIX_GUEST_TOKEN


def _relative(w):
    from concerto.situations.tests.test_relatives import matrix_relative

    return matrix_relative(w)


def _housing(w):
    from concerto.housing.tests.factories import housing_world

    return housing_world(w)


HM = Role.HOUSING_MEMBER.value
# The Commission appartement: the coordinator, its members, and the landlord of the world's place (its own places).
HOUSING_READERS = expect(403, **{C: 200, HM: 200, P_LANDLORD: 200, OTHER: 404})
HOUSING_APPLICATIONS = expect(403, **{C: 200, HM: 200, OTHER: 404})
HOUSING_COORDINATOR = expect(403, **{C: 200, OTHER: 404})
# The Bilan (issue 14): exact figures for the coordinator and the DPO, suppressed ones for the others who read it.
BILAN_READERS = expect(
    403, **{C: 200, Role.DPO.value: 200, Role.GOVERNANCE_MEMBER.value: 200, OBS: 200, P_ELECTED: 200, OTHER: 200}
)
# A care team (a partner of a health or social profession with an organisation) submits and follows its applications.
CARE_TEAMS = expect(403, **{P_HEALTH: 200, P_SOCIAL: 200})  # the expired invitee has no organisation: 403


def _observatory_request(w):
    """An observatory's request, waiting for the answer of the world's council."""
    from django.utils import timezone

    from concerto.factories import CouncilFactory
    from concerto.reports.models import ObservatoryMembership

    request = ObservatoryMembership.objects.create(
        observatory=CouncilFactory(), member=w.council, requested_at=timezone.now()
    )
    return {"pk": request.pk}


def _care_team(w):
    from concerto.housing.tests.care_team_factories import care_team_world

    return care_team_world(w)


def _commission(w):
    from concerto.housing.tests.factories import commission_world

    return commission_world(w)


def _place(w):
    return {"pk": _housing(w).place.pk}


def _application(w):
    return {"reference": _housing(w).application.reference}


def _occupancy(w):
    return {"pk": _housing(w).occupancy.pk}


def _events(w):
    from concerto.events.tests.factories import events_world

    return events_world(w)


def _desk(w):
    from concerto.housing.tests.desk_factories import desk_world

    return desk_world(w)


def _external_token(world) -> str:
    from concerto.plans.tests.factories import world_external_token

    return world_external_token(world)


def _governance() -> dict[str, Entry]:
    """Bodies, their meetings, decisions and projects (issue 13): the coordinator manages, a governance member reads
    everything, any other member what concerns them (the world's partner sits in the COPIL and pilots the project),
    404 outside; lists are filtered, never refused."""

    def gov(w):
        from concerto.governance.tests.factories import governance_world

        return governance_world(w)

    gm = Role.GOVERNANCE_MEMBER.value
    concerned = only(200, [C, gm, P])
    body = lambda w: {"pk": gov(w).body.pk}  # noqa: E731
    meeting = lambda w: {"pk": gov(w).meeting.pk}  # noqa: E731
    project = lambda w: {"pk": gov(w).project.pk}  # noqa: E731
    return {
        "governance:body_list": Entry(members(), kwargs=lambda w: gov(w) and {}),
        "governance:body_create": Entry(coordinator()),
        "governance:body_detail": Entry(concerned, kwargs=body),
        "governance:body_edit": Entry(coordinator(other=404), kwargs=body),
        "governance:member_add": Entry(coordinator(other=404), kwargs=body),
        "governance:member_end": Entry(
            coordinator(other=404), kwargs=lambda w: {"pk": gov(w).body.pk, "member_pk": gov(w).president.pk}
        ),
        "governance:convene": Entry(coordinator(other=404), kwargs=body),
        "governance:meeting": Entry(concerned, kwargs=meeting),
        "governance:attendance": Entry(coordinator(302, other=404), kwargs=meeting, method="post"),
        "governance:decision_add": Entry(coordinator(other=404), kwargs=meeting),
        "governance:decision_list": Entry(members(), kwargs=lambda w: gov(w) and {}),
        "governance:decision_export": Entry(members(), kwargs=lambda w: gov(w) and {}),
        "governance:project_list": Entry(members(), kwargs=lambda w: gov(w) and {}),
        "governance:project_create": Entry(coordinator()),
        "governance:project_table": Entry(members(), kwargs=lambda w: gov(w) and {}),
        "governance:project_table_xlsx": Entry(members(), kwargs=lambda w: gov(w) and {}),
        "governance:project_table_pdf": Entry(members(), kwargs=lambda w: gov(w) and {}),
        "governance:project_detail": Entry(concerned, kwargs=project),
        "governance:project_edit": Entry(coordinator(other=404), kwargs=project),
        "governance:project_status": Entry(coordinator(other=404), kwargs=project),
        "governance:action_add": Entry(coordinator(other=404), kwargs=project),
        "governance:action_toggle": Entry(
            coordinator(302, other=404),
            kwargs=lambda w: {"pk": gov(w).project.pk, "action_pk": gov(w).action.pk},
            method="post",
        ),
    }


def _fees_and_documents() -> dict[str, Entry]:
    """Fees: the coordinator manages, a governance member reads, anyone else 403, council B 404 on A's rows.
    Documents: every member lists and downloads what is shown to the whole council, the coordinator adds."""

    def fees(w):
        from concerto.fees.tests.factories import fees_world

        return fees_world(w)

    def library(w):
        from concerto.documents.tests.factories import documents_world

        return documents_world(w)

    gm = Role.GOVERNANCE_MEMBER.value
    readers, readers_of_a = expect(403, **{C: 200, gm: 200, OTHER: 200}), expect(403, **{C: 200, gm: 200, OTHER: 404})
    call = lambda w: {"pk": fees(w).call.pk}  # noqa: E731
    return {
        "fees:call_list": Entry(readers),
        "fees:call_export": Entry(readers),
        "fees:member_list": Entry(readers),
        "fees:settings": Entry(coordinator()),
        "fees:member_create": Entry(coordinator()),
        "fees:generate": Entry(coordinator()),
        "fees:member_edit": Entry(expect(403, **{C: 200, OTHER: 404}), kwargs=lambda w: {"pk": fees(w).member.pk}),
        "fees:call_detail": Entry(readers_of_a, kwargs=call),
        "fees:call_pdf": Entry(readers_of_a, kwargs=call),
        "fees:payment_add": Entry(expect(403, **{C: 200, OTHER: 404}), kwargs=call),
        "fees:remind": Entry(expect(403, **{C: 302, OTHER: 404}), kwargs=call, method="post"),
        "documents:list": Entry(members()),
        "documents:alert_form": Entry(members()),
        "documents:create": Entry(coordinator()),
        "documents:detail": Entry(members(other=404), kwargs=lambda w: {"pk": library(w).public.pk}),
        "documents:download": Entry(members(other=404), kwargs=lambda w: {"pk": library(w).version.pk}),
        "documents:version_add": Entry(
            expect(403, **{C: 200, OTHER: 404}), kwargs=lambda w: {"pk": library(w).public.pk}
        ),
    }


MATRIX: dict[str, Entry] = {
    # --- core
    "home": Entry(members()),
    "healthz": Entry(PUBLIC),
    "accessibility": Entry(PUBLIC),
    "audit_log": Entry(expect(403, **{C: 200, Role.DPO.value: 200, OTHER: 200})),
    "audit_log_export": Entry(expect(403, **{C: 200, Role.DPO.value: 200, OTHER: 200})),
    # --- allauth (login, password, second factor)
    "account_login": Entry(ANON_ONLY),
    "account_logout": Entry(expect(200, anon=302)),
    "account_inactive": Entry(PUBLIC),
    "account_signup": Entry(expect(302, anon=200)),
    "account_reauthenticate": Entry(LOGGED_IN),
    "account_email": Entry(LOGGED_IN),
    "account_email_verification_sent": Entry(PUBLIC),
    "account_change_password": Entry(LOGGED_IN),
    "account_set_password": Entry(expect(302)),
    "account_reset_password": Entry(PUBLIC),
    "account_confirm_login_code": Entry(expect(302, anon=302)),
    "account_confirm_email": Entry(PUBLIC, kwargs=lambda w: {"key": "cle-inconnue"}),
    "account_reset_password_from_key_done": Entry(PUBLIC),
    "account_reset_password_from_key": Entry(PUBLIC, kwargs=lambda w: {"uidb36": "zz", "key": "cle-inconnue"}),
    "account_reset_password_done": Entry(PUBLIC),
    "mfa_index": Entry(LOGGED_IN),
    "usersessions_list": Entry(LOGGED_IN),
    "mfa_authenticate": Entry(expect(302, anon=302)),
    "mfa_reauthenticate": Entry(LOGGED_IN),
    "mfa_activate_totp": Entry(expect(302)),
    "mfa_deactivate_totp": Entry(expect(302)),
    "mfa_view_recovery_codes": Entry(expect(302)),
    "mfa_generate_recovery_codes": Entry(expect(302)),
    "mfa_download_recovery_codes": Entry(expect(302)),
    # --- accounts: members and invitations
    "accounts:member_list": Entry(coordinator()),
    "accounts:member_invite": Entry(coordinator()),
    "accounts:member_edit": Entry(coordinator(other=404), kwargs=lambda w: {"pk": w.memberships[Role.PARTNER].pk}),
    "accounts:member_unlock": Entry(
        coordinator(302, other=404), kwargs=lambda w: {"pk": w.memberships[Role.PARTNER].pk}, method="post"
    ),
    "accounts:invitation_revoke": Entry(
        coordinator(302, other=404), kwargs=lambda w: {"pk": w.invitation.pk}, method="post"
    ),
    "accounts:invitation_accept": Entry(expect(200, anon=200), kwargs=lambda w: {"token": w.token}),
    "accounts:profile": Entry(LOGGED_IN),
    "accounts:session_list": Entry(coordinator()),
    "accounts:session_revoke": Entry(coordinator(302, other=404), kwargs=lambda w: {"pk": w.session.pk}, method="post"),
    "accounts:council_switch": Entry(expect(302), method="post", data={"council": "0"}),
    # --- councils
    "councils:detail": Entry(members()),
    "councils:edit": Entry(coordinator()),
    "councils:logo": Entry(members(404)),
    "councils:territory": Entry(coordinator()),
    "councils:commune_add": Entry(coordinator(302), method="post", data={"insee_code": "59017"}),
    "councils:commune_remove": Entry(
        coordinator(302, other=404), kwargs=lambda w: {"insee_code": w.commune.insee_code}, method="post"
    ),
    "councils:sector_create": Entry(coordinator()),
    "councils:sector_delete": Entry(coordinator(302, other=404), kwargs=lambda w: {"pk": w.sector.pk}, method="post"),
    "councils:problem_types": Entry(coordinator()),
    # A national code is in every council's list: council B's coordinator changes B's own list.
    "councils:problem_type_change": Entry(
        coordinator(302), kwargs=lambda w: {"code": "hoarding"}, method="post", data={"action": "hide"}
    ),
    # --- directory
    "directory:list": Entry(members()),
    "directory:create": Entry(coordinator()),
    "directory:export_xlsx": Entry(members()),
    "directory:export_csv": Entry(members()),
    "directory:detail": Entry(members(other=404), kwargs=lambda w: {"pk": w.org.pk}),
    "directory:edit": Entry(coordinator(other=404), kwargs=lambda w: {"pk": w.org.pk}),
    "directory:delete": Entry(coordinator(other=404), kwargs=lambda w: {"pk": w.org.pk}),
    "directory:contact_create": Entry(coordinator(other=404), kwargs=lambda w: {"pk": w.org.pk}),
    "directory:contact_edit": Entry(
        coordinator(other=404), kwargs=lambda w: {"pk": w.org.pk, "contact_pk": w.contact.pk}
    ),
    "directory:contact_delete": Entry(
        coordinator(302, other=404), kwargs=lambda w: {"pk": w.org.pk, "contact_pk": w.contact.pk}, method="post"
    ),
    # --- alerts
    "situations:alert_create": Entry(members()),
    "situations:alert_mine": Entry(members()),
    "situations:alert_edit": Entry(only(200, [P]), kwargs=lambda w: {"pk": w.draft.pk}),
    "situations:alert_done": Entry(only(200, [P]), kwargs=lambda w: {"pk": w.alert.pk}),
    "situations:alert_inbox": Entry(coordinator()),
    "situations:alert_export": Entry(coordinator()),
    "situations:alert_qualify": Entry(coordinator(other=404), kwargs=lambda w: {"pk": w.alert.pk}),
    "situations:attachment": Entry(coordinator(other=404), kwargs=lambda w: {"pk": w.attachment.pk}),
    "situations:link_list": Entry(coordinator()),
    "situations:link_revoke": Entry(coordinator(302, other=404), kwargs=lambda w: {"pk": w.link.pk}, method="post"),
    "situations:public_alert": Entry(PUBLIC, kwargs=lambda w: {"token": w.link_token}),
    # --- situations (need-to-know: participants and the coordinator; cell members see code and status)
    "situations:list": Entry(members()),
    "situations:export": Entry(coordinator()),
    "situations:detail": Entry(only(200, SITUATION_READERS), kwargs=lambda w: {"code": w.situation.code}),
    "situations:identity": Entry(only(200, CONTENT), kwargs=lambda w: {"code": w.situation.code}),
    "situations:edit": Entry(coordinator(other=404), kwargs=lambda w: {"code": w.situation.code}),
    "situations:mode": Entry(coordinator(other=404), kwargs=lambda w: {"code": w.situation.code}),
    "situations:consent": Entry(only(200, CONTENT), kwargs=lambda w: {"code": w.situation.code}),
    "situations:participants": Entry(only(200, CONTENT), kwargs=lambda w: {"code": w.situation.code}),
    "situations:participant_end": Entry(
        coordinator(302, other=404),
        kwargs=lambda w: {"code": w.situation.code, "pk": w.participants[P_LANDLORD].pk},
        method="post",
    ),
    "situations:participant_referent": Entry(
        coordinator(302, other=404),
        kwargs=lambda w: {"code": w.situation.code, "pk": w.participants[P_LANDLORD].pk},
        method="post",
    ),
    # A relative of the person (issue 13): the coordinator alone; an empty form is shown again (200).
    "situations:relative_add": Entry(
        coordinator(200, other=404), kwargs=lambda w: {"code": w.situation.code}, method="post"
    ),
    "situations:relative_end": Entry(
        coordinator(302, other=404), kwargs=lambda w: {"code": w.situation.code, "pk": _relative(w).pk}, method="post"
    ),
    "situations:journal": Entry(only(200, CONTENT), kwargs=lambda w: {"code": w.situation.code}),
    "situations:note": Entry(only(200, CLINICAL), kwargs=lambda w: {"code": w.situation.code, "pk": w.health_note.pk}),
    "situations:close": Entry(coordinator(other=404), kwargs=lambda w: {"code": w.situation.code}),
    "situations:timeline": Entry(only(200, CONTENT), kwargs=lambda w: {"code": w.situation.code}),
    # --- actions
    "plans:my_actions": Entry(members()),
    "plans:situation_actions": Entry(only(200, CONTENT), kwargs=lambda w: {"code": w.situation.code}),
    "plans:action_status": Entry(
        read_only(only(302, [C, P_LANDLORD])),
        kwargs=lambda w: {"code": w.situation.code, "pk": w.landlord_action.pk},
        method="post",
        data={"status": "done"},
    ),
    "plans:action_withdrawal": Entry(
        read_only(only(302, [C])),
        kwargs=lambda w: {"code": w.situation.code, "pk": w.landlord_action.pk},
        method="post",
        data={"decision": "cancel"},
    ),
    # The council's actions, their export and the one-click reminder: the coordinator's alone.
    "plans:council_actions": Entry(coordinator()),
    "plans:council_actions_export": Entry(coordinator()),
    "plans:action_remind": Entry(
        coordinator(302, other=404), kwargs=lambda w: {"pk": w.landlord_action.pk}, method="post"
    ),
    "plans:action_follow_up": Entry(
        only(200, [C]), kwargs=lambda w: {"code": w.situation.code, "parent": w.landlord_action.pk}
    ),
    # An action entrusted to a person without an account: the coordinator re-sends the link; the link's page.
    "plans:action_external_link": Entry(
        coordinator(302, other=404), kwargs=lambda w: {"pk": w.landlord_action.pk}, method="post"
    ),
    "plans:external_action": Entry(PUBLIC, kwargs=lambda w: {"token": _external_token(w)}),
    # --- meetings: the coordinator and the invited see a meeting; only the coordinator runs it
    "meetings:list": Entry(members()),
    "meetings:export": Entry(coordinator()),
    "meetings:create": Entry(coordinator()),
    "meetings:detail": Entry(only(200, [C, CM]), kwargs=lambda w: {"pk": w.meeting.pk}),
    "meetings:edit": Entry(coordinator(other=404), kwargs=lambda w: {"pk": w.meeting.pk}),
    "meetings:cancel": Entry(coordinator(302, other=404), kwargs=lambda w: {"pk": w.meeting.pk}, method="post"),
    "meetings:agenda_add": Entry(coordinator(302, other=404), kwargs=lambda w: {"pk": w.meeting.pk}, method="post"),
    "meetings:topic_add": Entry(coordinator(302, other=404), kwargs=lambda w: {"pk": w.meeting.pk}, method="post"),
    "meetings:invite_actor": Entry(coordinator(302, other=404), kwargs=lambda w: {"pk": w.meeting.pk}, method="post"),
    "meetings:send": Entry(coordinator(302, other=404), kwargs=lambda w: {"pk": w.meeting.pk}, method="post"),
    "meetings:attendance": Entry(coordinator(302, other=404), kwargs=lambda w: {"pk": w.meeting.pk}, method="post"),
    "meetings:confidentiality": Entry(
        read_only(only(302, [C, CM])), kwargs=lambda w: {"pk": w.meeting.pk}, method="post"
    ),
    "meetings:mode": Entry(coordinator(other=404), kwargs=lambda w: {"pk": w.meeting.pk}),
    "meetings:sign_off": Entry(coordinator(302, other=404), kwargs=lambda w: {"pk": w.meeting.pk}, method="post"),
    "meetings:record": Entry(only(200, [C, CM]), kwargs=lambda w: {"pk": w.signed_meeting.pk}),
    "meetings:ics": Entry(only(200, [C, CM]), kwargs=lambda w: {"pk": w.meeting.pk}),
    "meetings:poll_new": Entry(coordinator()),
    "meetings:poll_detail": Entry(coordinator(other=404), kwargs=lambda w: {"pk": w.poll.pk}),
    "meetings:poll_choose": Entry(
        coordinator(302, other=404), kwargs=lambda w: {"pk": w.poll.pk, "slot_pk": w.slot.pk}, method="post"
    ),
    "meetings:poll_answer": Entry(PUBLIC, kwargs=lambda w: {"token": w.poll_token}),
    "meetings:guest_add": Entry(
        coordinator(302, other=404), kwargs=lambda w: {"pk": w.meeting.pk, "item_pk": w.item.pk}, method="post"
    ),
    "meetings:guest_revoke": Entry(
        coordinator(302, other=404), kwargs=lambda w: {"pk": w.meeting.pk, "guest_pk": _guest(w).pk}, method="post"
    ),
    "meetings:guest_words": Entry(
        coordinator(302, other=404), kwargs=lambda w: {"pk": w.meeting.pk, "guest_pk": _guest(w).pk}, method="post"
    ),
    # The token, not a membership, opens the page; the world's guest link is expired: 410 for anyone.
    "meetings:guest_page": Entry(expect(410, anon=410), kwargs=lambda w: {"token": _guest_token(w)}),
    # --- housing (Commission appartement): 403 to every other role, 404 on another council's objects
    "housing:desk": Entry(expect(403, **{C: 200, HM: 200, OTHER: 200})),
    "housing:place_list": Entry(
        expect(403, **{C: 200, HM: 200, P_LANDLORD: 200, OTHER: 200}), kwargs=lambda w: _housing(w) and {}
    ),
    "housing:place_create": Entry(coordinator()),
    "housing:place_kinds": Entry(coordinator()),
    "housing:place_kind_edit": Entry(HOUSING_COORDINATOR, kwargs=lambda w: {"pk": _desk(w).kind.pk}),
    "housing:place_kind_delete": Entry(HOUSING_COORDINATOR, kwargs=lambda w: {"pk": _desk(w).kind.pk}),
    "housing:slide_extend": Entry(HOUSING_COORDINATOR | {C: 302}, kwargs=_occupancy, method="post"),
    "housing:place_detail": Entry(HOUSING_READERS, kwargs=_place),
    "housing:place_edit": Entry(HOUSING_COORDINATOR, kwargs=_place),
    "housing:convention_add": Entry(HOUSING_COORDINATOR, kwargs=_place),
    "housing:unavailability_add": Entry(HOUSING_COORDINATOR, kwargs=_place),
    "housing:application_list": Entry(expect(403, **{C: 200, HM: 200, OTHER: 200})),
    "housing:application_create": Entry(coordinator()),
    "housing:application_detail": Entry(HOUSING_APPLICATIONS, kwargs=_application),
    "housing:application_identity": Entry(HOUSING_APPLICATIONS, kwargs=_application),
    "housing:application_status": Entry(
        expect(403, **{C: 302, OTHER: 404}), kwargs=_application, method="post", data={"status": "scheduled"}
    ),
    "housing:application_consent": Entry(HOUSING_COORDINATOR, kwargs=_application),
    "housing:application_edit": Entry(HOUSING_COORDINATOR, kwargs=_application),
    "housing:application_admit": Entry(HOUSING_COORDINATOR, kwargs=_application),
    "housing:occupancy_exit": Entry(HOUSING_COORDINATOR, kwargs=_occupancy),
    # A care team's own applications (partners of a health or social profession; their organisation's only)
    "housing:care_team_list": Entry(CARE_TEAMS),
    "housing:care_team_submit": Entry(CARE_TEAMS),
    "housing:care_team_detail": Entry(
        expect(403, **{P_HEALTH: 200, P_SOCIAL: 404}),
        kwargs=lambda w: {"reference": _care_team(w).application.reference},
    ),
    "housing:deposit_add": Entry(HOUSING_COORDINATOR, kwargs=_occupancy),
    "housing:incident_add": Entry(HOUSING_COORDINATOR, kwargs=_occupancy),
    "housing:deposit_return": Entry(HOUSING_COORDINATOR, kwargs=lambda w: {"pk": _housing(w).deposit.pk}),
    # The quarterly commission's preparation and record: the coordinator only (the members read the meeting page).
    "housing:commission_session": Entry(HOUSING_COORDINATOR, kwargs=lambda w: {"pk": _commission(w).meeting.pk}),
    "housing:commission_venue": Entry(
        HOUSING_COORDINATOR | {C: 302}, kwargs=lambda w: {"pk": _commission(w).meeting.pk}, method="post"
    ),
    "housing:commission_chair": Entry(
        HOUSING_COORDINATOR | {C: 302}, kwargs=lambda w: {"pk": _commission(w).meeting.pk}, method="post"
    ),
    "housing:commission_add_application": Entry(
        HOUSING_COORDINATOR | {C: 302}, kwargs=lambda w: {"pk": _commission(w).meeting.pk}, method="post"
    ),
    "housing:commission_add_review": Entry(
        HOUSING_COORDINATOR | {C: 302}, kwargs=lambda w: {"pk": _commission(w).meeting.pk}, method="post"
    ),
    "housing:commission_decision": Entry(
        HOUSING_COORDINATOR, kwargs=lambda w: {"pk": _commission(w).meeting.pk, "item_pk": _commission(w).item.pk}
    ),
    "housing:commission_review": Entry(
        HOUSING_COORDINATOR, kwargs=lambda w: {"pk": _commission(w).meeting.pk, "item_pk": _commission(w).review.pk}
    ),
    # The sub-group's desk: official letters and prospected landlords, for the coordinator and the commission's members.
    "housing:letter_list": Entry(expect(403, **{C: 200, HM: 200, OTHER: 200})),
    "housing:letter_create": Entry(expect(403, **{C: 200, HM: 200, OTHER: 200})),
    "housing:letter_document": Entry(HOUSING_APPLICATIONS, kwargs=lambda w: {"pk": _desk(w).letter.pk}),
    "housing:letter_edit": Entry(HOUSING_APPLICATIONS, kwargs=lambda w: {"pk": _desk(w).letter.pk}),
    "housing:letter_delete": Entry(HOUSING_APPLICATIONS, kwargs=lambda w: {"pk": _desk(w).letter.pk}),
    "housing:prospect_list": Entry(expect(403, **{C: 200, HM: 200, OTHER: 200})),
    "housing:prospect_create": Entry(expect(403, **{C: 200, HM: 200, OTHER: 200})),
    "housing:prospect_edit": Entry(HOUSING_APPLICATIONS, kwargs=lambda w: {"pk": _desk(w).prospect.pk}),
    # --- membership fees (coordinator manages, governance members read) and the documents library (issue 13)
    **_fees_and_documents(),
    # --- events and trainings: the coordinator manages, every member reads; the public pages open by their token
    "events:list": Entry(members()),
    "events:create": Entry(coordinator()),
    "events:topics": Entry(coordinator()),
    "events:summary": Entry(members()),
    "events:detail": Entry(members(other=404), kwargs=lambda w: {"pk": _events(w).upcoming.pk}),
    "events:edit": Entry(coordinator(other=404), kwargs=lambda w: {"pk": _events(w).upcoming.pk}),
    "events:cancel": Entry(coordinator(302, other=404), kwargs=lambda w: {"pk": _events(w).upcoming.pk}, method="post"),
    "events:facilitator_add": Entry(coordinator(other=404), kwargs=lambda w: {"pk": _events(w).upcoming.pk}),
    "events:facilitator_remove": Entry(
        coordinator(302, other=404),
        kwargs=lambda w: {"pk": _events(w).upcoming.pk, "facilitator_pk": _events(w).facilitator.pk},
        method="post",
    ),
    "events:attendance": Entry(coordinator(302, other=404), kwargs=lambda w: {"pk": _events(w).past.pk}, method="post"),
    "events:results": Entry(coordinator(other=404), kwargs=lambda w: {"pk": _events(w).past.pk}),
    "events:register": Entry(PUBLIC, kwargs=lambda w: {"token": _events(w).upcoming.public_token}),
    "events:registration_cancel": Entry(PUBLIC, kwargs=lambda w: _events(w) and {"token": "jeton-inscription-test"}),
    "events:evaluate": Entry(PUBLIC, kwargs=lambda w: _events(w) and {"token": "jeton-inscription-passee"}),
    "events:evaluate_anonymous": Entry(PUBLIC, kwargs=lambda w: {"token": _events(w).past.evaluation_token}),
    "events:training_list": Entry(members()),
    "events:training_create": Entry(coordinator()),
    "events:trained": Entry(members()),
    "events:trained_export": Entry(members()),
    "events:training_detail": Entry(members(other=404), kwargs=lambda w: {"pk": _events(w).session.pk}),
    "events:training_edit": Entry(coordinator(other=404), kwargs=lambda w: {"pk": _events(w).session.pk}),
    "events:trainee_add": Entry(coordinator(other=404), kwargs=lambda w: {"pk": _events(w).session.pk}),
    "events:training_attendance": Entry(
        coordinator(302, other=404), kwargs=lambda w: {"pk": _events(w).session.pk}, method="post"
    ),
    # The certificate names the trainee: the coordinator's alone, each download logged.
    "events:certificate": Entry(coordinator(other=404), kwargs=lambda w: {"pk": _events(w).trainee.pk}),
    # --- the council's bodies, their decisions and project groups (issue 13)
    **_governance(),
    # --- data protection
    "privacy:overview": Entry(expect(403, **{C: 200, Role.DPO.value: 200, OTHER: 200})),
    "privacy:subject_access": Entry(expect(403, **{C: 200, Role.DPO.value: 200, OTHER: 200})),
    "privacy:erasure": Entry(expect(403, **{C: 200, Role.DPO.value: 200, OTHER: 200})),
    "privacy:access_log": Entry(expect(403, **{C: 200, Role.DPO.value: 200, OTHER: 200})),
    # --- reports (issue 14): the coordination, the DPO, the bodies' members, the observer and elected partners
    "reports:bilan": Entry(BILAN_READERS),
    "reports:export": Entry(BILAN_READERS),
    # The annual activity report: its readers are the Bilan's; its narrative is written by the coordinator and DPO.
    "reports:annual": Entry(BILAN_READERS),
    "reports:annual_download": Entry(BILAN_READERS, kwargs=lambda w: {"kind": "xlsx"}),  # one view for the 3 formats
    # The cross-council observatory: the Bilan's readers read it (always suppressed); its coordinator asks a council
    # to join; the asked council's coordinator answers (DPO reads), a request to another council is a 404.
    "reports:observatory": Entry(BILAN_READERS),
    "reports:observatory_export": Entry(BILAN_READERS),
    "reports:observatory_request": Entry(coordinator(), method="post"),
    "reports:observatories": Entry(expect(403, **{C: 200, Role.DPO.value: 200, OTHER: 200})),
    # « Paramètres du bilan »: the coordinator edits them, the DPO reads them (k is a disclosure control)
    "reports:settings": Entry(expect(403, **{C: 200, Role.DPO.value: 200, OTHER: 200})),
    **{
        f"reports:observatory_{answer}": Entry(coordinator(302, other=404), kwargs=_observatory_request, method="post")
        for answer in ("consent", "refuse", "withdraw")
    },
    # --- cells
    "councils:cell_list": Entry(members()),
    "councils:cell_create": Entry(coordinator()),
    "councils:cell_detail": Entry(members(other=404), kwargs=lambda w: {"pk": w.cell.pk}),
    "councils:cell_edit": Entry(coordinator(other=404), kwargs=lambda w: {"pk": w.cell.pk}),
    "meetings:cell_calendar": Entry(coordinator(other=404), kwargs=lambda w: {"pk": w.cell.pk}),
    "councils:cell_member_add": Entry(coordinator(302, other=404), kwargs=lambda w: {"pk": w.cell.pk}, method="post"),
    "councils:cell_member_remove": Entry(
        coordinator(302, other=404), kwargs=lambda w: {"pk": w.cell.pk, "seat_pk": w.seat.pk}, method="post"
    ),
    "councils:charter_upload": Entry(coordinator(302, other=404), kwargs=lambda w: {"pk": w.cell.pk}, method="post"),
    "councils:charter_commit": Entry(
        read_only(members(302, other=404)), kwargs=lambda w: {"pk": w.cell.pk}, method="post"
    ),
    "councils:charter_download": Entry(members(other=404), kwargs=lambda w: {"pk": w.cell.pk}),
}


def test_every_url_has_an_entry():
    names = set(walk(get_resolver().url_patterns))
    missing = sorted(names - MATRIX.keys())
    stale = sorted(MATRIX.keys() - names)
    assert not missing, f"URL sans entrée dans la matrice d'autorisation : {missing}"
    assert not stale, f"Entrées de matrice sans URL : {stale}"


def _client_for(client, world, actor):
    client.logout()
    if actor == ANON:
        return client
    if actor == OTHER:
        membership = world.other
    elif actor in PARTICIPANTS:
        membership = world.participant_members[actor]
    elif actor == EXPIRED:
        membership = world.expired_invitee
    else:
        membership = world.memberships[Role(actor)]
    client.force_login(membership.user)
    return client


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(MATRIX))
def test_matrix(name, client, world):
    entry = MATRIX[name]
    url = reverse(name, kwargs=entry.kwargs(world))
    actual = {}
    for actor in ACTORS:
        with transaction.atomic():
            response = getattr(_client_for(client, world, actor), entry.method)(url, entry.data)
            actual[actor] = response.status_code
            transaction.set_rollback(True)
    assert actual == entry.expect, f"{name} ({url}) actual={actual}"


AFTER_WITHDRAWAL = {
    # After a withdrawal, identity and content are the coordinator's and the referent's alone (the world's
    # situation has no referent): the other participants keep the code and status.
    **{
        name: only(200, [C])
        for name in (
            "situations:identity", "situations:note", "situations:consent", "situations:participants",
            "situations:journal", "situations:timeline", "plans:situation_actions",
        )
    },
    "plans:action_status": read_only(only(302, [C])),
}  # fmt: skip


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(n for n in MATRIX if n.startswith(("situations:", "plans:situation"))))
def test_matrix_after_consent_withdrawal(name, client, world):
    from django.utils import timezone

    from concerto.situations.enums import ConsentKind
    from concerto.situations.models import ConsentRecord

    ConsentRecord.objects.create(
        situation=world.situation, kind=ConsentKind.WITHDRAWAL, occurred_on=timezone.localdate(), by_whom="CMP",
        means="Entretien",
    )  # fmt: skip
    entry = MATRIX[name]
    expected = AFTER_WITHDRAWAL.get(name, entry.expect)
    url = reverse(name, kwargs=entry.kwargs(world))
    actual = {}
    for actor in ACTORS:
        with transaction.atomic():
            actual[actor] = getattr(_client_for(client, world, actor), entry.method)(url, entry.data).status_code
            transaction.set_rollback(True)
    assert actual == expected, f"{name} ({url}) actual={actual}"


# The observer's role is read-only. Every page behind `member_required` refuses their writes (403); the pages below
# are outside it, and none of them writes in a council: their own account under /comptes/ (logout, password, second
# factor, sessions — allauth), and these.
OBSERVER_MAY_POST = {
    "accounts:council_switch": "choosing the council to work for changes only their session",
    "accounts:invitation_accept": "authorised by the invitation's token for the invited person (joining a council "
    "with the role the invitation gives); for the world's observer it is someone else's invitation: 404",
    "situations:public_alert": "authorised by the secure link's token, not by a membership: the alert is the "
    "link's organisation's, and anyone holding the link may send it logged in or not",
    "meetings:poll_answer": "authorised by the invitee's token: the invitee's own availability, logged in or not",
    "meetings:guest_page": "read-only page of a guest's token (405 to a POST), logged in or not",
    "plans:external_action": "authorised by the link's token of an action's owner without an account: that action "
    "alone, logged in or not",
    "accounts:profile": "no form: a POST shows the page",
    "events:register": "the event's public registration page (its published token), logged in or not; an empty "
    "form writes nothing",
    "events:registration_cancel": "authorised by the registrant's token (their own registration), logged in or not",
    "events:evaluate": "authorised by the registrant's token (their own answer), logged in or not",
    "events:evaluate_anonymous": "the event's anonymous questionnaire (its token), logged in or not",
    "healthz": "public, writes nothing",
    "accessibility": "public, writes nothing",
}
# Rows any request may touch: the session, allauth's session record, axes' login log.
_BOOKKEEPING = {"sessions.session", "usersessions.usersession", "axes.accesslog"}


def _row_counts():
    from django.apps import apps

    return {m._meta.label_lower: m._base_manager.count() for m in apps.get_models()}


@pytest.mark.django_db
def test_observer_posts_are_refused_everywhere(client, world):
    """Every URL of the matrix, posted by the observer with the entry's data (or none): 403 and nothing written,
    except on their own account pages (/comptes/, not checked) and the pages of OBSERVER_MAY_POST, which write
    nothing in a council either."""
    assert OBSERVER_MAY_POST.keys() <= MATRIX.keys(), "Exemption sans URL"
    observer = world.memberships[Role.OBSERVER].user
    wrong, written = {}, {}
    for name in sorted(MATRIX):
        entry = MATRIX[name]
        url = reverse(name, kwargs=entry.kwargs(world))
        if url.startswith("/comptes/"):
            continue  # their own account (allauth): password, second factor, e-mail address, sessions, logout
        with transaction.atomic():
            client.force_login(observer)
            before = _row_counts()
            status = client.post(url, entry.data).status_code
            after = _row_counts()
            transaction.set_rollback(True)
        changed = {k: (before[k], after[k]) for k in before if before[k] != after[k] and k not in _BOOKKEEPING}
        if changed:
            written[name] = changed
        if name not in OBSERVER_MAY_POST and status != 403:
            wrong[name] = status
    assert not wrong, f"POST d'un·e observateur·rice non refusé (403 attendu) : {wrong}"
    assert not written, f"POST d'un·e observateur·rice qui écrit : {written}"


@pytest.mark.django_db
def test_observer_menu_offers_no_alerts(client, world):
    """The observer sends no alert: the menu has no "Alertes" entry (own alerts and the button to send one)."""
    client.force_login(world.memberships[Role.OBSERVER].user)
    page = client.get(reverse("councils:detail")).content.decode()
    assert reverse("situations:alert_mine") not in page
    client.force_login(world.memberships[Role.PARTNER].user)
    assert reverse("situations:alert_mine") in client.get(reverse("councils:detail")).content.decode()
