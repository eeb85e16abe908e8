from django.urls import path

from concerto.housing.views import applications, care_team, commission, desk, occupancies, places

app_name = "housing"

urlpatterns = [
    path("", places.desk, name="desk"),
    path("places/", places.place_list, name="place_list"),
    path("places/types/", places.place_kinds, name="place_kinds"),
    path("places/types/<int:pk>/modifier/", places.place_kind_edit, name="place_kind_edit"),
    path("places/types/<int:pk>/supprimer/", places.place_kind_delete, name="place_kind_delete"),
    path("places/nouvelle/", places.place_create, name="place_create"),
    path("places/<int:pk>/", places.place_detail, name="place_detail"),
    path("places/<int:pk>/modifier/", places.place_edit, name="place_edit"),
    path("places/<int:pk>/convention/", places.convention_add, name="convention_add"),
    path("places/<int:pk>/indisponibilite/", places.unavailability_add, name="unavailability_add"),
    path("demandes/", applications.application_list, name="application_list"),
    path("demandes/nouvelle/", applications.application_create, name="application_create"),
    path("demandes/<str:reference>/", applications.application_detail, name="application_detail"),
    path("demandes/<str:reference>/modifier/", applications.application_edit, name="application_edit"),
    path("demandes/<str:reference>/identite/", applications.application_identity, name="application_identity"),
    path("demandes/<str:reference>/statut/", applications.application_status, name="application_status"),
    path("demandes/<str:reference>/consentement/", applications.application_consent, name="application_consent"),
    path("demandes/<str:reference>/admission/", applications.application_admit, name="application_admit"),
    path("mes-demandes/", care_team.care_team_list, name="care_team_list"),
    path("mes-demandes/nouvelle/", care_team.care_team_submit, name="care_team_submit"),
    path("mes-demandes/<str:reference>/", care_team.care_team_detail, name="care_team_detail"),
    path("occupations/<int:pk>/sortie/", occupancies.occupancy_exit, name="occupancy_exit"),
    path("occupations/<int:pk>/depot/", occupancies.deposit_add, name="deposit_add"),
    path("occupations/<int:pk>/glissement/", occupancies.slide_extend, name="slide_extend"),
    path("occupations/<int:pk>/incident/", occupancies.incident_add, name="incident_add"),
    path("depots/<int:pk>/restitution/", occupancies.deposit_return, name="deposit_return"),
    path("commission/<int:pk>/", commission.commission_session, name="commission_session"),
    path("commission/<int:pk>/commune/", commission.commission_venue, name="commission_venue"),
    path("commission/<int:pk>/presidence/", commission.commission_chair, name="commission_chair"),
    path("commission/<int:pk>/demande/", commission.commission_add_application, name="commission_add_application"),
    path("commission/<int:pk>/bilan/", commission.commission_add_review, name="commission_add_review"),
    path(
        "commission/<int:pk>/points/<int:item_pk>/decision/", commission.commission_decision, name="commission_decision"
    ),
    path("commission/<int:pk>/points/<int:item_pk>/bilan/", commission.commission_review, name="commission_review"),
    path("courriers/", desk.letter_list, name="letter_list"),
    path("courriers/nouveau/", desk.letter_create, name="letter_create"),
    path("courriers/<int:pk>/document/", desk.letter_document, name="letter_document"),
    path("courriers/<int:pk>/modifier/", desk.letter_edit, name="letter_edit"),
    path("courriers/<int:pk>/supprimer/", desk.letter_delete, name="letter_delete"),
    path("prospection/", desk.prospect_list, name="prospect_list"),
    path("prospection/nouveau/", desk.prospect_create, name="prospect_create"),
    path("prospection/<int:pk>/", desk.prospect_edit, name="prospect_edit"),
]
