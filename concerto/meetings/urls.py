from django.urls import path

from concerto.meetings import guests, planning, polls, views

app_name = "meetings"

urlpatterns = [
    path("", views.meeting_list, name="list"),
    path("export.xlsx", views.meeting_export, name="export"),
    path("nouvelle/", views.meeting_create, name="create"),
    path("<int:pk>/", views.meeting_detail, name="detail"),
    path("<int:pk>/modifier/", views.meeting_edit, name="edit"),
    path("<int:pk>/annuler/", views.meeting_cancel, name="cancel"),
    path("<int:pk>/ordre-du-jour/", views.agenda_add, name="agenda_add"),
    path("<int:pk>/sujet/", views.topic_add, name="topic_add"),
    path("<int:pk>/inviter/", views.invite_actor, name="invite_actor"),
    path("<int:pk>/envoyer/", views.invitations_send, name="send"),
    path("<int:pk>/presences/", views.attendance_record, name="attendance"),
    path("<int:pk>/confidentialite/", views.confidentiality_confirm, name="confidentiality"),
    path("<int:pk>/seance/", views.meeting_mode, name="mode"),
    path("<int:pk>/signer/", views.meeting_sign_off, name="sign_off"),
    path("<int:pk>/releve.pdf", views.record_download, name="record"),
    path("<int:pk>/invitation.ics", views.meeting_ics, name="ics"),
    path("<int:pk>/points/<int:item_pk>/invite/", guests.guest_add, name="guest_add"),
    path("<int:pk>/invites/<int:guest_pk>/revoquer/", guests.guest_revoke, name="guest_revoke"),
    path("<int:pk>/invites/<int:guest_pk>/parole/", guests.guest_words, name="guest_words"),
    path("invitation/<str:token>/", guests.guest_page, name="guest_page"),
    path("cellule/<int:pk>/calendrier/", planning.cell_calendar, name="cell_calendar"),
    path("sondages/nouveau/", polls.poll_new, name="poll_new"),
    path("sondages/<int:pk>/", polls.poll_detail, name="poll_detail"),
    path("sondages/<int:pk>/choisir/<int:slot_pk>/", polls.poll_choose, name="poll_choose"),
    path("disponibilites/<str:token>/", polls.poll_answer, name="poll_answer"),
]
