"""Every e-mail of Concerto is built here, from templates, and sent from a django-tasks task (never inside the web
request): a service enqueues the task once its transaction commits (`enqueue_on_commit`), the worker renders and
sends. Templates live in `templates/emails/`: `<prefix>_subject.txt` (one line), `<prefix>.txt` and, optionally,
`<prefix>.html`; the shared footer `_footer.txt` (council's name, no-reply notice) ends every body.

One message per recipient: nobody learns who else was told (architecture invariant 10). Messages carry codes, never
a person's name. Task arguments are ids (and, for links, tokens encrypted with `core.crypto`): they are stored in the
queue table, so nothing secret or personal travels in clear."""

from collections.abc import Iterable

from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template import TemplateDoesNotExist
from django.template.loader import get_template, render_to_string

SUBJECT_PREFIX = "[Concerto] "


def _render(name: str, context: dict) -> str:
    return render_to_string(f"emails/{name}", context)


def _optional_template(name: str):
    try:
        return get_template(name)
    except TemplateDoesNotExist:
        return None


def build(template_prefix: str, context: dict, to: Iterable[str], attachments: Iterable[tuple] = ()):
    """The message for `to`, rendered from `emails/<template_prefix>*`; `attachments` are (name, content, mimetype)."""
    subject = " ".join(_render(f"{template_prefix}_subject.txt", context).split())
    body = _render(f"{template_prefix}.txt", context).strip() + "\n\n" + _render("_footer.txt", context).strip() + "\n"
    message = EmailMultiAlternatives(SUBJECT_PREFIX + subject, body, None, list(to))
    html = _optional_template(f"emails/{template_prefix}.html")
    if html is not None:
        message.attach_alternative(html.render(context), "text/html")
    for name, content, mimetype in attachments:
        message.attach(name, content, mimetype)
    return message


def send(template_prefix: str, context: dict, to: Iterable[str], attachments: Iterable[tuple] = ()) -> int:
    """Sends one message per distinct address (from a task); returns how many were sent."""
    return sum(
        build(template_prefix, context, [address], attachments).send() for address in sorted(set(filter(None, to)))
    )


def enqueue_on_commit(task, *args) -> None:
    """Enqueues `task(*args)` once the current transaction commits: a rolled-back change sends nothing."""
    transaction.on_commit(lambda: task.enqueue(*args))
