from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "concerto.governance"
    label = "governance"
    verbose_name = "Instances et projets du conseil"

    def ready(self):
        from concerto.governance import declarations  # noqa: F401 - registers this app's declarations in core's registry
