from django.urls import path

from concerto.events.views import events, public, trainings

app_name = "events"

urlpatterns = [
    path("", events.event_list, name="list"),
    path("nouveau/", events.event_create, name="create"),
    path("themes/", events.topics, name="topics"),
    path("bilan/", events.summary, name="summary"),
    path("<int:pk>/", events.event_detail, name="detail"),
    path("<int:pk>/modifier/", events.event_edit, name="edit"),
    path("<int:pk>/annuler/", events.event_cancel, name="cancel"),
    path("<int:pk>/animateurs/", events.facilitator_add, name="facilitator_add"),
    path("<int:pk>/animateurs/<int:facilitator_pk>/retirer/", events.facilitator_remove, name="facilitator_remove"),
    path("<int:pk>/presences/", events.attendance, name="attendance"),
    path("<int:pk>/resultats/", events.results, name="results"),
    # Public pages (no account): the token in the address opens them; their prefixes are in core/logging.py.
    path("inscription/<str:token>/", public.register, name="register"),
    path("desinscription/<str:token>/", public.registration_cancel, name="registration_cancel"),
    path("avis/<str:token>/", public.evaluate, name="evaluate"),
    path("avis-anonyme/<str:token>/", public.evaluate_anonymous, name="evaluate_anonymous"),
    # Trainings
    path("formations/", trainings.training_list, name="training_list"),
    path("formations/nouvelle/", trainings.training_create, name="training_create"),
    path("formations/bilan/", trainings.trained, name="trained"),
    path("formations/bilan/export.xlsx", trainings.trained_export, name="trained_export"),
    path("formations/<int:pk>/", trainings.training_detail, name="training_detail"),
    path("formations/<int:pk>/modifier/", trainings.training_edit, name="training_edit"),
    path("formations/<int:pk>/stagiaires/", trainings.trainee_add, name="trainee_add"),
    path("formations/<int:pk>/presences/", trainings.training_attendance, name="training_attendance"),
    path("formations/stagiaires/<int:pk>/attestation.pdf", trainings.certificate, name="certificate"),
]
