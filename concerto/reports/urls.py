from django.urls import path

from concerto.reports import views
from concerto.reports import views_observatory as observatory

app_name = "reports"

urlpatterns = [
    path("", views.bilan, name="bilan"),
    path("export.xlsx", views.bilan_export, name="export"),
    path("rapport-annuel/", views.annual_report, name="annual"),
    path("rapport-annuel/rapport.<str:kind>", views.annual_report_download, name="annual_download"),
    path("observatoire/", observatory.observatory_page, name="observatory"),
    path("observatoire/export.xlsx", observatory.observatory_export, name="observatory_export"),
    path("observatoire/demander/", observatory.observatory_request, name="observatory_request"),
    path("observatoires/", observatory.observatories, name="observatories"),
    path("observatoires/<int:pk>/accepter/", observatory.observatory_consent, name="observatory_consent"),
    path("observatoires/<int:pk>/refuser/", observatory.observatory_refuse, name="observatory_refuse"),
    path("observatoires/<int:pk>/retirer/", observatory.observatory_withdraw, name="observatory_withdraw"),
]

from concerto.reports import views_settings  # noqa: E402 - « Paramètres du bilan », appended apart

urlpatterns += [path("parametres/", views_settings.report_settings, name="settings")]
