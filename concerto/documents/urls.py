from django.urls import path

from concerto.documents import views

app_name = "documents"

urlpatterns = [
    path("", views.document_list, name="list"),
    path("nouveau/", views.document_create, name="create"),
    path("fiche-alerte.pdf", views.alert_form, name="alert_form"),
    path("<int:pk>/", views.document_detail, name="detail"),
    path("<int:pk>/version/", views.version_add, name="version_add"),
    path("versions/<int:pk>/", views.version_download, name="download"),
]
