"""The demo council's year of history (demo/history.py, issue 14): last year's Bilan, read over HTTP by the
coordinator, shows the activity of a real year, and loading the demo again duplicates nothing."""

from html import unescape
from html.parser import HTMLParser

import pytest
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from concerto.accounts.models import User
from concerto.core.models import Event
from concerto.councils.models import Council
from concerto.demo.history import PREFIX, load_history
from concerto.demo.services import load_demo
from concerto.meetings.indicators import MONTHS
from concerto.meetings.models import Meeting
from concerto.plans.models import Action
from concerto.situations.models import Alert, Situation

pytestmark = pytest.mark.django_db


class Rows(HTMLParser):
    """The Bilan's rows: {indicator code: {row label: shown value}} (`<th scope="row">` then `<td data-indicateur>`)."""

    def __init__(self):
        super().__init__()
        self.rows, self._label, self._code, self._in_th = {}, "", None, False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "th" and attrs.get("scope") == "row":
            self._label, self._in_th = "", True
        elif tag == "td" and "data-indicateur" in attrs:
            self._code = attrs["data-indicateur"]
            self.rows.setdefault(self._code, {})[self._label.strip()] = ""

    def handle_data(self, data):
        if self._in_th:
            self._label += data
        elif self._code is not None:
            self.rows[self._code][self._label.strip()] += data

    def handle_endtag(self, tag):
        if tag == "th":
            self._in_th = False
        elif tag == "td" and self._code is not None:
            self.rows[self._code] = {k: unescape(v).strip() for k, v in self.rows[self._code].items()}
            self._code = None


def number(text: str) -> int:
    return int(text.replace("\u202f", "").replace("\xa0", "").replace(" ", ""))


@pytest.fixture
def demo():
    load_demo()  # a few seconds, inside the test's transaction
    return Council.objects.get(code="VAL")


def test_last_year_s_bilan_shows_a_year_of_activity(demo, client):
    y = timezone.localdate().year - 1
    client.force_login(User.objects.get(email="coordination@clsm-val-de-lys.example"))
    page = client.get(reverse("reports:bilan"), {"annee": y})
    assert page.status_code == 200
    parser = Rows()
    parser.feed(page.content.decode())
    rows = parser.rows
    assert number(next(iter(rows["alerts_received"].values()))) >= 40
    per_month = {label: number(value) for label, value in rows["sessions_per_month"].items()}
    assert per_month[f"{MONTHS[7]} {y}"] == 0  # August: no session
    assert sum(per_month.values()) == 11 and all(n == 1 for m, n in per_month.items() if m != f"{MONTHS[7]} {y}")
    closed = {label: number(value) for label, value in rows["situations_closed"].items() if number(value)}
    assert len(closed) >= 4 and sum(closed.values()) >= 15
    outcomes = {label: number(value) for label, value in rows["alerts_by_outcome"].items()}
    assert outcomes["Acceptée, nouvelle situation"] >= 30 and outcomes["Réorientée"] + outcomes["Non recevable"] >= 3
    assert number(rows["actions"]["Créées pendant la période"]) >= 40
    assert len(rows["alerts_by_referrer_type"]) >= 4


def test_the_history_s_own_rules(demo):
    y = timezone.localdate().year - 1
    alerts = Alert.objects.filter(council=demo, reference__startswith=PREFIX)
    assert not alerts.filter(received_on__isnull=True).exists()
    for alert in alerts:
        assert 1 <= (timezone.localdate(alert.decided_at) - alert.received_on).days <= 20
    situations = Situation.objects.filter(council=demo, code__startswith=PREFIX)
    assert set(situations.values_list("person_mode", flat=True)) <= {"anonymous", "initials"}
    assert not situations.filter(identity__isnull=False).exists()
    for situation in situations.filter(closed_on__isnull=False):  # discussed by the cell before its closure
        assert situation.agenda_items.filter(meeting__starts_at__date__lt=situation.closed_on).exists()
        assert not situation.agenda_items.filter(meeting__starts_at__date__gt=situation.closed_on).exists()
        assert situation.watch_until.year * 12 + situation.watch_until.month == (
            situation.closed_on.year * 12 + situation.closed_on.month + 6
        )
    history = Meeting.objects.filter(council=demo, items__situation__code__startswith=PREFIX).distinct()
    sessions = history.filter(starts_at__year=y)
    assert sessions.count() in (10, 11)  # 10 when the hand-made session of demo/situations.py falls in last year
    for session in sessions:
        assert 3 <= session.items.count() <= 8
        assert 1 <= (session.signed_off_at - session.ends_at).days <= 10
        assert session.attendances.count() == session.invitations.count() > 0
    assert 45 <= Action.objects.filter(council=demo, created_at__year=y).count() <= 90
    assert not Action.objects.filter(status="done", done_at__isnull=True).exists()
    assert not Action.objects.filter(council=demo, done_at__lt=F("created_at")).exists()
    reopened = Situation.objects.get(council=demo, code__startswith=PREFIX, closed_on__isnull=True,
                                     closure_reason__gt="")  # fmt: skip
    assert Event.objects.filter(verb="situation_reopened", target_id=str(reopened.pk)).count() == 1
    assert not Action.objects.filter(situation__closed_on__isnull=False, status__in=["todo", "in_progress"]).exists()
    # The hand-made demo alerts carry their reception day too (the submit service's), and the plan actions exist.
    assert not Alert.objects.filter(council=demo, received_on__isnull=True).exclude(status="draft").exists()
    assert Action.objects.filter(situation__code="VAL-2026-003").count() == 3


def test_loading_twice_duplicates_nothing(demo):
    def counts():
        return (
            Alert.objects.filter(council=demo).count(),
            Situation.objects.filter(council=demo).count(),
            Meeting.objects.filter(council=demo).count(),
            Action.objects.filter(council=demo).count(),
        )

    before = counts()
    load_demo()
    assert counts() == before
    load_history(demo, demo.cells.get(), {}, {})  # returns before reading its arguments: already loaded
    assert counts() == before
