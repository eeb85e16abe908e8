"""Two workers, two app processes, one PostgreSQL: N reminders enqueued → N sent, no duplicate, none lost.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python scripts/two_workers_proof.py

DATABASE_URL names a PostgreSQL server (and a database to connect to on it): the proof creates its own scratch
database next to it (`concerto_two_workers_<pid>`: it needs the CREATEDB right), migrates it, and drops it at the end
(`--keep` keeps it). Its keys and its e-mails (the file backend) live in a temporary data folder.

What it does: one council with N members, each owning one action; `--workers` `manage.py db_worker` processes start
polling the django-tasks database queue; `--enqueuers` app processes then enqueue, at the same time, the one-click
reminder of every action (`plans.tasks.send_action_reminder`, N tasks in all, split between them). When the queue is
empty it stops the workers and checks: N task rows, every one successful, claimed by exactly one worker, and exactly
one e-mail to each of the N members in the e-mail files, none to anyone else. Exit status 0 when all hold.

Why it holds: django-tasks-db's worker takes the next task with `SELECT … FOR UPDATE SKIP LOCKED` inside a
transaction and marks it running (with its worker id) before committing, so a second worker skips the row."""

import argparse
import email
import json
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
TASK = "concerto.plans.tasks.send_action_reminder"
DOMAIN = "preuve.invalid"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reminders", type=int, default=200, help="N, the number of reminders (default: 200)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--enqueuers", type=int, default=2)
    parser.add_argument("--timeout", type=int, default=600, help="seconds to wait for the queue to empty")
    parser.add_argument("--keep", action="store_true", help="keep the scratch database")
    parser.add_argument("--enqueue", help=argparse.SUPPRESS)  # internal: an app process's share (JSON ids)
    args = parser.parse_args()
    if args.enqueue:
        return enqueue(json.loads(args.enqueue))
    server = os.environ.get("DATABASE_URL", "")
    if not server.startswith(("postgres://", "postgresql://")):
        print("DATABASE_URL doit désigner un serveur PostgreSQL (postgres://…).", file=sys.stderr)
        return 2
    name = f"concerto_two_workers_{os.getpid()}"
    scratch = urlunsplit(urlsplit(server)._replace(path=f"/{name}"))
    _admin(server, f'CREATE DATABASE "{name}"')
    try:
        with tempfile.TemporaryDirectory(prefix="concerto-proof-") as data_dir:
            return prove(args, scratch, Path(data_dir))
    finally:
        if not args.keep:
            _admin(server, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _admin(server: str, sql: str) -> None:
    import psycopg

    with psycopg.connect(server, autocommit=True) as connection:
        connection.execute(sql)


def _environment(scratch: str, data_dir: Path) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": scratch,
        "CONCERTO_DATA_DIR": str(data_dir),
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "TASKS_IMMEDIATE": "false",
        "CONCERTO_PRODUCTION": "false",
        "DEBUG": "false",
    }


def _setup(environment: dict[str, str]) -> None:
    os.environ.update(environment)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def prove(args, scratch: str, data_dir: Path) -> int:
    environment = _environment(scratch, data_dir)
    _setup(environment)
    from django.core.management import call_command

    started = time.monotonic()
    call_command("migrate", verbosity=0)
    action_ids = make_world(args.reminders)
    print(f"base migrée et {len(action_ids)} actions créées en {time.monotonic() - started:.0f} s")
    manage = [sys.executable, str(ROOT / "manage.py")]
    worker = [*manage, "db_worker", "--interval", "0.2", "--no-startup-delay", "--no-reload", "--worker-id"]
    logs = [data_dir / f"w{i + 1}.log" for i in range(args.workers)]
    workers = [
        subprocess.Popen([*worker, log.stem], cwd=ROOT, env=environment, stdout=log.open("w"), stderr=subprocess.STDOUT)  # noqa: S603
        for log in logs
    ]
    started = time.monotonic()
    shares = [action_ids[i :: args.enqueuers] for i in range(args.enqueuers)]
    enqueuers = [
        subprocess.Popen(  # noqa: S603
            [sys.executable, __file__, "--enqueue", json.dumps(share)],
            cwd=ROOT,
            env=environment,
        )
        for share in shares
    ]
    enqueue_failures = [process.wait() for process in enqueuers]
    drained = wait_for_queue(len(action_ids), args.timeout)
    elapsed = time.monotonic() - started
    for process in workers:
        process.terminate()  # db_worker stops after its current task on SIGTERM
    for process in workers:
        process.wait(timeout=60)
    report = check(len(action_ids), data_dir / "mail")
    report |= {"workers": args.workers, "enqueuers": args.enqueuers, "seconds": round(elapsed, 1)}
    report["enqueuers_ok"] = not any(enqueue_failures)
    report["drained"] = drained
    print(json.dumps(report, indent=2, ensure_ascii=False))
    ok = report["drained"] and report["enqueuers_ok"] and not report["problems"]
    if not ok:
        for log in logs:
            print(log.read_text()[-2000:], file=sys.stderr)
    print("PREUVE OK" if ok else "PREUVE ÉCHOUÉE")
    return 0 if ok else 1


