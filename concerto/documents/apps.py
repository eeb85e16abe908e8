from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "concerto.documents"
    label = "documents"
    verbose_name = "Documents du conseil"

    def ready(self):
        from concerto.documents import declarations  # noqa: F401 - registers this app's declarations in core's registry
