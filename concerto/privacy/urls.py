from django.urls import path

from concerto.privacy import access_log, views

app_name = "privacy"

urlpatterns = [
    path("", views.privacy_overview, name="overview"),
    path("droit-d-acces/", views.subject_access, name="subject_access"),
    path("effacement/", views.erasure, name="erasure"),
    path("consultations/", access_log.access_log, name="access_log"),
]
