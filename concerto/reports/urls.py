from django.urls import path

from concerto.reports import views

app_name = "reports"

urlpatterns = [
    path("", views.bilan, name="bilan"),
    path("export.xlsx", views.bilan_export, name="export"),
]
