from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "concerto.directory"
    label = "directory"

    def ready(self):
        from concerto.directory import declarations  # noqa: F401 - registers this app's declarations in core's registry
