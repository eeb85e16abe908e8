from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "concerto.plans"
    label = "plans"
