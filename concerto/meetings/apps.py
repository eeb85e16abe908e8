from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "concerto.meetings"
    label = "meetings"

    def ready(self):
        from concerto.meetings import declarations  # noqa: F401 - registers this app's declarations in core's registry
