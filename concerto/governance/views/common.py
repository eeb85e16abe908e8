"""What the governance views share: the generic form page and the call of a use case from a valid form."""

from functools import partial

from concerto.core.pages import form_page as core_form_page

form_page = partial(core_form_page, template="governance/form.html")


def cleaned(form, *exclude: str) -> dict:
    return {k: v for k, v in form.cleaned_data.items() if k not in ("version", *exclude)}
