"""Malformed data posted to every form of the project, and malformed query strings sent to every list page
(hypothesis): never a server error, and a refused form writes nothing.

The registry: FORM_TARGETS (pages that post a form, with the form classes each one builds) and LIST_PAGES (pages
that read a query string, with their filter forms). `test_every_form_class_is_fuzzed` fails on a form class of the
project (a subclass of Django's Form or ModelForm defined under concerto/) that no target builds and that is not in
FORM_EXEMPTIONS; `test_every_list_page_is_fuzzed` fails on a page without path parameters, or a view reading
`request.GET`, that is neither in LIST_PAGES nor in NOT_LIST_PAGES. Each target checks that it really builds the
classes it declares.

Derandomised and bounded: the same examples on every run (a red build is reproducible), 25 examples a form; a list
page gets each edge value in each parameter its filter forms read (and `page`, `export`), then 10 random
combinations of all its inputs."""

import importlib
import inspect
import pkgutil
import re
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field

import django_filters
import pytest
from django import forms as django_forms
from django.apps import apps
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.exceptions import NoReverseMatch
from django.utils.module_loading import import_string
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import concerto
from concerto.accounts.enums import Role

ANONYMOUS, COORDINATOR, PARTNER = "anonymous", Role.COORDINATOR, Role.PARTNER
HEALTH_PARTNER = "participant_sante"  # the world's partner of a health profession (a care team)
FORM_EXAMPLES, LIST_EXAMPLES = 25, 10


@dataclass(frozen=True)
class Target:
    """A page that posts a form. `kwargs` and `fixed` take the world; `fixed` gives strategies for fields posted
    with every example (e.g. which block of a page is posted); `setup` prepares the world; `may_write` lists the
    models a formless page may write to whatever the data (the data is then checked by `check`)."""

    name: str
    forms: tuple[str, ...]
    kwargs: Callable = lambda w: {}  # noqa: E731
    actor: object = COORDINATOR
    fixed: Callable = lambda w: {}  # noqa: E731
    setup: Callable | None = None
    may_write: frozenset = field(default_factory=frozenset)
    check: Callable | None = None
    id: str = ""

    @property
    def test_id(self) -> str:
        return self.id or self.name


def _situation(w):
    return {"code": w.situation.code}


def _served_guest(w):
    from concerto.meetings.tests.guests import matrix_served_guest

    return matrix_served_guest(w)


def _close_situation(w):
    from concerto.situations import services
    from concerto.situations.enums import ClosureReason

    open_actions = {action.pk: ("cancel", "") for action in services.open_actions(w.situation)}
    services.situation_close(
        situation=w.situation,
        actor=w.memberships[Role.COORDINATOR].user,
        reason=ClosureReason.values[0],
        open_actions=open_actions,
    )


def _external(w):
    from concerto.plans.tests.factories import world_external_token

    return world_external_token(w)


def _poll_answers_are_valid(w):
    from concerto.meetings.models import Availability, PollAnswer

    assert set(PollAnswer.objects.values_list("availability", flat=True)) <= set(Availability.values)


def _commission(w):
    from concerto.housing.tests.factories import commission_world

    return commission_world(w)


def _commission_meeting(w):
    return {"pk": _commission(w).meeting.pk}


def _housing(w):
    from concerto.housing.tests.factories import housing_world

    return housing_world(w)


def _place(w):
    return {"pk": _housing(w).place.pk}


def _application(w):
    return {"reference": _housing(w).application.reference}


def _occupancy(w):
    return {"pk": _housing(w).occupancy.pk}


def _fees(w):
    from concerto.fees.tests.factories import fees_world

    return fees_world(w)


def _library(w):
    from concerto.documents.tests.factories import documents_world

    return documents_world(w)


def _gov(w):
    from concerto.governance.tests.factories import governance_world

    return governance_world(w)


def _events(w):
    from concerto.events.tests.factories import events_world

    return events_world(w)


def _prospect(w):
    from concerto.housing.tests.desk_factories import desk_world

    return {"pk": desk_world(w).prospect.pk}


def _letter(w):
    from concerto.housing.tests.desk_factories import desk_world

    return {"pk": desk_world(w).letter.pk}


def _place_kind(w):
    from concerto.housing.tests.desk_factories import desk_world

    return {"pk": desk_world(w).kind.pk}


