from django.urls import path

from concerto.directory import views

app_name = "directory"

urlpatterns = [
    path("", views.organisation_list, name="list"),
    path("nouvelle/", views.organisation_create, name="create"),
    path("export.xlsx", views.export_xlsx, name="export_xlsx"),
    path("export.csv", views.export_csv, name="export_csv"),
    path("<int:pk>/", views.organisation_detail, name="detail"),
    path("<int:pk>/modifier/", views.organisation_edit, name="edit"),
    path("<int:pk>/supprimer/", views.organisation_delete, name="delete"),
    path("<int:pk>/contacts/nouveau/", views.contact_create, name="contact_create"),
    path("<int:pk>/contacts/<int:contact_pk>/modifier/", views.contact_edit, name="contact_edit"),
    path("<int:pk>/contacts/<int:contact_pk>/supprimer/", views.contact_delete, name="contact_delete"),
]
