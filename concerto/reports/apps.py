from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "concerto.reports"
    label = "reports"
    verbose_name = "Bilans et indicateurs"

    def ready(self):
        from concerto.reports import declarations  # noqa: F401 - registers this app's declarations in core's registry
