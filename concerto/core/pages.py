"""The generic form page the apps' views share: render a form, call a use case from a valid one, show its refusal."""

from collections.abc import Callable

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from concerto.core.concurrency import VersionConflict
from concerto.core.errors import DomainError

CONFLICT = "La fiche a été modifiée entre-temps : vérifiez puis enregistrez à nouveau."


def form_page(
    request: HttpRequest,
    form,
    *,
    template: str,
    title: str,
    back: str,
    submit: str = "Enregistrer",
    intro: str = "",
    call: Callable | None = None,
    success: str = "",
    done: Callable | None = None,
) -> HttpResponse:
    """On a valid POST, calls the use case (`call(form)`); its refusal (or a concurrent edit) shows above the form,
    with what was typed; its success goes to `done(result)` (default: `back`). Otherwise renders `template` with the
    form, its title, the cancel address, the submit label and an introduction."""
    if request.method == "POST" and call is not None and form.is_valid():
        try:
            result = call(form)
        except VersionConflict:
            form.add_error(None, CONFLICT)
        except DomainError as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, success)
            return redirect(done(result) if done else back)
    return render(request, template, {"form": form, "title": title, "back": back, "submit": submit, "intro": intro})
