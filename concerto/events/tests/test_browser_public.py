"""A public visitor, not logged in, registers to a workshop from its public page, gets the confirmation e-mail with
the calendar file, answers the questionnaire after the workshop; the coordinator sees the result chart. Real
browser, axe-core clean."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from concerto.accounts.enums import Profession, Role
from concerto.browser import check_accessibility, login
from concerto.events.models import Evaluation, Event, Registration
from concerto.events.tests.factories import make_event
from concerto.factories import CouncilFactory, MembershipFactory

pytestmark = pytest.mark.browser


def test_a_visitor_registers_answers_and_the_coordinator_sees_the_chart(page, live_server, mailoutbox):
    council = CouncilFactory()
    coordinator = MembershipFactory(council=council, role=Role.COORDINATOR, profession=Profession.ADMINISTRATIVE)
    event = make_event(council, days=3, capacity=10)

    page.goto(live_server.url + reverse("events:register", args=[event.public_token]))
    page.get_by_role("heading", name="S'inscrire").wait_for()
    check_accessibility(page)
    page.fill("input[name=name]", "Camille Durand")
    page.fill("input[name=email]", "camille.durand@exemple.test")
    page.click("label[for=id_consent_contact]")  # DSFR: the label covers the box
    page.click("button[type=submit]")
    page.get_by_text("Votre inscription est enregistrée").wait_for()
    check_accessibility(page)
    assert Registration.objects.filter(event=event).count() == 1

    (message,) = mailoutbox
    assert message.to == ["camille.durand@exemple.test"]
    name, content, mimetype = message.attachments[0]
    assert name.endswith(".ics") and mimetype.startswith("text/calendar")
    assert "BEGIN:VEVENT" in (content.decode() if isinstance(content, bytes) else content)
    assert "/evenements/desinscription/" in message.body
    evaluation = next(line for line in message.body.splitlines() if "/evenements/avis/" in line).strip()

    # The workshop takes place.
    Event.objects.filter(pk=event.pk).update(
        starts_at=timezone.now() - timedelta(hours=3), ends_at=timezone.now() - timedelta(hours=1)
    )
    page.goto(live_server.url + evaluation[evaluation.index("/evenements/") :])
    page.get_by_role("heading", name="Votre avis sur l'événement").wait_for()
    check_accessibility(page)
    page.click("label[for=id_satisfaction_4]")  # 5 out of 5
    page.click("label[for=id_usefulness_3]")  # 4 out of 5
    page.click("label[for=id_would_return_0]")  # yes
    page.fill("textarea[name=comment]", "Un atelier chaleureux.")
    page.click("button[type=submit]")
    page.get_by_text("Merci pour votre avis").first.wait_for()
    check_accessibility(page)
    assert Evaluation.objects.filter(event=event, registration__isnull=False).count() == 1

    login(page, live_server, coordinator.user)
    page.goto(live_server.url + reverse("events:results", args=[event.pk]))
    page.get_by_role("heading", name="Résultats du questionnaire").wait_for()
    chart = page.get_by_role("img", name="Satisfaction générale : réponses par note")
    chart.wait_for()
    assert "1 réponse" in page.locator("[role=status]").first.inner_text()
    assert "Un atelier chaleureux." in page.content()
    check_accessibility(page)
