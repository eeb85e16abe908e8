from django.urls import include, path

from concerto.core import views as core_views

urlpatterns = [
    path("", core_views.home, name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    path("accessibilite/", core_views.accessibility, name="accessibility"),
    path("journal/", core_views.audit_log, name="audit_log"),
    path("journal/export.xlsx", core_views.audit_log_export, name="audit_log_export"),
    path("comptes/", include("allauth.urls")),
    path("", include("concerto.accounts.urls")),
    path("conseil/", include("concerto.councils.urls")),
    path("annuaire/", include("concerto.directory.urls")),
    path("reunions/", include("concerto.meetings.urls")),
    path("logement/", include("concerto.housing.urls")),
    path("instances/", include("concerto.governance.urls")),
    path("evenements/", include("concerto.events.urls")),
    path("cotisations/", include("concerto.fees.urls")),
    path("documents/", include("concerto.documents.urls")),
    path("protection-des-donnees/", include("concerto.privacy.urls")),
    path("bilans/", include("concerto.reports.urls")),
    path("", include("concerto.plans.urls")),
    path("", include("concerto.situations.urls")),
]

handler403 = "concerto.core.errors.permission_denied"
handler404 = "concerto.core.errors.page_not_found"
handler500 = "concerto.core.errors.server_error"
