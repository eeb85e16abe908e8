from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "concerto.privacy"
    label = "privacy"
