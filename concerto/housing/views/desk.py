"""The sub-group's desk: official letters (interpellations) and prospected landlords. The coordinator and the
members of the Commission appartement list and add them; a landlord gets 403."""

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from concerto.core.decorators import member_required
from concerto.core.lists import paginate
from concerto.housing import desk as desk_services
from concerto.housing import selectors
from concerto.housing.access import housing_access
from concerto.housing.forms import OfficialLetterForm, ProspectForm
from concerto.housing.views.common import delete_page, form_page


@member_required()
def letter_list(request: HttpRequest) -> HttpResponse:
    access = housing_access(request, applications=True)
    page, query_string = paginate(request, selectors.letters(request.council))
    return render(request, "housing/letter_list.html", {"access": access, "page": page, "query_string": query_string})


@member_required()
def letter_create(request: HttpRequest) -> HttpResponse:
    housing_access(request, applications=True)
    return form_page(
        request,
        OfficialLetterForm(request.POST or None, request.FILES or None),
        title="Nouveau courrier officiel",
        back=reverse("housing:letter_list"),
        success="Le courrier est enregistré.",
        call=lambda f: desk_services.letter_add(council=request.council, actor=request.user, data=dict(f.cleaned_data)),
    )


@member_required()
def letter_edit(request: HttpRequest, pk: int) -> HttpResponse:
    housing_access(request, applications=True)
    letter = get_object_or_404(selectors.letters(request.council), pk=pk)
    initial = {name: getattr(letter, name) for name in ("sent_on", "addressee", "subject", "summary")}
    return form_page(
        request,
        OfficialLetterForm(request.POST or None, request.FILES or None, initial=initial),
        title=f"Modifier le courrier du {letter.sent_on:%d/%m/%Y} ({letter.addressee})",
        back=reverse("housing:letter_list"),
        intro="Un nouveau document remplace celui du courrier ; sans nouveau document, il est gardé.",
        success="Le courrier est modifié.",
        call=lambda f: desk_services.letter_update(letter=letter, actor=request.user, data=dict(f.cleaned_data)),
    )


@member_required()
def letter_delete(request: HttpRequest, pk: int) -> HttpResponse:
    housing_access(request, applications=True)
    letter = get_object_or_404(selectors.letters(request.council), pk=pk)
    return delete_page(
        request,
        title=f"Supprimer le courrier du {letter.sent_on:%d/%m/%Y} ({letter.addressee})",
        text=f"Le courrier « {letter.subject} » et son document seront supprimés.",
        back=reverse("housing:letter_list"),
        call=lambda: desk_services.letter_delete(letter=letter, actor=request.user),
        success="Le courrier est supprimé.",
    )


@member_required()
def letter_document(request: HttpRequest, pk: int) -> FileResponse:
    housing_access(request, applications=True)
    letter = get_object_or_404(selectors.letters(request.council), pk=pk)
    if not letter.document:
        raise Http404
    response = FileResponse(
        letter.document.open("rb"),
        content_type=letter.content_type,
        as_attachment=True,
        filename=f"courrier-{letter.pk}.{letter.extension}",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@member_required()
def prospect_list(request: HttpRequest) -> HttpResponse:
    access = housing_access(request, applications=True)
    page, query_string = paginate(request, selectors.prospects(request.council))
    return render(request, "housing/prospect_list.html", {"access": access, "page": page, "query_string": query_string})


@member_required()
def prospect_create(request: HttpRequest) -> HttpResponse:
    housing_access(request, applications=True)
    return form_page(
        request,
        ProspectForm(request.POST or None, council=request.council),
        title="Nouveau bailleur prospecté",
        back=reverse("housing:prospect_list"),
        success="Le bailleur prospecté est enregistré.",
        call=lambda f: desk_services.prospect_add(
            council=request.council, actor=request.user, data=dict(f.cleaned_data)
        ),
    )


@member_required()
def prospect_edit(request: HttpRequest, pk: int) -> HttpResponse:
    housing_access(request, applications=True)
    prospect = get_object_or_404(selectors.prospects(request.council), pk=pk)
    initial = {
        "organisation": prospect.organisation,
        "name": prospect.name,
        "contacted_on": prospect.contacted_on,
        "status": prospect.status,
        "next_step": prospect.next_step,
    }
    return form_page(
        request,
        ProspectForm(request.POST or None, council=request.council, initial=initial),
        title=f"Suivi du bailleur prospecté {prospect.display_name}",
        back=reverse("housing:prospect_list"),
        success="Le suivi est enregistré.",
        call=lambda f: desk_services.prospect_update(prospect=prospect, actor=request.user, data=dict(f.cleaned_data)),
    )
