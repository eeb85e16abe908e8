from django.apps import AppConfig


class CouncilsConfig(AppConfig):
    name = "concerto.councils"
    label = "councils"
