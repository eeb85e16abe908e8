from django.urls import path

from concerto.plans import external_views, views

app_name = "plans"

urlpatterns = [
    path("mes-actions/", views.my_actions_view, name="my_actions"),
    path("actions/", views.council_actions_view, name="council_actions"),
    path("actions/export.xlsx", views.council_actions_export, name="council_actions_export"),
    path("actions/<int:pk>/relance/", views.action_remind, name="action_remind"),
    path("actions/<int:pk>/lien/", views.action_external_link, name="action_external_link"),
    path("action-confiee/<str:token>/", external_views.external_action, name="external_action"),
    path("situations/<str:code>/actions/", views.situation_actions, name="situation_actions"),
    path(
        "situations/<str:code>/actions/suite-de/<int:parent>/",
        views.situation_actions,
        name="action_follow_up",
    ),
    path("situations/<str:code>/actions/<int:pk>/statut/", views.action_status, name="action_status"),
    path(
        "situations/<str:code>/actions/<int:pk>/retrait/",
        views.action_withdrawal_decide,
        name="action_withdrawal",
    ),
]
