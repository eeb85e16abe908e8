from django.urls import path

from concerto.councils import cells, views

app_name = "councils"

urlpatterns = [
    path("", views.council_detail, name="detail"),
    path("modifier/", views.council_edit, name="edit"),
    path("logo/", views.council_logo, name="logo"),
    path("territoire/", views.territory_edit, name="territory"),
    path("territoire/ajouter/", views.commune_add, name="commune_add"),
    path("territoire/<str:insee_code>/retirer/", views.commune_remove, name="commune_remove"),
    path("secteurs/nouveau/", views.sector_create, name="sector_create"),
    path("secteurs/<int:pk>/supprimer/", views.sector_delete, name="sector_delete"),
    path("administration/problemes/", views.problem_types, name="problem_types"),
    path("administration/problemes/<str:code>/", views.problem_type_change, name="problem_type_change"),
    path("cellules/", cells.cell_list, name="cell_list"),
    path("cellules/nouvelle/", cells.cell_create, name="cell_create"),
    path("cellules/<int:pk>/", cells.cell_detail, name="cell_detail"),
    path("cellules/<int:pk>/modifier/", cells.cell_edit, name="cell_edit"),
    path("cellules/<int:pk>/membres/", cells.cell_member_add, name="cell_member_add"),
    path("cellules/<int:pk>/membres/<int:seat_pk>/retirer/", cells.cell_member_remove, name="cell_member_remove"),
    path("cellules/<int:pk>/charte/", cells.charter_upload, name="charter_upload"),
    path("cellules/<int:pk>/charte/engagement/", cells.charter_commit, name="charter_commit"),
    path("cellules/<int:pk>/charte.pdf", cells.charter_download, name="charter_download"),
]
