from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "concerto.events"
    label = "events"
    verbose_name = "Événements, ateliers et formations"

    def ready(self):
        from concerto.events import declarations  # noqa: F401 - registers this app's declarations in core's registry
