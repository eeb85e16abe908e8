from django.apps import AppConfig


class SituationsConfig(AppConfig):
    name = "concerto.situations"
    label = "situations"
