from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "concerto.meetings"
    label = "meetings"
