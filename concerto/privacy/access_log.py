"""The DPO's view of the access log: who read which person's data, when, from which page — filtered, exported,
and the unusual reading flagged on the home page."""

from datetime import date, datetime, time, timedelta

from django import forms
from django.core.paginator import Paginator
from django.db.models import Count
from django.db.models.functions import TruncDate
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from concerto.accounts.enums import Role
from concerto.core.decorators import member_required
from concerto.core.events import record_event
from concerto.core.forms import BaseForm
from concerto.core.models import AccessLog

SCOPES = {
    "identity": "Identité",
    "attachment": "Pièce jointe d'une alerte",
    "subject_access": "Droit d'accès (production)",
    "directory_export": "Export de l'annuaire",
}
TARGETS = {"situations.situation": "Situation", "situations.alert": "Alerte", "councils.council": "Conseil"}
UNUSUAL_WINDOW_DAYS = 7
EARLIEST, LATEST = date(2000, 1, 1), date(2999, 12, 31)  # outside, a date is a typing error (and would overflow)


class AccessLogFilterForm(BaseForm):
    user = forms.ModelChoiceField(label="Personne", queryset=None, required=False, empty_label="Toutes")
    code = forms.CharField(label="Code de situation ou numéro d'alerte", max_length=32, required=False)
    scope = forms.ChoiceField(label="Nature", choices=[("", "Toutes"), *SCOPES.items()], required=False)
    since = forms.DateField(label="Du", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label="Au", required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, council, **kwargs):
        super().__init__(*args, **kwargs)
        from concerto.accounts.models import User

        self.fields["user"].queryset = User.objects.filter(memberships__council=council).order_by("last_name")

    def _bounded(self, name):
        value = self.cleaned_data.get(name)
        if value is not None and not (EARLIEST <= value <= LATEST):
            raise forms.ValidationError(f"Choisissez une date entre {EARLIEST:%d/%m/%Y} et {LATEST:%d/%m/%Y}.")
        return value

    def clean_since(self):
        return self._bounded("since")

    def clean_until(self):
        return self._bounded("until")


def _filtered(council, form):
    rows = AccessLog.objects.filter(council=council).select_related("user")
    if not form.is_valid():
        return rows
    data = form.cleaned_data
    if data["user"]:
        rows = rows.filter(user=data["user"])
    if data["code"]:
        code = data["code"].strip()
        situations = council.situations.filter(code__iexact=code).values_list("pk", flat=True)
        alerts = council.alerts.filter(reference__iexact=code).values_list("pk", flat=True)
        rows = rows.filter(
            target_type="situations.situation", target_id__in=[str(pk) for pk in situations]
        ) | rows.filter(target_type="situations.alert", target_id__in=[str(pk) for pk in alerts])
    if data["scope"]:
        rows = rows.filter(scope=data["scope"])
    tz = timezone.get_current_timezone()
    if data["since"]:
        rows = rows.filter(created_at__gte=datetime.combine(data["since"], time.min, tzinfo=tz))
    if data["until"]:
        rows = rows.filter(created_at__lt=datetime.combine(data["until"] + timedelta(days=1), time.min, tzinfo=tz))
    return rows


def _label_targets(council, rows) -> None:
    """Situation codes and alert numbers for the rows shown, in two queries."""
    ids = {kind: {r.target_id for r in rows if r.target_type == kind} for kind in TARGETS}
    codes = {
        "situations.situation": dict(
            council.situations.filter(pk__in=ids["situations.situation"]).values_list("pk", "code")
        ),
        "situations.alert": dict(council.alerts.filter(pk__in=ids["situations.alert"]).values_list("pk", "reference")),
    }
    for row in rows:
        found = codes.get(row.target_type, {}).get(int(row.target_id)) if row.target_id.isdigit() else None
        row.target_label = f"{TARGETS.get(row.target_type, row.target_type)} {found or row.target_id}"
        row.scope_label = SCOPES.get(row.scope, row.scope)


@member_required(Role.COORDINATOR, Role.DPO)
def access_log(request: HttpRequest) -> HttpResponse:
    form = AccessLogFilterForm(request.GET or None, council=request.council)
    rows = _filtered(request.council, form)
    if request.GET.get("export") == "xlsx":
        return _export(request, rows)
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    _label_targets(request.council, page.object_list)
    query_string = request.GET.copy()
    query_string.pop("page", None)
    return render(
        request,
        "privacy/access_log.html",
        {
            "form": form,
            "page": page,
            "query_string": query_string.urlencode(),
            "unusual": unusual_reads(request.council),
        },
    )


def _export(request, rows) -> HttpResponse:
    from io import BytesIO

    from openpyxl import Workbook

    rows = list(rows[:50_000])
    _label_targets(request.council, rows)
    book = Workbook()
    sheet = book.active
    sheet.title = "Consultations"
    sheet.append(["Date", "Personne", "Nature", "Objet", "Page"])
    for row in rows:
        sheet.append(
            [timezone.localtime(row.created_at).replace(tzinfo=None), str(row.user or "—"), row.scope_label,
             row.target_label, row.source]
        )  # fmt: skip
    for cell in sheet["A"][1:]:
        cell.number_format = "DD/MM/YYYY HH:MM"
    buffer = BytesIO()
    book.save(buffer)
    record_event(council=request.council, actor=request.user, verb="access_log_exported", rows=len(rows))
    response = HttpResponse(
        buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="consultations-{timezone.localdate().isoformat()}.xlsx"'
    return response


def unusual_reads(council) -> list[dict]:
    """Members who opened more identities in one day than the council's threshold, over the last week."""
    since = timezone.now() - timedelta(days=UNUSUAL_WINDOW_DAYS)
    return list(
        AccessLog.objects.filter(council=council, scope="identity", created_at__gte=since, user__isnull=False)
        .annotate(day=TruncDate("created_at"))
        .values("user__first_name", "user__last_name", "user__email", "day")
        .annotate(n=Count("id"))
        .filter(n__gt=council.unusual_reads_per_day)
        .order_by("-day", "-n")[:20]
    )
