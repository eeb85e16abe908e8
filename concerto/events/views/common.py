"""What the events views share: the generic form page and the call of a use case from a valid form."""

from functools import partial

from concerto.core.pages import form_page as core_form_page

form_page = partial(core_form_page, template="events/form.html")
