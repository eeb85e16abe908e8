"""Applications: list, creation, the file (identity folded behind a logged read, opinions by class), status moves,
consent and admission to a place."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from concerto.core.decorators import member_required
from concerto.core.errors import DomainError
from concerto.core.lists import current_sort, paginate, sort_headers
from concerto.housing import services
from concerto.housing.access import (
    application_for,
    application_view,
    applications_for,
    housing_access,
    identity_for,
)
from concerto.housing.commission_disclosure import application_history
from concerto.housing.enums import APPLICATION_TRANSITIONS
from concerto.housing.filters import APPLICATION_SORTS, ApplicationFilterSet
from concerto.housing.forms import AdmitForm, ApplicationConsentForm, ApplicationForm, ApplicationStatusForm
from concerto.housing.views.common import form_page


@member_required()
def application_list(request: HttpRequest) -> HttpResponse:
    access = housing_access(request, applications=True)
    filterset = ApplicationFilterSet(
        request.GET or None, applications_for(access).select_related("orienting_organisation"), request=request
    )
    sort = current_sort(filterset)
    page, query_string = paginate(request, filterset.qs)
    return render(
        request,
        "housing/application_list.html",
        {
            "access": access,
            "form": filterset.form,
            "page": page,
            "query_string": query_string,
            "sort": sort_headers(request, APPLICATION_SORTS, sort),
        },
    )


@member_required()
def application_create(request: HttpRequest) -> HttpResponse:
    housing_access(request, edit=True)

    def call(form):
        data, identity = form.split()
        return services.application_create(council=request.council, actor=request.user, data=data, identity=identity)

    return form_page(
        request,
        ApplicationForm(request.POST or None, council=request.council),
        title="Nouvelle demande de logement",
        back=reverse("housing:application_list"),
        success="La demande est enregistrée.",
        call=call,
        intro="L'identité de la personne est conservée à part ; chaque consultation est journalisée.",
        done=lambda application: reverse("housing:application_detail", args=[application.reference]),
    )


@member_required()
def application_edit(request: HttpRequest, reference: str) -> HttpResponse:
    access = housing_access(request, edit=True)
    application = application_for(access, reference)
    form = ApplicationForm(request.POST or None, instance=application, council=request.council, with_identity=False)
    return form_page(
        request, form, title=f"Compléter la demande {reference}", success="La demande est mise à jour.",
        back=reverse("housing:application_detail", args=[reference]),
        call=lambda f: services.application_update(application=application, actor=request.user,
                                                   data=f.split()[0]),
    )  # fmt: skip


@member_required()
def application_detail(request: HttpRequest, reference: str) -> HttpResponse:
    access = housing_access(request, applications=True)
    application = application_for(access, reference)
    view = application_view(access, application)
    status_form = None
    if access.can_edit and APPLICATION_TRANSITIONS.targets(application.status):
        status_form = ApplicationStatusForm()
    return render(
        request,
        "housing/application_detail.html",
        {
            "access": access,
            "view": view,
            "application": application,
            "status_form": status_form,
            "can_admit": access.can_edit and APPLICATION_TRANSITIONS.allowed(application.status, "admitted"),
            "consents": application.consents.all(),
            "occupancies": application.occupancies.select_related("place"),
            "communes": application.wished_communes.all(),
            "history": application_history(access, view),
        },
    )


@member_required()
def application_identity(request: HttpRequest, reference: str) -> HttpResponse:
    """« Voir l'identité »: the read is logged."""
    access = housing_access(request, applications=True)
    view = application_view(access, application_for(access, reference))
    identity = identity_for(request, view, source=request.path)
    return render(request, "housing/application_identity.html", {"application": view.application, "identity": identity})


@member_required()
@require_POST
def application_status(request: HttpRequest, reference: str) -> HttpResponse:
    access = housing_access(request, edit=True)
    application = application_for(access, reference)
    form = ApplicationStatusForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.application_set_status(
                application=application, actor=request.user, status=data["status"], reason=data["reason"], on=data["on"]
            )
        except DomainError as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(request, "Le statut de la demande est mis à jour.")
    else:
        messages.error(request, "Choisissez un statut et une date valides.")
    return redirect("housing:application_detail", reference=application.reference)


@member_required()
def application_consent(request: HttpRequest, reference: str) -> HttpResponse:
    access = housing_access(request, edit=True)
    application = application_for(access, reference)
    return form_page(
        request,
        ApplicationConsentForm(request.POST or None),
        title=f"Consentement — demande {reference}",
        back=reverse("housing:application_detail", args=[reference]),
        success="Le consentement est enregistré.",
        call=lambda f: services.application_consent_record(
            application=application, actor=request.user, data=dict(f.cleaned_data)
        ),
    )


@member_required()
def application_admit(request: HttpRequest, reference: str) -> HttpResponse:
    access = housing_access(request, edit=True)
    application = application_for(access, reference)

    def call(form):
        data = dict(form.cleaned_data)
        return services.application_admit(
            application=application, actor=request.user, place=data.pop("place"), data=data
        )

    return form_page(
        request,
        AdmitForm(request.POST or None, council=request.council),
        title=f"Admission — demande {reference}",
        back=reverse("housing:application_detail", args=[reference]),
        submit="Admettre",
        success="L'admission et l'entrée dans la place sont enregistrées.",
        call=call,
    )
