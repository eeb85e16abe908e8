"""The read-replica router (issue 15): the reports read from the `replica` alias when one is configured, writes and
everything else stay on the primary. The test settings declare `replica` as a mirror of the default database (same
data, a second connection): a query's alias is seen on the connection that ran it."""

import pytest
from django.db import connections, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from concerto.accounts.enums import Role
from concerto.core.db_router import ReplicaRouter, reading_from_replica, replica_alias, replica_reads
from concerto.core.models import Event
from concerto.councils.models import Council
from concerto.factories import CouncilFactory

BOTH = ["default", "replica"]


@pytest.fixture
def replica(settings):
    settings.REPLICA_DATABASE = "replica"


def is_write(sql: str) -> bool:
    return sql.lstrip().split(None, 1)[0].upper() in {"INSERT", "UPDATE", "DELETE", "SAVEPOINT", "RELEASE"}


def queries_on(alias: str):
    return CaptureQueriesContext(connections[alias])


@pytest.mark.django_db(transaction=True, databases=BOTH)
def test_reads_inside_the_context_go_to_the_replica_and_writes_to_the_primary(replica):
    with queries_on("default") as primary, queries_on("replica") as mirror, reading_from_replica():
        council = CouncilFactory()
        assert Council.objects.filter(pk=council.pk).exists()
    assert len(mirror) == 1 and mirror[0]["sql"].startswith("SELECT")
    assert primary.captured_queries and all("SELECT 1 AS" not in q["sql"] for q in primary.captured_queries)
    assert any(q["sql"].startswith("INSERT") for q in primary.captured_queries)
    with queries_on("replica") as mirror:
        assert Council.objects.filter(pk=council.pk).exists()  # outside the context: the primary
    assert len(mirror) == 0


@pytest.mark.django_db(transaction=True, databases=BOTH)
def test_an_object_read_from_the_replica_is_saved_on_the_primary(replica):
    council = CouncilFactory(name="Avant")
    with reading_from_replica():
        copy = Council.objects.get(pk=council.pk)
        assert copy._state.db == "replica"
        copy.name = "Après"
        with queries_on("default") as primary, queries_on("replica") as mirror:
            copy.save(update_fields=["name"])
    assert any("UPDATE" in q["sql"] for q in primary.captured_queries) and len(mirror) == 0
    assert Council.objects.get(pk=council.pk).name == "Après"


@pytest.mark.django_db(transaction=True, databases=BOTH)
def test_reads_inside_a_transaction_stay_on_the_primary(replica):
    with reading_from_replica():
        assert replica_alias() == "replica"
        with transaction.atomic():
            assert replica_alias() is None
            with queries_on("replica") as mirror:
                Council.objects.select_for_update().count()
        assert len(mirror) == 0


def test_without_a_replica_nothing_changes(settings):
    settings.REPLICA_DATABASE = ""
    with reading_from_replica():
        assert ReplicaRouter().db_for_read(Council) == "default"
    assert ReplicaRouter().db_for_read(Council) == "default"


def test_the_decorator_holds_for_the_call_only(settings):
    settings.REPLICA_DATABASE = "replica"
    router = ReplicaRouter()

    @replica_reads
    def report():
        return router.db_for_read(Council), router.db_for_write(Council)

    assert report() == ("replica", "default")
    assert router.db_for_read(Council) == "default"


def test_migrations_run_on_the_primary_only():
    router = ReplicaRouter()
    assert router.allow_migrate("default", "situations") is True
    assert router.allow_migrate("replica", "situations") is False


@pytest.mark.django_db(transaction=True, databases=BOTH)
def test_the_bilan_reads_from_the_replica_and_records_its_export_on_the_primary(replica, client, member_factory):
    council = CouncilFactory()
    client.force_login(member_factory(council, Role.COORDINATOR).user)
    client.get(reverse("home"))  # warm-up: the first request after login writes session flags
    with queries_on("default") as primary, queries_on("replica") as mirror:
        assert client.get(reverse("reports:bilan")).status_code == 200
    assert len(mirror) >= 3 and not [q["sql"] for q in mirror.captured_queries if is_write(q["sql"])]
    read_by_the_page = len(mirror)
    assert len(primary) < read_by_the_page  # the session, the user and the membership: the middleware's reads
    with queries_on("default") as primary, queries_on("replica") as mirror:
        assert client.get(reverse("reports:export")).status_code == 200
    assert len(mirror) >= 3
    assert any("INSERT" in q["sql"] and "core_event" in q["sql"] for q in primary.captured_queries)
    assert Event.objects.filter(council=council, verb="report_exported").count() == 1
