from django.apps import AppConfig


class HousingConfig(AppConfig):
    name = "concerto.housing"
    label = "housing"
    verbose_name = "Commission appartement"

    def ready(self):
        from concerto.housing import declarations  # noqa: F401 - registers this app's declarations in core's registry
