from django.urls import path

from concerto.privacy import views

app_name = "privacy"

urlpatterns = [
    path("", views.privacy_overview, name="overview"),
    path("droit-d-acces/", views.subject_access, name="subject_access"),
    path("effacement/", views.erasure, name="erasure"),
]
