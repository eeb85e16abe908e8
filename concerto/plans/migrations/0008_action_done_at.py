"""Adds `Action.done_at` (the Bilan's delay to done, issue 14) and backfills it for the actions already done: the
time of the last journal event that marked the action done (by a member or by its owner without an account), or
else the action's last update."""

from django.db import migrations, models

BATCH = 500
DONE_VERBS = ("action_status_changed", "action_external_updated")


def backfill_done_at(apps, schema_editor):
    Action = apps.get_model("plans", "Action")
    Event = apps.get_model("core", "Event")
    done = Action.objects.filter(status="done", done_at__isnull=True).only("id", "updated_at").order_by("id")
    batch = []
    for action in done.iterator(chunk_size=BATCH):
        batch.append(action)
        if len(batch) == BATCH:
            _fill(Action, Event, batch)
            batch = []
    if batch:
        _fill(Action, Event, batch)


def _fill(Action, Event, actions) -> None:
    """One query for the journal of the batch, one for the update."""
    marked: dict[int, object] = {}
    events = Event.objects.filter(
        verb__in=DONE_VERBS, data__after="done", data__action__in=[action.pk for action in actions]
    ).values_list("data__action", "created_at")
    for pk, created_at in events:
        if int(pk) not in marked or created_at > marked[int(pk)]:
            marked[int(pk)] = created_at
    for action in actions:
        action.done_at = marked.get(action.pk, action.updated_at)
    Action.objects.bulk_update(actions, ["done_at"])


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0003_append_only_and_access_log_index"),
        ("plans", "0007_external_owner"),
    ]

    operations = [
        migrations.AddField(
            model_name="action",
            name="done_at",
            field=models.DateTimeField(blank=True, editable=False, null=True, verbose_name="faite le"),
        ),
        migrations.RunPython(backfill_done_at, migrations.RunPython.noop),
    ]
