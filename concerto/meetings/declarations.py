"""What the meetings app declares to core's registry (imported by `MeetingsConfig.ready()`): event labels,
audit-log descriptions, retention rules and anonymiser, its subject-access section, daily jobs and home panels."""

from django.db.models import Count
from django.utils import timezone

from concerto.core.registry import ANONYMISE, DESTROY, KEEP, Panel, registry
from concerto.core.roles import Role
from concerto.meetings import calendar
from concerto.meetings.access import meetings_visible_to
from concerto.meetings.enums import MeetingStatus
from concerto.meetings.models import AgendaItem, Meeting, RecordCorrection, WorkingNote
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
    }
)
registry.register_describer("meetings.meeting", lambda meeting: f"Réunion : {meeting}")
registry.register_describer("meetings.slotpoll", lambda poll: f"Sondage de dates : {poll.cell}", related=("cell",))

registry.register_retention(
    {
        "meetings.workingnote": {"*": DESTROY},
        "meetings.recordcorrection": {"*": DESTROY},
        # A free topic concerns the body's work, never a situation (its situation is empty): kept with the minutes.
        "meetings.agendaitem": {"decisions": ANONYMISE, "topic": KEEP, "topic_details": KEEP},
    },
    kept={
        "meetings.agendaitem": [
            "meeting", "situation", "subject_kind", "kind", "who_tells", "tell_by", "next_review",
            "decisions_visibility",
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
    AgendaItem.objects.filter(situation=situation).update(**registry.blanked(AgendaItem))


registry.register_anonymiser("meetings", anonymise_situation, order=10)


def subject_access_section(situation) -> dict:
    return {
        "decisions": [
            {"meeting": str(item.meeting), "decisions": item.decisions}
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
