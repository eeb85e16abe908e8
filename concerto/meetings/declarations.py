"""What the meetings app declares to core's registry (imported by `MeetingsConfig.ready()`): event labels,
audit-log descriptions, retention rules and anonymiser, its subject-access section, daily jobs and home panels."""

from django.db.models import Count
from django.utils import timezone

from concerto.core.registry import ANONYMISE, DESTROY, KEEP, Panel, registry
from concerto.core.roles import Role
from concerto.meetings import calendar
from concerto.meetings.access import meetings_visible_to
from concerto.meetings.enums import MeetingStatus
from concerto.meetings.indicators import INDICATORS
from concerto.meetings.models import AgendaItem, ItemGuest, Meeting, RecordCorrection, WorkingNote
from concerto.meetings.services import AgendaRefused
from concerto.situations import scheduling

LIMIT = 10

registry.register_events(
    {
        "meeting_created": "Réunion créée",
        "meetings_exported": "Export des réunions",
        "meeting_updated": "Réunion modifiée",
        "meeting_cancelled": "Réunion annulée",
        "invitations_sent": "Invitations envoyées",
        "actor_invited": "Acteur invité à une séance pour une situation",
        "agenda_item_added": "Inscription à l'ordre du jour d'une séance",
        "agenda_topic_added": "Sujet libre inscrit à l'ordre du jour",
        "attendance_recorded": "Présence enregistrée",
        "attendance_all_present": "Toutes les personnes attendues notées présentes",
        "confidentiality_confirmed": "Engagement de confidentialité confirmé",
        "decisions_recorded": "Décisions enregistrées en séance",
        "meeting_signed_off": "Relevé de décisions signé",
        "record_corrected": "Correction ajoutée au relevé",
        "poll_created": "Sondage de dates envoyé",
        "item_guest_added": "Personne sans compte invitée pour un point de l'ordre du jour",
        "item_guest_revoked": "Lien d'une personne invitée sans compte désactivé",
        "item_guest_viewed": "Point de l'ordre du jour consulté par une personne invitée sans compte",
        "item_guest_refused": "Lien expiré ou désactivé ouvert par une personne invitée sans compte",
        "item_guest_words": "Parole d'un·e proche ou de la personne consignée au relevé",
    }
)
registry.register_describer("meetings.meeting", lambda meeting: f"Réunion : {meeting}")
registry.register_describer("meetings.slotpoll", lambda poll: f"Sondage de dates : {poll.cell}", related=("cell",))

registry.register_retention(
    {
        "meetings.workingnote": {"*": DESTROY},
        "meetings.recordcorrection": {"*": DESTROY},
        # A guest without an account (name, e-mail, function): destroyed with the situation's agenda items' content.
        "meetings.itemguest": {"*": DESTROY},
        # A free topic concerns the body's work, never a situation (its situation is empty): kept with the minutes.
        "meetings.agendaitem": {"decisions": ANONYMISE, "topic": KEEP, "topic_details": KEEP},
    },
    kept={
        "meetings.agendaitem": [
            "meeting", "situation", "subject_kind", "kind", "who_tells", "tell_by", "next_review",
            "decisions_visibility",
            # The Commission appartement's subjects: anonymised with the application (housing/retention.py).
            "application", "occupancy",
        ],
    },
)  # fmt: skip
registry.register_out_of_scope(
    dict.fromkeys(
        ["meetings.meeting", "meetings.meetinginvitation", "meetings.attendance", "meetings.slotpoll",
         "meetings.pollslot", "meetings.pollinvitee", "meetings.pollanswer"],
        "Les réunions et leurs invités (des membres du conseil), sans rien sur une personne accompagnée.",
    )
)  # fmt: skip


def anonymise_situation(situation) -> None:
    WorkingNote.objects.filter(item__situation=situation).delete()
    RecordCorrection.objects.filter(item__situation=situation).delete()
    ItemGuest.objects.filter(item__situation=situation).delete()
    AgendaItem.objects.filter(situation=situation).update(**registry.blanked(AgendaItem))


registry.register_anonymiser("meetings", anonymise_situation, order=10)


def subject_access_section(situation) -> dict:
    return {
        "decisions": [
            {
                "meeting": str(item.meeting),
                "body": item.meeting.get_body_display(),
                "on": timezone.localdate(item.meeting.starts_at).isoformat(),
                "decisions": item.decisions,
            }
            for item in situation.agenda_items.select_related("meeting")
        ]
    }


registry.register_section("meetings", subject_access_section, order=20)

