"""What the housing views share: the generic form page and the call of a use case from a valid form."""

from collections.abc import Callable
from functools import partial

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from concerto.core.errors import DomainError
from concerto.core.pages import form_page as core_form_page

form_page = partial(core_form_page, template="housing/form.html")


def delete_page(
    request: HttpRequest, *, title: str, text: str, back: str, call: Callable, success: str
) -> HttpResponse:
    """GET: the confirmation page; POST: the deletion (`call()`), whose refusal shows on the confirmation page."""
    error = ""
    if request.method == "POST":
        try:
            call()
        except DomainError as refusal:
            error = str(refusal)
        else:
            messages.success(request, success)
            return redirect(back)
    return render(
        request, "housing/confirm_delete.html", {"title": title, "text": text, "back": back, "error": error},
        status=400 if error else 200,
    )  # fmt: skip
