"""The data-protection page: the record of processing generated from the configuration, the retention settings,
and what the next purge would do (dry run)."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from concerto.accounts.enums import CLINICAL_PROFESSIONS, MFA_PROFESSIONS, MFA_ROLES, Profession, Role
from concerto.core.decorators import member_required
from concerto.core.events import record_event
from concerto.core.forms import BaseModelForm
from concerto.councils.models import Council
from concerto.privacy.retention import purge


class RetentionForm(BaseModelForm):
    class Meta:
        model = Council
        fields = ["retention_years", "declined_alert_retention_months", "access_log_retention_months"]
        help_texts = {
            "retention_years": "Référentiel CNIL de l'accompagnement social : 2 ans après le dernier contact.",
            "access_log_retention_months": "12 mois par défaut, jusqu'à 36 si le conseil le justifie.",
        }


@member_required(Role.COORDINATOR, Role.DPO)
def privacy_overview(request: HttpRequest) -> HttpResponse:
    council = request.council
    form = RetentionForm(request.POST or None, instance=council)
    if request.method == "POST" and request.membership.role == Role.COORDINATOR and form.is_valid():
        form.save()
        record_event(
            council=council, actor=request.user, verb="retention_updated", target=council, fields=form.changed_data
        )
        messages.success(request, "Durées de conservation enregistrées.")
        return redirect("privacy:overview")
    preview = purge(council, dry_run=True)
    return render(
        request,
        "privacy/overview.html",
        {
            "form": form if request.membership.role == Role.COORDINATOR else None,
            "preview": preview,
            "runs": council.purge_runs.filter(dry_run=False)[:10],
            "clinical": [Profession(p).label for p in CLINICAL_PROFESSIONS],
            "others": [label for value, label in Profession.choices if value not in CLINICAL_PROFESSIONS],
            "mfa_roles": [Role(r).label for r in MFA_ROLES],
            "mfa_professions": [Profession(p).label for p in MFA_PROFESSIONS],
        },
    )
