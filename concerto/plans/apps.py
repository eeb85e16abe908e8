from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "concerto.plans"
    label = "plans"

    def ready(self):
        from concerto.plans import declarations  # noqa: F401 - registers this app's declarations in core's registry
