from django.urls import path

from concerto.councils import views

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
]
