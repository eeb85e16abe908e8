"""Access helpers for the directory: the only way views load an organisation or a contact."""

from django.shortcuts import get_object_or_404

from concerto.directory.models import Contact, Organisation


def organisations_visible_to(request):
    """Every member of a council reads its whole directory; nothing of another council."""
    return Organisation.objects.for_council(request.council)


def organisation_for(request, pk: int) -> Organisation:
    """404 outside the current council, so existence does not leak."""
    return get_object_or_404(organisations_visible_to(request), pk=pk)


def contact_for(request, organisation: Organisation, pk: int) -> Contact:
    return get_object_or_404(Contact.objects.filter(organisation=organisation), pk=pk)