F = "concerto.{}".format
FORM_TARGETS = [
    Target("directory:create", (F("directory.forms.OrganisationForm"),)),
    Target("directory:contact_create", (F("directory.forms.ContactForm"),), kwargs=lambda w: {"pk": w.org.pk}),
    Target("situations:alert_create", (F("situations.forms.AlertForm"),)),
    Target("situations:public_alert", (F("situations.forms.AlertForm"),), kwargs=lambda w: {"token": w.link_token},
           actor=ANONYMOUS),
    Target("situations:alert_qualify", (F("situations.forms.QualificationForm"),), kwargs=lambda w: {"pk": w.alert.pk}),
    Target("situations:edit", (F("situations.forms.SituationForm"),), kwargs=_situation),
    Target("situations:mode", (F("situations.forms.ModeForm"),), kwargs=_situation),
    Target("situations:consent", (F("situations.forms.ConsentForm"),), kwargs=_situation),
    Target("situations:participants", (F("situations.forms.ParticipantForm"),), kwargs=_situation),
    Target("situations:relative_add", (F("situations.forms.RelativeForm"),), kwargs=_situation),
    Target("situations:journal", (F("situations.journal_forms.NoteForm"), F("situations.journal_forms.JournalFilterForm")),
           kwargs=_situation),
    Target("situations:close", (F("situations.forms.ClosureForm"),), kwargs=_situation),
    Target("situations:close", (F("situations.forms.ReopenForm"),), kwargs=_situation, setup=_close_situation,
           id="situations:close (reopen)"),
    Target("situations:link_list", (F("situations.forms.SecureLinkForm"),)),
    Target("plans:situation_actions", (F("plans.forms.ActionForm"), F("plans.forms.AnswerForm")), kwargs=_situation),
    Target("plans:action_follow_up", (F("plans.forms.ActionForm"), F("plans.forms.AnswerForm")),
           kwargs=lambda w: {"code": w.situation.code, "parent": w.landlord_action.pk}),
    Target("plans:action_status", (F("plans.forms.ActionStatusForm"),),
           kwargs=lambda w: {"code": w.situation.code, "pk": w.landlord_action.pk}),
    Target("plans:action_withdrawal", (F("plans.forms.WithdrawalDecisionForm"),),
           kwargs=lambda w: {"code": w.situation.code, "pk": w.landlord_action.pk}),
    Target("meetings:create", (F("meetings.forms.MeetingForm"),)),
    Target("meetings:mode",
           (F("meetings.forms.ItemRecordForm"), F("meetings.forms.WorkingNoteForm"), F("plans.forms.ActionForm")),
           kwargs=lambda w: {"pk": w.meeting.pk},
           fixed=lambda w: {"item": st.just(str(w.item.pk)), "form": st.sampled_from(["note", "action", "record"])}),
    Target("meetings:mode", (F("meetings.forms.CorrectionForm"),), kwargs=lambda w: {"pk": w.signed_meeting.pk},
           fixed=lambda w: {"item": st.just(str(w.signed_meeting.items.first().pk))}, id="meetings:mode (signed)"),
    Target("meetings:agenda_add", (F("meetings.forms.AgendaAddForm"),), kwargs=lambda w: {"pk": w.meeting.pk}),
    Target("meetings:topic_add", (F("meetings.forms.TopicAddForm"),), kwargs=lambda w: {"pk": w.meeting.pk}),
    Target("meetings:invite_actor", (F("meetings.forms.InviteActorForm"),), kwargs=lambda w: {"pk": w.meeting.pk}),
    Target("meetings:guest_add", (F("meetings.forms.ItemGuestForm"),),
           kwargs=lambda w: {"pk": w.meeting.pk, "item_pk": w.item.pk}),
    Target("meetings:guest_words", (F("meetings.forms.GuestWordsForm"),),
           kwargs=lambda w: {"pk": w.meeting.pk, "guest_pk": _served_guest(w).pk}),
    Target("meetings:attendance", (F("meetings.forms.AttendanceForm"),), kwargs=lambda w: {"pk": w.meeting.pk}),
    Target("meetings:attendance", (F("meetings.forms.AttendanceSheetForm"),), kwargs=lambda w: {"pk": w.meeting.pk},
           fixed=lambda w: {"form": st.just("sheet")}, id="meetings:attendance (sheet)"),
    Target("meetings:poll_new", (F("meetings.forms.PollForm"),)),
    # Formless: each slot's answer is taken only if it is one of the offered availabilities.
    Target("meetings:poll_answer", (), kwargs=lambda w: {"token": w.poll_token}, actor=ANONYMOUS,
           may_write=frozenset({"meetings.pollanswer"}), check=_poll_answers_are_valid),
    Target("plans:external_action", (F("plans.forms.ExternalActionForm"),), kwargs=lambda w: {"token": _external(w)},
           actor=ANONYMOUS),
    Target("accounts:member_invite", (F("accounts.forms.InvitationForm"),)),
    Target("accounts:member_edit", (F("accounts.forms.MembershipForm"),),
           kwargs=lambda w: {"pk": w.memberships[Role.PARTNER].pk}),
    Target("accounts:invitation_accept", (F("accounts.forms.AcceptInvitationForm"),),
           kwargs=lambda w: {"token": w.token}, actor=ANONYMOUS),
    Target("councils:edit", (F("councils.forms.CouncilForm"),)),
    Target("councils:sector_create", (F("councils.forms.SectorForm"),)),
    Target("councils:problem_types", (F("councils.forms.ProblemTypeForm"),)),
    Target("councils:cell_create", (F("councils.forms.CellForm"),)),
    Target("councils:cell_edit", (F("councils.forms.CellForm"),), kwargs=lambda w: {"pk": w.cell.pk}),
    # Preview only: a confirmed year creates sessions, which is what a valid form is for.
    Target("meetings:cell_calendar", (F("councils.forms.PlanYearForm"),), kwargs=lambda w: {"pk": w.cell.pk},
           fixed=lambda w: {"action": st.just("preview")}),
    Target("councils:cell_member_add", (F("councils.forms.CellMemberForm"),), kwargs=lambda w: {"pk": w.cell.pk}),
    Target("councils:charter_upload", (F("councils.forms.CharterForm"),), kwargs=lambda w: {"pk": w.cell.pk}),
    Target("privacy:overview", (F("privacy.forms.RetentionForm"),)),
    Target("privacy:subject_access", (F("privacy.forms.SubjectAccessForm"),)),
    Target("privacy:erasure", (F("privacy.forms.ErasureForm"),)),
    Target("events:create", (F("events.forms.EventForm"),)),
    Target("events:edit", (F("events.forms.EventForm"),), kwargs=lambda w: {"pk": _events(w).upcoming.pk}),
    Target("events:topics", (F("events.forms.TopicForm"),)),
    Target("events:facilitator_add", (F("events.forms.FacilitatorForm"),),
           kwargs=lambda w: {"pk": _events(w).upcoming.pk}),
    Target("events:attendance", (F("events.forms.AttendanceForm"),), kwargs=lambda w: {"pk": _events(w).past.pk}),
    Target("events:register", (F("events.forms.RegistrationForm"),),
           kwargs=lambda w: {"token": _events(w).upcoming.public_token}, actor=ANONYMOUS),
    Target("events:registration_cancel", (F("events.forms.CancelRegistrationForm"),),
           kwargs=lambda w: _events(w) and {"token": "jeton-inscription-test"}, actor=ANONYMOUS),
    Target("events:evaluate", (F("events.forms.EvaluationForm"),),
           kwargs=lambda w: _events(w) and {"token": "jeton-inscription-passee"}, actor=ANONYMOUS),
    Target("events:evaluate_anonymous", (F("events.forms.EvaluationForm"),),
           kwargs=lambda w: {"token": _events(w).past.evaluation_token}, actor=ANONYMOUS),
    Target("events:training_create", (F("events.forms.TrainingForm"),)),
    Target("events:training_edit", (F("events.forms.TrainingForm"),), kwargs=lambda w: {"pk": _events(w).session.pk}),
    Target("events:trainee_add", (F("events.forms.TraineeForm"),), kwargs=lambda w: {"pk": _events(w).session.pk}),
    Target("events:training_attendance", (F("events.forms.TrainingAttendanceForm"),),
           kwargs=lambda w: {"pk": _events(w).session.pk}),
    Target("housing:place_create", (F("housing.forms.PlaceForm"),)),
    Target("housing:place_kinds", (F("housing.forms.PlaceKindForm"),)),
    Target("housing:place_edit", (F("housing.forms.PlaceForm"),), kwargs=_place, id="housing:place_edit"),
    Target("housing:convention_add", (F("housing.forms.ConventionForm"),), kwargs=_place),
    Target("housing:unavailability_add", (F("housing.forms.UnavailabilityForm"),), kwargs=_place),
    Target("housing:application_create", (F("housing.forms.ApplicationForm"),)),
    Target("housing:application_edit", (F("housing.forms.ApplicationForm"),), kwargs=_application),
    Target("housing:application_status", (F("housing.forms.ApplicationStatusForm"),), kwargs=_application),
    Target("housing:application_consent", (F("housing.forms.ApplicationConsentForm"),), kwargs=_application),
    Target("housing:application_admit", (F("housing.forms.AdmitForm"),), kwargs=_application),
    Target("housing:care_team_submit", (F("housing.care_team_forms.CareTeamApplicationForm"),), actor=HEALTH_PARTNER),
    Target("housing:occupancy_exit", (F("housing.forms.ExitForm"),), kwargs=_occupancy),
    Target("housing:deposit_add", (F("housing.forms.DepositForm"),), kwargs=_occupancy),
    Target("housing:incident_add", (F("housing.forms.IncidentForm"),), kwargs=_occupancy),
    Target("housing:deposit_return", (F("housing.forms.DepositReturnForm"),),
           kwargs=lambda w: {"pk": _housing(w).deposit.pk}),
    Target("housing:commission_chair", (F("housing.forms.CommissionChairForm"),), kwargs=_commission_meeting),
    Target("housing:commission_venue", (F("housing.forms.CommissionVenueForm"),), kwargs=_commission_meeting),
    Target("housing:commission_add_application", (F("housing.forms.CommissionApplicationForm"),),
           kwargs=_commission_meeting),
    Target("housing:commission_add_review", (F("housing.forms.CommissionReviewForm"),), kwargs=_commission_meeting),
    Target("housing:commission_decision", (F("housing.forms.CommissionDecisionForm"),),
           kwargs=lambda w: {**_commission_meeting(w), "item_pk": _commission(w).item.pk}),
    Target("housing:commission_review", (F("housing.forms.OccupancyReviewForm"),),
           kwargs=lambda w: {**_commission_meeting(w), "item_pk": _commission(w).review.pk}),
    Target("housing:letter_create", (F("housing.forms.OfficialLetterForm"),)),
    Target("housing:letter_edit", (F("housing.forms.OfficialLetterForm"),), kwargs=_letter),
    Target("housing:place_kind_edit", (F("housing.forms.PlaceKindForm"),), kwargs=_place_kind),
    Target("housing:prospect_create", (F("housing.forms.ProspectForm"),)),
    Target("housing:prospect_edit", (F("housing.forms.ProspectForm"),), kwargs=_prospect),
    # Membership fees and the documents library (issue 13).
    Target("fees:settings", (F("fees.forms.FeeSettingsForm"),)),
    Target("fees:member_create", (F("fees.forms.FeeMemberForm"),)),
    Target("fees:member_edit", (F("fees.forms.FeeMemberForm"),), kwargs=lambda w: {"pk": _fees(w).member.pk}),
    Target("fees:generate", (F("fees.forms.GenerateForm"),)),
    Target("fees:payment_add", (F("fees.forms.PaymentForm"),), kwargs=lambda w: {"pk": _fees(w).call.pk}),
    Target("documents:create", (F("documents.forms.DocumentForm"),)),
    Target("documents:version_add", (F("documents.forms.VersionForm"),), kwargs=lambda w: {"pk": _library(w).public.pk}),
    # The council's bodies, decisions and project groups (issue 13).
    Target("governance:body_create", (F("governance.forms.BodyForm"),)),
    Target("governance:body_edit", (F("governance.forms.BodyForm"),), kwargs=lambda w: {"pk": _gov(w).body.pk}),
    Target("governance:member_add", (F("governance.forms.MemberForm"),), kwargs=lambda w: {"pk": _gov(w).body.pk}),
    Target("governance:member_end", (F("governance.forms.MemberEndForm"),),
           kwargs=lambda w: {"pk": _gov(w).body.pk, "member_pk": _gov(w).president.pk}),
    Target("governance:convene", (F("governance.forms.ConveneForm"),), kwargs=lambda w: {"pk": _gov(w).body.pk}),
    Target("governance:attendance", (F("governance.forms.AttendanceForm"),),
           kwargs=lambda w: {"pk": _gov(w).meeting.pk}),
    Target("governance:decision_add", (F("governance.forms.DecisionForm"),),
           kwargs=lambda w: {"pk": _gov(w).meeting.pk}),
    Target("governance:project_create", (F("governance.forms.ProjectForm"),)),
    Target("governance:project_edit", (F("governance.forms.ProjectForm"),),
           kwargs=lambda w: {"pk": _gov(w).project.pk}),
    Target("governance:project_status", (F("governance.forms.ProjectStatusForm"),),
           kwargs=lambda w: {"pk": _gov(w).project.pk}),
    Target("governance:action_add", (F("governance.forms.ActionForm"),), kwargs=lambda w: {"pk": _gov(w).project.pk}),
    # The cross-council observatory (issue 14): its coordinator asks a council to join by its short code.
    Target("reports:observatory_request", (F("reports.forms.ObservatoryRequestForm"),)),
    Target("reports:settings", (F("reports.forms.ReportSettingsForm"),)),
    Target("reports:annual", (F("reports.forms.NarrativeForm"), F("reports.forms.YearForm"))),
]  # fmt: skip

