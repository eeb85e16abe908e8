"""The register of decisions across meetings and bodies, and its XLSX export."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from concerto.core import xlsx
from concerto.core.decorators import member_required
from concerto.core.lists import current_sort, paginate, sort_headers
from concerto.governance import exports, services
from concerto.governance.access import decisions_for, governance_access
from concerto.governance.filters import DECISION_SORTS, DecisionFilterSet


def _filtered(request):
    access = governance_access(request)
    rows = decisions_for(access).select_related("body_meeting__body", "body_meeting__meeting", "project")
    filterset = DecisionFilterSet(request.GET or None, rows, request=request)
    sort = current_sort(filterset)
    return access, filterset, sort, (filterset.qs if sort else filterset.qs.order_by("-decided_on", "-id"))


@member_required()
def decision_list(request: HttpRequest) -> HttpResponse:
    access, filterset, sort, rows = _filtered(request)
    page, query_string = paginate(request, rows)
    return render(
        request,
        "governance/decision_list.html",
        {
            "access": access,
            "form": filterset.form,
            "page": page,
            "query_string": query_string,
            "sort": sort_headers(request, DECISION_SORTS, sort),
        },
    )


@member_required()
def decision_export(request: HttpRequest) -> HttpResponse:
    _, _, _, rows = _filtered(request)
    content, count = exports.decisions_xlsx(rows)
    services.decisions_export_record(council=request.council, actor=request.user, rows=count)
    return xlsx.response(content, "decisions", request.council)
