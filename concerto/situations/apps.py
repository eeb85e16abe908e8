from django.apps import AppConfig


class SituationsConfig(AppConfig):
    name = "concerto.situations"
    label = "situations"

    def ready(self):
        from concerto.situations import declarations  # noqa: F401 - registers this app's declarations in core's registry