FORM_EXEMPTIONS = {
    F("core.forms.BaseForm"): "base class of every form, fuzzed through them",
    F("core.forms.BaseModelForm"): "base class of every model form, fuzzed through them",
    F("core.lists.ListFilterSet"): "base class of every list's FilterSet, fuzzed through them (LIST_PAGES)",
    F("core.concurrency.VersionFormMixin"): "mixin (hidden version field), fuzzed through OrganisationForm, "
    "SituationForm, MeetingForm and ItemRecordForm",
    F("accounts.forms.MfaAuthenticateForm"): "allauth's one-field code form: every wrong code counts towards the "
    "account lock (a fuzzer would lock the account); accounts/tests/test_second_factor_lockout.py",
    F("accounts.forms.MfaReauthenticateForm"): "same as MfaAuthenticateForm, at reauthentication",
}

# Pages that read a query string (filters, pagination, export), with the filter forms they build.
LIST_PAGES = {
    "home": (),
    "audit_log": (F("core.audit.EventFilterSet"),),
    "audit_log_export": (F("core.audit.EventFilterSet"),),
    "situations:list": (F("situations.filters.SituationFilterSet"),),
    "situations:export": (F("situations.filters.SituationFilterSet"),),
    "situations:alert_mine": (),
    "situations:alert_inbox": (F("situations.filters.AlertFilterSet"),),
    "situations:alert_export": (F("situations.filters.AlertFilterSet"),),
    "situations:link_list": (),
    "directory:list": (F("directory.filters.OrganisationFilterSet"),),
    "directory:export_csv": (F("directory.filters.OrganisationFilterSet"),),
    "directory:export_xlsx": (F("directory.filters.OrganisationFilterSet"),),
    "meetings:list": (F("meetings.filters.MeetingFilterSet"),),
    "meetings:export": (F("meetings.filters.MeetingFilterSet"),),
    "plans:my_actions": (F("plans.filters.MyActionFilterSet"),),
    "plans:council_actions": (F("plans.filters.CouncilActionFilterSet"),),
    "plans:council_actions_export": (F("plans.filters.CouncilActionFilterSet"),),
    "councils:territory": (F("councils.forms.CommuneSearchForm"),),
    "councils:cell_list": (),
    "accounts:member_list": (),
    "accounts:session_list": (),
    "privacy:access_log": (F("privacy.forms.AccessLogFilterForm"),),
    "reports:bilan": (F("reports.forms.PeriodForm"),),
    "reports:export": (F("reports.forms.PeriodForm"),),
    "reports:annual": (F("reports.forms.YearForm"), F("reports.forms.NarrativeForm")),
    "reports:observatory": (F("reports.forms.ObservatoryPeriodForm"), F("reports.forms.ObservatoryRequestForm")),
    "reports:observatory_export": (F("reports.forms.ObservatoryPeriodForm"),),
    "housing:place_list": (F("housing.filters.PlaceFilterSet"),),
    "housing:application_list": (F("housing.filters.ApplicationFilterSet"),),
    "housing:care_team_list": (),
    "housing:letter_list": (),
    "housing:prospect_list": (),
    "events:list": (F("events.filters.EventFilterSet"),),
    "events:training_list": (F("events.filters.TrainingFilterSet"),),
    "fees:call_list": (F("fees.filters.FeeCallFilterSet"),),
    "fees:call_export": (F("fees.filters.FeeCallFilterSet"),),
    "governance:decision_list": (F("governance.filters.DecisionFilterSet"),),
    "governance:decision_export": (F("governance.filters.DecisionFilterSet"),),
    "governance:project_list": (F("governance.filters.ProjectFilterSet"),),
}
# The list pages another actor than the coordinator reads (the coordinator has no such page).
LIST_ACTORS = {"housing:care_team_list": HEALTH_PARTNER}
_FORM_PAGE = "a form page, fuzzed by POST in FORM_TARGETS; reads no query parameter"
NOT_LIST_PAGES = {
    "healthz": "JSON health probe, reads no query parameter",
    "accessibility": "static statement",
    "councils:detail": "the council's page, reads no query parameter",
    "councils:logo": "the council's logo file",
    "accounts:profile": "the user's own page, reads no query parameter",
    "accounts:member_invite": _FORM_PAGE,
    "councils:edit": _FORM_PAGE,
    "councils:sector_create": _FORM_PAGE,
    "councils:problem_types": _FORM_PAGE,
    "situations:journal": "the journal tab (POST fuzzed in FORM_TARGETS); `?type=` goes through JournalFilterForm (an "
    "unknown kind filters nothing) and its htmx partial (?champs) only echoes the chosen values as initial data",
    "councils:cell_create": _FORM_PAGE,
    "fees:settings": _FORM_PAGE,
    "fees:member_create": _FORM_PAGE,
    "fees:generate": _FORM_PAGE,
    "fees:member_list": "the paying members, reads no query parameter",
    "documents:list": "the library, reads no query parameter",
    "documents:create": _FORM_PAGE,
    "documents:alert_form": "the printable fiche alerte (PDF), reads no query parameter",
    "directory:create": _FORM_PAGE,
    "meetings:create": _FORM_PAGE,
    "meetings:poll_new": _FORM_PAGE,
    "meetings:mode": "the meeting mode (POST fuzzed in FORM_TARGETS); `?point=` only picks the item expanded, any "
    "other value expands the first",
    "privacy:overview": _FORM_PAGE,
    "privacy:subject_access": _FORM_PAGE,
    "privacy:erasure": _FORM_PAGE,
    "situations:alert_create": _FORM_PAGE,
    "housing:desk": "the housing sub-group's desk, reads no query parameter",
    "governance:body_list": "the council's bodies, reads no query parameter",
    "governance:body_create": _FORM_PAGE,
    "governance:project_create": _FORM_PAGE,
    "governance:project_table": "the COPIL's table of projects, reads no query parameter",
    "governance:project_table_xlsx": "the same table as an XLSX file, reads no query parameter",
    "governance:project_table_pdf": "the same table as a PDF, reads no query parameter",
    "reports:observatories": "the observatories' requests to the council, reads no query parameter",
    "reports:annual_download": "the annual report's documents read only YearForm, fuzzed on reports:annual "
    "(a PDF per example would take minutes); an unknown format is a 404 (reports/tests/test_annual_report.py)",
    "reports:settings": _FORM_PAGE,
    "housing:letter_create": _FORM_PAGE,
    "housing:prospect_create": _FORM_PAGE,
    "housing:place_create": _FORM_PAGE,
    "housing:place_kinds": _FORM_PAGE,
    "housing:application_create": _FORM_PAGE,
    "housing:care_team_submit": _FORM_PAGE,
    "events:create": _FORM_PAGE,
    "events:topics": _FORM_PAGE,
    "events:training_create": _FORM_PAGE,
    "events:summary": "counts per topic and year, reads no query parameter",
    "events:trained": "people trained per year and organisation, reads no query parameter",
    "events:trained_export": "the same table as an XLSX file, reads no query parameter",
    "situations:alert_qualify": "a form page (POST fuzzed in FORM_TARGETS); its htmx partial (?champs) only echoes "
    "the typed values as initial data, tested with edge values in test_qualification_partial_survives_edge_values",
}

