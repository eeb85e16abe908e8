from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "concerto.core"
    label = "core"

    def ready(self):
        from concerto.core import checks  # noqa: F401 - registers the deploy checks
