from django.urls import path

from concerto.housing.views import applications, occupancies, places

app_name = "housing"

urlpatterns = [
    path("", places.desk, name="desk"),
    path("places/", places.place_list, name="place_list"),
    path("places/types/", places.place_kinds, name="place_kinds"),
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
    path("occupations/<int:pk>/sortie/", occupancies.occupancy_exit, name="occupancy_exit"),
    path("occupations/<int:pk>/depot/", occupancies.deposit_add, name="deposit_add"),
    path("occupations/<int:pk>/glissement/", occupancies.slide_extend, name="slide_extend"),
    path("occupations/<int:pk>/incident/", occupancies.incident_add, name="incident_add"),
    path("depots/<int:pk>/restitution/", occupancies.deposit_return, name="deposit_return"),
]
