"""The data-protection page: the record of processing generated from the configuration, the retention settings,
and what the next purge would do (dry run)."""

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from concerto.accounts.enums import CLINICAL_PROFESSIONS, MFA_PROFESSIONS, MFA_ROLES, Profession, Role
from concerto.core.decorators import member_required
from concerto.core.errors import DomainError
from concerto.councils.models import Council
from concerto.privacy import services
from concerto.privacy.forms import ErasureForm, RetentionForm, SubjectAccessForm
from concerto.privacy.models import ErasureRequest
from concerto.privacy.retention import app_counts, purge
from concerto.privacy.subject_access import as_json, as_pdf, find_identities, find_subjects, produce


def _confirmed(request) -> bool:
    return request.POST.get("confirm") == "yes"


@member_required(Role.COORDINATOR, Role.DPO)
def privacy_overview(request: HttpRequest) -> HttpResponse:
    council = request.council
    form = RetentionForm(request.POST or None, instance=council)
    if request.method == "POST" and request.membership.role == Role.COORDINATOR and form.is_valid():
        if not form.has_changed():
            messages.info(request, "Aucune durée n'a changé.")
            return redirect("privacy:overview")
        if not _confirmed(request):
            # A shorter period destroys data at the next purge: say what, and ask again.
            stored = Council.objects.get(pk=council.pk)
            changes = [
                (form.fields[name].label, getattr(stored, name), form.cleaned_data[name]) for name in form.changed_data
            ]
            return render(
                request,
                "privacy/retention_confirm.html",
                {"form": form, "changes": changes, "before": (before := purge(stored, dry_run=True)),
                 "after": (after := purge(form.instance, dry_run=True)), "app_counts": app_counts(before, after)},
            )  # fmt: skip
        try:
            services.retention_update(
                council=council, actor=request.user,
                values={name: form.cleaned_data[name] for name in services.RETENTION_FIELDS},
            )  # fmt: skip
        except DomainError as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, "Durées de conservation enregistrées.")
            return redirect("privacy:overview")
    # The bound form may have changed `council` in memory with invalid values: preview from the stored row.
    preview = purge(Council.objects.get(pk=council.pk), dry_run=True)
    return render(
        request,
        "privacy/overview.html",
        {
            "form": form if request.membership.role == Role.COORDINATOR else None,
            "preview": preview,
            "app_counts": app_counts(preview),
            "runs": council.purge_runs.filter(dry_run=False)[:10],
            "clinical": [Profession(p).label for p in CLINICAL_PROFESSIONS],
            "others": [label for value, label in Profession.choices if value not in CLINICAL_PROFESSIONS],
            "mfa_roles": [Role(r).label for r in MFA_ROLES],
            "mfa_professions": [Profession(p).label for p in MFA_PROFESSIONS],
            # Without clamd (CLAMD_SOCKET), uploads are checked by type and size only: the page says so.
            "uploads_scanned": bool(settings.CLAMD_SOCKET),
        },
    )


@member_required(Role.COORDINATOR, Role.DPO)
def subject_access(request: HttpRequest) -> HttpResponse:
    """Right of access: found by name and birth date (through the blind index), produced as PDF or JSON."""
    form = SubjectAccessForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        wanted = {"last_name": form.cleaned_data["last_name"], "birth_date": form.cleaned_data["birth_date"]}
        identities = find_identities(request.council, **wanted)
        matches = find_subjects(request.council, **wanted)  # the apps' own identities (a direct housing applicant)
        if not identities and not matches:
            form.add_error(None, "Aucune personne enregistrée avec ce nom et cette date de naissance dans ce conseil.")
        else:
            data = produce(request, identities, matches)
            stamp = timezone.localdate().isoformat()
            if form.cleaned_data["output"] == "json":
                response = HttpResponse(as_json(data), content_type="application/json; charset=utf-8")
                response["Content-Disposition"] = f'attachment; filename="droit-d-acces-{stamp}.json"'
            else:
                response = HttpResponse(as_pdf(data), content_type="application/pdf")
                response["Content-Disposition"] = f'attachment; filename="droit-d-acces-{stamp}.pdf"'
            return response
    return render(request, "privacy/subject_access.html", {"form": form})


@member_required(Role.COORDINATOR, Role.DPO)
def erasure(request: HttpRequest) -> HttpResponse:
    form = ErasureForm(request.POST or None, council=request.council)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if data["decision"] == ErasureRequest.Decision.ERASED and not _confirmed(request):
            return render(request, "privacy/erasure_confirm.html", {"form": form, "situation": data["situation"]})
        try:
            services.erasure_decide(
                council=request.council, actor=request.user, situation=data["situation"],
                requested_on=data["requested_on"], decision=data["decision"], reason=data["reason"],
            )  # fmt: skip
        except DomainError as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, "Décision enregistrée.")
            return redirect("privacy:erasure")
    requests = request.council.erasure_requests.select_related("decided_by")[:20]
    return render(request, "privacy/erasure.html", {"form": form, "requests": requests})
