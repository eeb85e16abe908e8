from django.apps import AppConfig


class CouncilsConfig(AppConfig):
    name = "concerto.councils"
    label = "councils"

    def ready(self):
        from concerto.councils import declarations  # noqa: F401 - registers this app's declarations in core's registry
