"""Malformed data posted to every form of the project and the public alert link (hypothesis): never a server
error, and a refused form writes nothing."""

import re

import pytest
from django.apps import apps
from django.db import transaction
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from concerto.accounts.enums import Role

FORMS = [
    ("directory:create", {}),
    ("directory:contact_create", {"pk": "org"}),
    ("situations:alert_create", {}),
    ("situations:public_alert", {"token": "link_token"}),
    ("situations:alert_qualify", {"pk": "alert"}),
    ("situations:edit", {"code": "situation_code"}),
    ("situations:mode", {"code": "situation_code"}),
    ("situations:consent", {"code": "situation_code"}),
    ("situations:participants", {"code": "situation_code"}),
    ("situations:journal", {"code": "situation_code"}),
    ("plans:situation_actions", {"code": "situation_code"}),
    ("meetings:create", {}),
    ("meetings:mode", {"pk": "meeting"}),
    ("meetings:poll_new", {}),
    ("accounts:member_invite", {}),
    ("councils:edit", {}),
    ("councils:sector_create", {}),
    ("councils:cell_create", {}),
    ("privacy:overview", {}),
    ("privacy:subject_access", {}),
    ("privacy:erasure", {}),
]

values = st.one_of(
    st.text(max_size=300),
    st.integers(min_value=-(2**63), max_value=2**63).map(str),
    st.sampled_from(
        [
            "",
            "0",
            "-1",
            "9223372036854775808",
            "2026-13-45",
            "9999-12-31T99:99",
            "<script>",
            "' OR 1=1 --",
            "\x00",
            "é" * 5000,
        ]
    ),
)


def resolve(built, kwargs):
    mapping = {
        "org": built.org.pk, "link_token": built.link_token, "alert": built.alert.pk,
        "situation_code": built.situation.code, "meeting": built.meeting.pk,
    }  # fmt: skip
    return {key: mapping[value] for key, value in kwargs.items()}


def row_counts():
    return {m._meta.label_lower: m._base_manager.count() for m in apps.get_models()}


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "kwargs"), FORMS, ids=[f[0] for f in FORMS])
def test_malformed_posts_never_break_anything(name, kwargs, client, world):
    client.force_login(world.memberships[Role.COORDINATOR].user)
    url = reverse(name, kwargs=resolve(world, kwargs))
    page = client.get(url).content.decode()
    fields = sorted(set(re.findall(r'name="([a-z][\w-]*)"', page)) - {"csrfmiddlewaretoken"}) or ["x"]

    # Derandomised: CI explores the same examples on every run, so a red build is reproducible.
    @settings(
        max_examples=25, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.function_scoped_fixture]
    )
    @given(data=st.dictionaries(st.sampled_from(fields), values, max_size=len(fields)))
    def post(data):
        with transaction.atomic():
            before = row_counts()
            response = client.post(url, data)
            assert response.status_code < 500
            if response.status_code == 200:
                after = row_counts()
                changed = {k: (before[k], after[k]) for k in before if before[k] != after[k]}
                # A re-displayed form wrote nothing (cache and session rows aside).
                changed.pop("sessions.session", None)
                assert not changed, changed
            transaction.set_rollback(True)

    post()


@pytest.mark.django_db
def test_huge_choice_ids_are_form_errors(client, world):
    client.force_login(world.memberships[Role.COORDINATOR].user)
    huge = "9223372036854775808"
    response = client.post(reverse("directory:create"), {"name": "X", "type": "cmp", "communes_served": huge})
    assert response.status_code == 200 and "Sélectionnez un choix valide." in response.content.decode()
    assert client.get(reverse("directory:list"), {"commune": huge}).status_code == 200
    assert client.get(reverse("situations:list"), {"commune": huge}).status_code == 200
