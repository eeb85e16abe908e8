from django.urls import path

from concerto.fees import views

app_name = "fees"

urlpatterns = [
    path("", views.call_list, name="call_list"),
    path("export.xlsx", views.call_export, name="call_export"),
    path("reglage/", views.settings_edit, name="settings"),
    path("membres/", views.member_list, name="member_list"),
    path("membres/nouveau/", views.member_create, name="member_create"),
    path("membres/<int:pk>/", views.member_edit, name="member_edit"),
    path("appels/emettre/", views.generate, name="generate"),
    path("appels/<int:pk>/", views.call_detail, name="call_detail"),
    path("appels/<int:pk>/appel.pdf", views.call_pdf, name="call_pdf"),
    path("appels/<int:pk>/paiement/", views.payment_add, name="payment_add"),
    path("appels/<int:pk>/relance/", views.remind, name="remind"),
]
