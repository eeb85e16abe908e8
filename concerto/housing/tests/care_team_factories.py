"""The matrix world's care-team application: oriented by the world's health partner's organisation (« CMP »), with
a postponement recorded at a signed session and a place on a planned session's agenda."""

from __future__ import annotations

from concerto.housing.enums import ApplicationStatus
from concerto.housing.tests.factories import make_application


def care_team_world(w):
    if getattr(w, "care_team", None) is not None:
        return w.care_team
    from types import SimpleNamespace

    organisation = w.participant_members["participant_sante"].organisation
    application = make_application(w.council, organisation, status=ApplicationStatus.RECEIVED)
    w.care_team = SimpleNamespace(organisation=organisation, application=application)
    return w.care_team