def make_world(count: int) -> list[int]:
    """One council, one situation, one organisation, `count` members each owning one action due in a week."""
    from datetime import timedelta

    from django.contrib.auth.hashers import make_password
    from django.utils import timezone

    from concerto.accounts.enums import Profession, Role
    from concerto.accounts.models import Membership, User
    from concerto.councils.models import Council
    from concerto.directory.models import Organisation
    from concerto.plans.models import Action
    from concerto.situations.enums import PersonMode
    from concerto.situations.models import Situation

    council = Council.objects.create(name="CLSM de la preuve", code="PREUVE")
    organisation = Organisation.objects.create(council=council, name="Structure de la preuve", type="ccas")
    situation = Situation.objects.create(
        council=council, code="PRV-0001", label="J. D.", person_mode=PersonMode.INITIALS,
        opened_on=timezone.localdate(),
    )  # fmt: skip
    users = User.objects.bulk_create(
        User(email=f"membre{i:05d}@{DOMAIN}", first_name="Membre", last_name=f"{i}", password=make_password(None))
        for i in range(count)
    )
    memberships = Membership.objects.bulk_create(
        Membership(user=user, council=council, role=Role.PARTNER, profession=Profession.SOCIAL,
                   organisation=organisation)
        for user in users
    )  # fmt: skip
    due = timezone.localdate() + timedelta(days=7)
    actions = Action.objects.bulk_create(
        Action(council=council, situation=situation, text="Rappeler", owner_organisation=organisation,
               owner_user=membership.user, due_on=due)
        for membership in memberships
    )  # fmt: skip
    return [action.pk for action in actions]


def enqueue(action_ids: list[int]) -> int:
    """An app process: enqueues the reminder of each action, as the coordinator's one-click button does."""
    _setup({})
    from concerto.plans.tasks import send_action_reminder

    for action_id in action_ids:
        send_action_reminder.enqueue(action_id)
    return 0


def wait_for_queue(count: int, timeout: int) -> bool:
    from django_tasks_db.models import DBTaskResult

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        rows = DBTaskResult.objects.filter(task_path=TASK)
        if rows.count() == count and not rows.filter(status__in=["READY", "RUNNING"]).exists():
            return True
        time.sleep(0.5)
    return False


def check(count: int, mail_dir: Path) -> dict:
    from django_tasks_db.models import DBTaskResult

    problems = []
    rows = list(DBTaskResult.objects.filter(task_path=TASK).values("status", "worker_ids", "return_value"))
    statuses = Counter(row["status"] for row in rows)
    claims = Counter(len(row["worker_ids"]) for row in rows)
    by_worker = Counter(worker for row in rows for worker in row["worker_ids"])
    if len(rows) != count:
        problems.append(f"{len(rows)} tâches en file au lieu de {count}")
    if statuses != Counter({"SUCCESSFUL": count}):
        problems.append(f"statuts : {dict(statuses)}")
    if claims != Counter({1: count}):
        problems.append(f"tâches prises par plusieurs travailleurs : {dict(claims)}")
    if any(row["return_value"] != 1 for row in rows):
        problems.append("une tâche n'a pas envoyé exactement un courriel")
    recipients = Counter(mail_recipients(mail_dir))
    expected = {f"membre{i:05d}@{DOMAIN}" for i in range(count)}
    duplicates = {address: n for address, n in recipients.items() if n > 1}
    lost = expected - set(recipients)
    strangers = set(recipients) - expected
    if duplicates:
        problems.append(f"{len(duplicates)} destinataires ont reçu plusieurs courriels")
    if lost:
        problems.append(f"{len(lost)} courriels perdus")
    if strangers:
        problems.append(f"{len(strangers)} destinataires inattendus")
    return {
        "reminders": count,
        "tasks": dict(statuses),
        "tasks_by_worker": dict(sorted(by_worker.items())),
        "emails": sum(recipients.values()),
        "distinct_recipients": len(recipients),
        "duplicates": len(duplicates),
        "lost": len(lost),
        "problems": problems,
    }


def mail_recipients(mail_dir: Path) -> list[str]:
    """The `To:` of every message written by Django's file e-mail backend (messages separated by a line of dashes)."""
    separator = "-" * 79
    found = []
    for path in sorted(mail_dir.glob("*.log")) if mail_dir.exists() else []:
        for chunk in path.read_text().split(separator):
            if chunk.strip():
                to = email.message_from_string(chunk.lstrip())["To"] or ""
                found.extend(address.strip() for address in to.split(","))
    return found


if __name__ == "__main__":
    sys.exit(main())