registry.register_daily_job("review_proposals", "concerto.meetings.tasks.propose_reviews")
registry.register_daily_job("working_notes", "concerto.meetings.tasks.destroy_working_notes")


def sessions_panel(request) -> dict:
    now = timezone.now()
    planned = Meeting.objects.filter(council=request.council, status=MeetingStatus.PLANNED)
    return {
        "next_session": planned.filter(starts_at__gte=now)
        .annotate(item_count=Count("items"))
        .select_related("cell")
        .order_by("starts_at")
        .first(),
        "unsigned": list(planned.filter(starts_at__lt=now).order_by("starts_at")[:LIMIT]),
    }


def next_meetings_panel(request) -> dict:
    visible = meetings_visible_to(request).filter(status=MeetingStatus.PLANNED, starts_at__gte=timezone.now())
    return {"next_meetings": list(visible.order_by("starts_at")[:5])}


registry.register_panel(
    Panel("meetings.sessions", "meetings/panels/sessions.html", sessions_panel, "coordination", 30,
          frozenset({Role.COORDINATOR}))
)  # fmt: skip
registry.register_panel(Panel("meetings.next", "meetings/panels/next_meetings.html", next_meetings_panel, "member", 10))

# Accepting an alert can put the situation on the next session of its cell (situations sits a layer below).
scheduling.register(
    scheduling.Scheduler(
        next_session_start=calendar.next_session_start,
        accept_and_schedule=calendar.alert_accept_and_schedule,
        refusal=AgendaRefused,
    )
)


PREPARE_DAYS = 14  # a session's agenda closing within this many days (or closed, the session to come): prepare it


def coordinator_todo_panel(request) -> list[dict]:
    """The coordinator's « À faire maintenant »: the next cell session to prepare, the records to sign."""
    from datetime import timedelta

    from django.urls import reverse

    from concerto.core.dashboard import count_label, todo
    from concerto.meetings.enums import Body
    from concerto.meetings.services import agenda_closes_on

    now, today = timezone.now(), timezone.localdate()
    planned = Meeting.objects.filter(council=request.council, status=MeetingStatus.PLANNED)
    items = []
    session = (
        planned.filter(body=Body.CELL, starts_at__gte=now).select_related("cell").order_by("starts_at", "pk").first()
    )
    closes = (agenda_closes_on(session) or timezone.localdate(session.starts_at)) if session else None
    if session and closes <= today + timedelta(days=PREPARE_DAYS):
        day = f"{timezone.localtime(session.starts_at):%d/%m/%Y}"
        state = f"ouvert jusqu'au {closes:%d/%m/%Y}" if closes >= today else f"clos depuis le {closes:%d/%m/%Y}"
        hint = f"ordre du jour {state}"
        items.append(todo(f"Préparer la séance du {day}", reverse("meetings:detail", args=[session.pk]), hint))
    unsigned = planned.filter(starts_at__lt=now).order_by("starts_at", "pk")
    oldest = unsigned.first()
    if oldest is not None:
        others = unsigned.count() - 1
        hint = f"et {count_label(others, 'autre séance passée', 'autres séances passées')} à signer" if others else ""
        day = f"{timezone.localtime(oldest.starts_at):%d/%m/%Y}"
        label = f"Signer le relevé de la séance du {day}"
        items.append(todo(label, reverse("meetings:mode", args=[oldest.pk]), hint))
    return items


def member_todo_panel(request) -> list[dict]:
    """A member's « À faire maintenant »: the sessions they are invited to in the coming days."""
    from datetime import timedelta

    from django.urls import reverse

    from concerto.core.dashboard import todo

    now = timezone.now()
    soon = meetings_visible_to(request).filter(
        status=MeetingStatus.PLANNED, starts_at__gte=now, starts_at__lte=now + timedelta(days=PREPARE_DAYS)
    )
    return [
        todo(
            f"Participer à la séance du {timezone.localtime(meeting.starts_at):%d/%m/%Y à %H:%M}",
            reverse("meetings:detail", args=[meeting.pk]),
            meeting.get_body_display(),
        )
        for meeting in soon.order_by("starts_at", "pk")[:3]
    ]


registry.register_panel(Panel("meetings.todo", "", coordinator_todo_panel, "todo", 20, frozenset({Role.COORDINATOR})))
registry.register_panel(
    Panel("meetings.my_todo", "", member_todo_panel, "todo", 60, frozenset(set(Role) - {Role.COORDINATOR}))
)

for _indicator in INDICATORS:  # the Bilan page's figures (issue 14)
    registry.register_indicator(_indicator)
