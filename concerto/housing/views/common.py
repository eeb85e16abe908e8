"""What the housing views share: the generic form page and the call of a use case from a valid form."""

from collections.abc import Callable

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from concerto.core.errors import DomainError


def form_page(
    request: HttpRequest,
    form,
    *,
    title: str,
    back: str,
    submit: str = "Enregistrer",
    intro: str = "",
    call: Callable | None = None,
    success: str = "",
    done: Callable | None = None,
) -> HttpResponse:
    """On a valid POST, calls the use case (`call(form)`); its refusal shows above the form, its success goes to
    `done(result)` (default: `back`). Otherwise renders the form page."""
    if request.method == "POST" and call is not None and form.is_valid():
        try:
            result = call(form)
        except DomainError as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, success)
            return redirect(done(result) if done else back)
    return render(
        request, "housing/form.html", {"form": form, "title": title, "back": back, "submit": submit, "intro": intro}
    )
