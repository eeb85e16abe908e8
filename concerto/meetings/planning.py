"""The cell's year of sessions, planned from its rhythm (a page reached from the cell's page). The view reads and
calls `calendar.plan_year`, which does every write."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import pluralize
from django.utils import timezone

from concerto.core.decorators import coordinator_required
from concerto.core.errors import DomainError
from concerto.councils.forms import PlanYearForm
from concerto.councils.models import Cell, Frequency
from concerto.meetings import calendar


@coordinator_required
def cell_calendar(request: HttpRequest, pk: int) -> HttpResponse:
    """The year chosen, a preview of the dates (the moved ones with why), then a confirmation creates them. Both
    steps post the year: the page reads no query string."""
    cell = get_object_or_404(Cell.objects.filter(council=request.council), pk=pk)
    today = timezone.localdate()
    form = PlanYearForm(request.POST or None, today=today, initial={"year": today.year})
    preview = None
    if request.method == "POST" and form.is_valid():
        year = form.cleaned_data["year"]
        if request.POST.get("action") == "confirm":
            try:
                result = calendar.plan_year(cell, year, request.user)
            except DomainError as refusal:
                form.add_error(None, str(refusal))
            else:
                created = len(result.meetings)
                moved = (
                    f", dont {len(result.moved)} déplacée{pluralize(len(result.moved))} pour un jour férié"
                    if result.moved
                    else ""
                )
                messages.success(
                    request,
                    f"{created} séance{pluralize(created)} planifiée{pluralize(created)} pour {year}{moved}. "
                    "Les invitations partent depuis la page de chaque séance.",
                )
                return redirect("meetings:list")
        else:
            preview = calendar.plan_preview(cell, year, today=today)
    return render(
        request,
        "councils/cell_calendar.html",
        {"cell": cell, "form": form, "preview": preview, "has_rule": cell.frequency != Frequency.NONE},
    )
