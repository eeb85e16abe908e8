from django.urls import path

from concerto.governance.views import bodies, decisions, meetings, projects

app_name = "governance"

urlpatterns = [
    path("", bodies.body_list, name="body_list"),
    path("nouvelle/", bodies.body_create, name="body_create"),
    path("<int:pk>/", bodies.body_detail, name="body_detail"),
    path("<int:pk>/modifier/", bodies.body_edit, name="body_edit"),
    path("<int:pk>/membres/ajouter/", bodies.member_add, name="member_add"),
    path("<int:pk>/membres/<int:member_pk>/fin/", bodies.member_end, name="member_end"),
    path("<int:pk>/convoquer/", bodies.body_convene, name="convene"),
    path("reunions/<int:pk>/", meetings.body_meeting, name="meeting"),
    path("reunions/<int:pk>/presences/", meetings.attendance_record, name="attendance"),
    path("reunions/<int:pk>/decision/", meetings.decision_add, name="decision_add"),
    path("decisions/", decisions.decision_list, name="decision_list"),
    path("decisions/export.xlsx", decisions.decision_export, name="decision_export"),
    path("projets/", projects.project_list, name="project_list"),
    path("projets/nouveau/", projects.project_create, name="project_create"),
    path("projets/tableau/", projects.project_table, name="project_table"),
    path("projets/tableau.xlsx", projects.project_table_xlsx, name="project_table_xlsx"),
    path("projets/tableau.pdf", projects.project_table_pdf, name="project_table_pdf"),
    path("projets/<int:pk>/", projects.project_detail, name="project_detail"),
    path("projets/<int:pk>/modifier/", projects.project_edit, name="project_edit"),
    path("projets/<int:pk>/etat/", projects.project_status, name="project_status"),
    path("projets/<int:pk>/actions/ajouter/", projects.action_add, name="action_add"),
    path("projets/<int:pk>/actions/<int:action_pk>/realisee/", projects.action_toggle, name="action_toggle"),
]
