from django.apps import AppConfig


class FeesConfig(AppConfig):
    name = "concerto.fees"
    label = "fees"
    verbose_name = "Cotisations des membres"

    def ready(self):
        from concerto.fees import declarations  # noqa: F401 - registers this app's declarations in core's registry