# Values known to break parsers: overflows, out-of-range dates, NaN, markup, injections, NUL, a long text.
EDGE_VALUES = [
    "",
    "0",
    "-1",
    "1e400",
    "NaN",
    "9223372036854775808",
    "99999999999999999999",
    "2026-13-45",
    "9999-12-31",
    "0001-01-01",
    "9999-12-31T99:99",
    "<script>",
    "' OR 1=1 --",
    "\x00",
    "é" * 5000,
    "xlsx",
]
values = st.one_of(
    st.text(max_size=300),
    st.integers(min_value=-(2**63), max_value=2**63).map(str),
    st.sampled_from(EDGE_VALUES),
)

# Rows any request may touch: the session (messages), allauth's session record, axes' login log.
BOOKKEEPING = {"sessions.session", "usersessions.usersession", "axes.accesslog"}


def row_counts():
    return {m._meta.label_lower: m._base_manager.count() for m in apps.get_models()}


def qualified(cls) -> str:
    return f"{cls.__module__}.{cls.__qualname__}"


@contextmanager
def forms_built():
    """Every form and FilterSet instance built meanwhile (Django's BaseForm.__init__ and django-filter's
    FilterSet.__init__ are patched for the duration)."""
    built = []
    originals = {cls: cls.__init__ for cls in (django_forms.BaseForm, django_filters.FilterSet)}

    def patched(original):
        def init(self, *args, **kwargs):
            built.append(self)
            original(self, *args, **kwargs)

        return init

    for cls, original in originals.items():
        cls.__init__ = patched(original)
    try:
        yield built
    finally:
        for cls, original in originals.items():
            cls.__init__ = original


