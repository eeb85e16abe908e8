"""The public pages over HTTP, without an account: registration (over capacity, duplicate, closed, rate limit),
the confirmation e-mail with its calendar file and cancel link, the cancel link (once, 410 after), and the
questionnaire (one answer per registrant, the anonymous link, its window)."""

from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from concerto.core.models import Event as Journal
from concerto.core.typography import french_spaces as fr
from concerto.events import services
from concerto.events.models import Evaluation, Registration
from concerto.events.tests.factories import make_event, make_registration
from concerto.factories import CouncilFactory

pytestmark = pytest.mark.django_db

FORM = {
    "name": "Camille Durand",
    "email": "Camille.Durand@exemple.test",
    "phone": "0600000000",
    "consent_contact": "on",
}


@pytest.fixture
def event():
    return make_event(CouncilFactory(), days=7, capacity=2)


def register_url(event):
    return reverse("events:register", args=[event.public_token])


def assert_private(response):
    assert response["Cache-Control"] == "no-store"
    assert response["Referrer-Policy"] == "same-origin"  # "no-referrer" would post forms with Origin: null
    assert "noindex" in response["X-Robots-Tag"]


def test_a_visitor_registers_and_gets_the_confirmation_with_ics_and_cancel_link(
    client, event, run_on_commit, mailoutbox
):
    page = client.get(register_url(event))
    assert page.status_code == 200 and "M'inscrire" in page.content.decode()
    assert_private(page)
    response = client.post(register_url(event), FORM)
    assert response.status_code == 200
    assert "Votre inscription est enregistrée" in response.content.decode()
    assert_private(response)
    registration = Registration.objects.get(event=event)
    assert registration.email == FORM["email"] and registration.consent_contact
    with connection.cursor() as cursor:  # the address is encrypted at rest
        cursor.execute("SELECT email, name FROM events_registration WHERE id = %s", [registration.pk])
        raw = " ".join(cursor.fetchone())
    assert "exemple.test" not in raw and "Durand" not in raw
    (message,) = mailoutbox
    assert message.to == [FORM["email"]]
    assert "Inscription confirmée" in message.subject
    (name, content, mimetype) = message.attachments[0]
    assert name.endswith(".ics") and mimetype.startswith("text/calendar")
    content = content.decode() if isinstance(content, bytes) else content
    assert "BEGIN:VEVENT" in content and "Camille" not in content
    cancel = next(line for line in message.body.splitlines() if "/evenements/desinscription/" in line)
    path = cancel[cancel.index("/evenements/") :].strip()
    assert client.get(path).status_code == 200
    assert client.post(path, {"confirm": "on"}).status_code == 200
    assert client.get(path).status_code == 410


def test_over_capacity_is_refused_in_french_and_writes_nothing(client, event):
    make_registration(event, email="a@exemple.test")
    make_registration(event, email="b@exemple.test")
    journal = Journal.objects.count()
    response = client.post(register_url(event), FORM)
    assert response.status_code == 200
    assert "complet" in response.content.decode()
    assert Registration.objects.filter(event=event).count() == 2
    assert Journal.objects.count() == journal


def test_a_duplicate_address_is_refused_and_writes_nothing(client, event):
    make_registration(event, email="camille.durand@exemple.test")
    journal = Journal.objects.count()
    response = client.post(register_url(event), {**FORM, "email": " CAMILLE.durand@exemple.test"})
    assert fr("Cette adresse électronique est déjà inscrite à cet événement.") in response.content.decode()
    assert Registration.objects.filter(event=event).count() == 1
    assert Journal.objects.count() == journal


def test_closed_or_cancelled_events_take_no_registration(client, event):
    event.registration_open = False
    event.save()
    response = client.post(register_url(event), FORM)
    assert "fermées" in response.content.decode()
    assert not Registration.objects.exists()
    assert client.get(reverse("events:register", args=["jeton-inconnu"])).status_code == 404


def test_registrations_are_rate_limited(client):
    event = make_event(CouncilFactory(), capacity=500)
    for n in range(services.REGISTRATIONS_PER_HOUR):
        make_registration(event, email=f"p{n}@exemple.test")
    response = client.post(register_url(event), FORM)
    assert response.status_code == 429
    assert Registration.objects.filter(event=event).count() == services.REGISTRATIONS_PER_HOUR


