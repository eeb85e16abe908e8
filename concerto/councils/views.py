import mimetypes

from django.contrib import messages
from django.db.models import Sum
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from concerto.core.decorators import coordinator_required, member_required
from concerto.core.errors import DomainError
from concerto.councils import problems, services, territory
from concerto.councils.forms import CommuneSearchForm, CouncilForm, ProblemTypeForm, SectorForm
from concerto.councils.models import PsychiatricSector


@member_required()
def council_detail(request: HttpRequest) -> HttpResponse:
    council = request.council
    communes = council.communes.order_by("name")
    return render(
        request,
        "councils/council_detail.html",
        {
            "council": council,
            "communes": communes,
            "population": communes.aggregate(total=Sum("population"))["total"] or 0,
            "sectors": council.sectors.all(),
            "member_count": council.memberships.active().count(),
        },
    )


@coordinator_required
def council_edit(request: HttpRequest) -> HttpResponse:
    council = request.council
    form = CouncilForm(request.POST or None, request.FILES or None, instance=council)
    if request.method == "POST" and form.is_valid():
        services.council_update(council=form.instance, actor=request.user, changed=form.changed_data)
        messages.success(request, "Les informations du conseil sont enregistrées.")
        return redirect("councils:detail")
    return render(request, "councils/council_edit.html", {"form": form})


@coordinator_required
def territory_edit(request: HttpRequest) -> HttpResponse:
    council = request.council
    form = CommuneSearchForm(request.GET or None)
    results = territory.search(form.cleaned_data["q"]) if form.is_valid() else []
    selected = set(council.communes.values_list("insee_code", flat=True))
    return render(
        request,
        "councils/territory_edit.html",
        {
            "form": form,
            "results": results,
            "selected": selected,
            "communes": council.communes.order_by("name"),
        },
    )


@coordinator_required
@require_POST
def commune_add(request: HttpRequest) -> HttpResponse:
    commune = territory.commune_from_reference(request.POST.get("insee_code", ""))
    if commune is None:
        messages.error(request, "Code INSEE inconnu : choisissez une commune dans la liste des résultats.")
    else:
        services.council_add_commune(council=request.council, actor=request.user, commune=commune)
        messages.success(request, f"{commune.name} fait maintenant partie du territoire.")
    return redirect("councils:territory")


@coordinator_required
@require_POST
def commune_remove(request: HttpRequest, insee_code: str) -> HttpResponse:
    commune = get_object_or_404(request.council.communes.all(), insee_code=insee_code)
    services.council_remove_commune(council=request.council, actor=request.user, commune=commune)
    messages.success(request, f"{commune.name} a été retirée du territoire.")
    return redirect("councils:territory")


@coordinator_required
def sector_create(request: HttpRequest) -> HttpResponse:
    form = SectorForm(
        request.POST or None, council=request.council, instance=PsychiatricSector(council=request.council)
    )
    if request.method == "POST" and form.is_valid():
        services.sector_create(sector=form.instance, actor=request.user)
        messages.success(request, "Le secteur de psychiatrie a été ajouté.")
        return redirect("councils:detail")
    return render(request, "councils/sector_form.html", {"form": form})


@coordinator_required
@require_POST
def sector_delete(request: HttpRequest, pk: int) -> HttpResponse:
    sector = get_object_or_404(PsychiatricSector.objects.filter(council=request.council), pk=pk)
    services.sector_delete(sector=sector, actor=request.user)
    messages.success(request, "Le secteur a été retiré.")
    return redirect("councils:detail")


@member_required()
def council_logo(request: HttpRequest) -> FileResponse:
    """Uploaded files are stored outside the web root and served only to members of their council."""
    logo = request.council.logo
    if not logo:
        raise Http404
    content_type = mimetypes.guess_type(logo.name)[0] or "application/octet-stream"
    response = FileResponse(logo.open("rb"), content_type=content_type)
    response["Content-Disposition"] = "inline"
    return response


@coordinator_required
def problem_types(request: HttpRequest) -> HttpResponse:
    """Administration: the council's list of problem types (national types shown or hidden, local ones added)."""
    form = ProblemTypeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            problem = services.problem_type_add(
                council=request.council, actor=request.user, label=form.cleaned_data["label"]
            )
        except DomainError as refusal:
            form.add_error("label", str(refusal))
        else:
            messages.success(request, f"« {problem.label} » est ajouté à la liste des problèmes.")
            return redirect("councils:problem_types")
    entries = problems.problem_list(request.council)
    return render(request, "councils/problem_types.html", {"form": form, "entries": entries})


@coordinator_required
@require_POST
def problem_type_change(request: HttpRequest, code: str) -> HttpResponse:
    """Hides, shows or moves one type of the list (the POSTed `action`)."""
    try:
        services.problem_type_change(
            council=request.council, actor=request.user, code=code, action=request.POST.get("action", "")
        )
    except DomainError as refusal:
        messages.error(request, str(refusal))
    return redirect("councils:problem_types")