def declared_fields(form_names) -> set[str]:
    """The fields of the forms, the filters of the FilterSets."""
    classes = [import_string(form) for form in form_names]
    return {name for cls in classes for name in (cls.base_fields if hasattr(cls, "base_fields") else cls.base_filters)}


def page_fields(html: str) -> set[str]:
    return set(re.findall(r'name="([a-z][\w-]*)"', html)) - {"csrfmiddlewaretoken"}


def login(client, world, actor):
    """`actor`: a role of the world, ANONYMOUS, or a participant's key (such as HEALTH_PARTNER)."""
    client.logout()
    if actor != ANONYMOUS:
        members = world.participant_members if actor in world.participant_members else world.memberships
        client.force_login(members[actor].user)


@pytest.mark.django_db
@pytest.mark.parametrize("target", FORM_TARGETS, ids=[t.test_id for t in FORM_TARGETS])
def test_malformed_posts_never_break_anything(target, client, world):
    if target.setup:
        target.setup(world)
    login(client, world, target.actor)
    url = reverse(target.name, kwargs=target.kwargs(world))
    seen: set[str] = set()
    with forms_built() as built:
        page = client.get(url)
    seen |= {qualified(type(f)) for f in built}
    html = page.content.decode() if page.status_code == 200 else ""
    fields = sorted(page_fields(html) | declared_fields(target.forms)) or ["x"]
    fixed = target.fixed(world)

    @settings(
        max_examples=FORM_EXAMPLES,
        deadline=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(
        data=st.dictionaries(st.sampled_from(fields), values, max_size=len(fields)),
        chosen=st.fixed_dictionaries(fixed),
    )
    def post(data, chosen):
        with transaction.atomic():
            before = row_counts()
            with forms_built() as built:
                response = client.post(url, {**data, **chosen})
            assert response.status_code < 500
            seen.update(qualified(type(f)) for f in built)
            after = row_counts()
            changed = {k: (before[k], after[k]) for k in before if before[k] != after[k] and k not in BOOKKEEPING}
            # A refused form writes nothing: unless one of the bound forms was valid, no row changes.
            forms = [f for f in built if isinstance(f, django_forms.BaseForm)]
            accepted = any(f.is_bound and f._errors is not None and not f._errors for f in forms)
            if not accepted:
                unexpected = {k: v for k, v in changed.items() if k not in target.may_write}
                assert not unexpected, (response.status_code, unexpected)
            if target.check:
                target.check(world)
            transaction.set_rollback(True)

    post()
    missing = set(target.forms) - seen
    assert not missing, f"{target.test_id} ne construit pas {missing} : registre à corriger"


# Found by this test, in files outside the change that added it: each entry is a strict xfail, so that the fix
# makes the test fail until the entry is removed.
KNOWN_BROKEN: dict[str, str] = {}
LIST_PARAMS = [
    pytest.param(name, marks=pytest.mark.xfail(strict=True, reason=KNOWN_BROKEN[name]))
    if name in KNOWN_BROKEN
    else name
    for name in sorted(LIST_PAGES)
]


@pytest.mark.django_db
@pytest.mark.parametrize("name", LIST_PARAMS)
def test_malformed_query_strings_never_break_a_list_page(name, client, world):
    login(client, world, LIST_ACTORS.get(name, COORDINATOR))
    client.raise_request_exception = False  # a server error is a 500 to report, with every parameter that breaks
    url = reverse(name)
    with forms_built() as built:
        page = client.get(url)
    assert page.status_code == 200
    seen = {qualified(type(f)) for f in built}
    missing = set(LIST_PAGES[name]) - seen
    assert not missing, f"{name} ne construit pas {missing} : registre à corriger"
    # Every parameter the page's filter forms read, and the pagination and export ones, with each edge value.
    swept = sorted(declared_fields(LIST_PAGES[name]) | {"page", "export"})
    broken = [
        (param, value[:20])
        for param in swept
        for value in EDGE_VALUES
        if client.get(url, {param: value}).status_code >= 500
    ]
    assert not broken, f"{name} : erreur serveur pour {broken}"
    # Then random combinations of every input of the page.
    html = page.content.decode() if page["Content-Type"].startswith("text/html") else ""
    fields = sorted(page_fields(html) | set(swept))

    @settings(
        max_examples=LIST_EXAMPLES,
        deadline=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(data=st.dictionaries(st.sampled_from(fields), values, min_size=1, max_size=len(fields)))
    def get(data):
        with transaction.atomic():
            assert client.get(url, data).status_code < 500
            transaction.set_rollback(True)

    get()


def _import_project_modules() -> None:
    for module in pkgutil.walk_packages(concerto.__path__, "concerto."):
        parts = module.name.split(".")
        if {"tests", "migrations", "management"} & set(parts) or parts[-1] in {"browser", "conftest", "factories"}:
            continue
        importlib.import_module(module.name)


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def test_every_form_class_is_fuzzed():
    _import_project_modules()
    project_forms = {
        qualified(cls)
        for cls in [*_subclasses(django_forms.BaseForm), *_subclasses(django_filters.FilterSet)]
        if cls.__module__.startswith("concerto.") and ".tests" not in cls.__module__
    }
    registered = {form for target in FORM_TARGETS for form in target.forms}
    registered |= {form for page_forms in LIST_PAGES.values() for form in page_forms}
    missing = sorted(project_forms - registered - FORM_EXEMPTIONS.keys())
    stale = sorted((registered | FORM_EXEMPTIONS.keys()) - project_forms)
    assert not missing, f"Formulaire sans cible de fuzzing (FORM_TARGETS, LIST_PAGES ou FORM_EXEMPTIONS) : {missing}"
    assert not stale, f"Formulaire du registre introuvable : {stale}"


def _project_views(patterns, namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _project_views(
                pattern.url_patterns, namespace + (f"{pattern.namespace}:" if pattern.namespace else "")
            )
        elif isinstance(pattern, URLPattern) and pattern.callback.__module__.startswith("concerto."):
            yield namespace + pattern.name, pattern.callback


def _allowed_methods(view) -> set[str] | None:
    """The methods of `require_http_methods` (e.g. require_POST) somewhere in the decorators, else None."""
    while view is not None:
        if "request_method_list" in view.__code__.co_freevars:
            cell = view.__closure__[view.__code__.co_freevars.index("request_method_list")]
            return set(cell.cell_contents)
        view = getattr(view, "__wrapped__", None)
    return None


def test_every_list_page_is_fuzzed():
    """Every page of the project without path parameters that answers GET, and every view that reads
    `request.GET`, is fuzzed (LIST_PAGES) or says why not (NOT_LIST_PAGES)."""
    candidates = set()
    for name, view in _project_views(get_resolver().url_patterns):
        methods = _allowed_methods(view)
        if methods is not None and "GET" not in methods:
            continue
        try:
            reverse(name)
        except NoReverseMatch:
            if "request.GET" in inspect.getsource(inspect.unwrap(view)):
                candidates.add(name)
        else:
            candidates.add(name)
    missing = sorted(candidates - LIST_PAGES.keys() - NOT_LIST_PAGES.keys())
    stale = sorted((LIST_PAGES.keys() | NOT_LIST_PAGES.keys()) - candidates)
    assert not missing, f"Page sans fuzzing de la chaîne de requête (LIST_PAGES ou NOT_LIST_PAGES) : {missing}"
    assert not stale, f"Entrées du registre sans page : {stale}"


@pytest.mark.django_db
def test_qualification_partial_survives_edge_values(client, world):
    login(client, world, COORDINATOR)
    url = reverse("situations:alert_qualify", args=[world.alert.pk])
    for decision in ("accept", "attach", "reoriented", "not_admissible", "x"):
        for value in EDGE_VALUES:
            query = {"champs": "1", "decision": decision, "cell": value, "attach_to": value}
            query |= {"reoriented_to": value, "reason": value}
            response = client.get(url, query, HTTP_HX_REQUEST="true")
            assert response.status_code == 200, (decision, value[:20])


@pytest.mark.django_db
def test_huge_choice_ids_are_form_errors(client, world):
    client.force_login(world.memberships[Role.COORDINATOR].user)
    huge = "9223372036854775808"
    response = client.post(reverse("directory:create"), {"name": "X", "type": "cmp", "communes_served": huge})
    assert response.status_code == 200 and "Sélectionnez un choix valide." in response.content.decode()
    assert client.get(reverse("directory:list"), {"commune": huge}).status_code == 200
    assert client.get(reverse("situations:list"), {"commune": huge}).status_code == 200
