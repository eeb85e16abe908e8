from django.urls import path

from concerto.situations.views import alerts, files

app_name = "situations"

urlpatterns = [
    path("alertes/nouvelle/", alerts.alert_create, name="alert_create"),
    path("alertes/mes-alertes/", alerts.alert_mine, name="alert_mine"),
    path("alertes/<int:pk>/modifier/", alerts.alert_edit, name="alert_edit"),
    path("alertes/<int:pk>/envoyee/", alerts.alert_done, name="alert_done"),
    path("alertes/a-qualifier/", alerts.alert_inbox, name="alert_inbox"),
    path("alertes/a-qualifier/export.xlsx", alerts.alert_export, name="alert_export"),
    path("alertes/<int:pk>/qualifier/", alerts.alert_qualify, name="alert_qualify"),
    path("alertes/pieces/<int:pk>/", alerts.attachment_download, name="attachment"),
    path("liens-securises/", alerts.link_list, name="link_list"),
    path("liens-securises/<int:pk>/revoquer/", alerts.link_revoke, name="link_revoke"),
    path("saisine/<str:token>/", alerts.public_alert, name="public_alert"),
    path("situations/", files.situation_list, name="list"),
    path("situations/export.xlsx", files.situation_export, name="export"),
    path("situations/<str:code>/", files.situation_detail, name="detail"),
    path("situations/<str:code>/identite/", files.situation_identity, name="identity"),
    path("situations/<str:code>/modifier/", files.situation_edit, name="edit"),
    path("situations/<str:code>/mode/", files.situation_mode, name="mode"),
    path("situations/<str:code>/consentement/", files.situation_consent, name="consent"),
    path("situations/<str:code>/participants/", files.situation_participants, name="participants"),
    path("situations/<str:code>/participants/<int:pk>/clore/", files.participant_end, name="participant_end"),
    path(
        "situations/<str:code>/participants/<int:pk>/referent/",
        files.participant_referent,
        name="participant_referent",
    ),
    path("situations/<str:code>/proches/", files.relative_add, name="relative_add"),
    path("situations/<str:code>/proches/<int:pk>/clore/", files.relative_end, name="relative_end"),
    path("situations/<str:code>/journal/", files.situation_journal, name="journal"),
    path("situations/<str:code>/journal/<int:pk>/", files.note_detail, name="note"),
    path("situations/<str:code>/cloture/", files.situation_close, name="close"),
    path("situations/<str:code>/historique/", files.situation_timeline, name="timeline"),
]
