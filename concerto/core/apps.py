from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "concerto.core"
    label = "core"

    def ready(self):
        from concerto.core import checks, declarations  # noqa: F401 - deploy checks, core's own declarations
