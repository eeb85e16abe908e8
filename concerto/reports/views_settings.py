"""« Paramètres du bilan » (issue 14): the council's small-count threshold k and its target delay from an alert to
its first session. The coordinator edits them; the DPO reads them (k is a disclosure control the DPO answers for)
without changing them; every other member gets a 403."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from concerto.core.decorators import member_required
from concerto.core.roles import Role
from concerto.reports import services
from concerto.reports.forms import ReportSettingsForm


@member_required(Role.COORDINATOR, Role.DPO)
def report_settings(request: HttpRequest) -> HttpResponse:
    editable = request.membership.role == Role.COORDINATOR
    if request.method == "POST" and not editable:
        raise PermissionDenied("Seul·e la coordination modifie les paramètres du bilan.")
    form = ReportSettingsForm(request.POST or None, instance=request.council)
    if request.method == "POST" and form.is_valid():
        services.report_settings_update(council=form.instance, actor=request.user, changed=form.changed_data)
        messages.success(request, "Les paramètres du bilan sont enregistrés.")
        return redirect("reports:settings")
    return render(request, "reports/settings.html", {"form": form, "editable": editable})
