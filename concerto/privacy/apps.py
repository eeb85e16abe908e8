from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "concerto.privacy"
    label = "privacy"

    def ready(self):
        from concerto.privacy import declarations  # noqa: F401 - registers this app's declarations in core's registry