def test_the_cancel_link_works_once_then_answers_410(client, event):
    registration = make_registration(event, token="jeton-annulation")
    url = reverse("events:registration_cancel", args=["jeton-annulation"])
    page = client.get(url)
    assert page.status_code == 200
    assert_private(page)
    assert client.post(url, {}).status_code == 200  # unconfirmed: nothing
    registration.refresh_from_db()
    assert registration.cancelled_at is None
    response = client.post(url, {"confirm": "on"})
    assert "Votre inscription est annulée" in response.content.decode()
    registration.refresh_from_db()
    assert registration.cancelled_at is not None
    assert client.get(url).status_code == 410
    assert client.post(url, {"confirm": "on"}).status_code == 410
    # The place is free again, and the same address may register again.
    assert client.post(register_url(event), {**FORM, "email": "camille@exemple.test"}).status_code == 200
    assert Registration.objects.filter(event=event, cancelled_at__isnull=True).count() == 1


def test_the_cancel_link_expires_when_the_event_starts(client, event):
    make_registration(event, token="jeton-annulation")
    url = reverse("events:registration_cancel", args=["jeton-annulation"])
    with time_machine.travel(event.starts_at + timedelta(minutes=1)):
        response = client.get(url)
    assert response.status_code == 410
    assert_private(response)
    assert client.get(reverse("events:registration_cancel", args=["inconnu"])).status_code == 404


ANSWER = {"satisfaction": "5", "usefulness": "4", "would_return": "oui", "comment": "Très bien"}


def test_a_registrant_answers_the_questionnaire_once(client):
    event = make_event(CouncilFactory(), days=-1)
    make_registration(event, token="jeton-avis")
    url = reverse("events:evaluate", args=["jeton-avis"])
    assert client.get(url).status_code == 200
    assert client.post(url, {**ANSWER, "satisfaction": "9"}).status_code == 200
    assert not Evaluation.objects.exists()
    response = client.post(url, ANSWER)
    assert "Merci pour votre avis" in response.content.decode()
    evaluation = Evaluation.objects.get()
    assert evaluation.satisfaction == 5 and evaluation.would_return and evaluation.comment == "Très bien"
    assert client.get(url).status_code == 410
    assert client.post(url, ANSWER).status_code == 410
    assert Evaluation.objects.count() == 1


def test_the_questionnaire_opens_with_the_event_and_closes_a_month_after(client, event):
    make_registration(event, token="jeton-avis")
    url = reverse("events:evaluate", args=["jeton-avis"])
    assert "pas encore ouvert" in client.get(url).content.decode()
    assert client.post(url, ANSWER).status_code == 200 and not Evaluation.objects.exists()
    with time_machine.travel(event.ends_at + timedelta(days=services.EVALUATION_DAYS + 1)):
        assert client.get(url).status_code == 410


def test_the_anonymous_questionnaire_is_rate_limited(client):
    event = make_event(CouncilFactory(), days=-1)
    url = reverse("events:evaluate_anonymous", args=[event.evaluation_token])
    assert_private(client.get(url))
    assert client.post(url, ANSWER).status_code == 200
    assert client.post(url, ANSWER).status_code == 200  # anyone at the session may answer
    Evaluation.objects.bulk_create(
        Evaluation(event=event, satisfaction=3, usefulness=3, would_return=False)
        for _ in range(services.ANONYMOUS_EVALUATIONS_PER_HOUR)
    )
    count = Evaluation.objects.count()
    assert client.post(url, ANSWER).status_code == 429
    assert Evaluation.objects.count() == count
    assert client.get(reverse("events:evaluate_anonymous", args=["inconnu"])).status_code == 404


def test_two_last_registrations_cannot_both_take_the_last_place(event):
    make_registration(event, email="a@exemple.test")
    services.register(event=event, data={"name": "B", "email": "b@exemple.test"})
    with pytest.raises(services.DomainError):
        services.register(event=event, data={"name": "C", "email": "c@exemple.test"})
    assert Registration.objects.filter(event=event).count() == 2
    assert timezone.now() < event.starts_at
