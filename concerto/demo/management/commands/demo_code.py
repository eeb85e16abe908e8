from allauth.mfa.models import Authenticator
from django.core.management.base import BaseCommand, CommandError

from concerto.core.crypto import decrypt
from concerto.demo.services import current_totp_code, demo_totp_secret


class Command(BaseCommand):
    help = "Affiche le code TOTP du moment pour un compte de démonstration (démo uniquement)."

    def add_arguments(self, parser):
        parser.add_argument("email")

    def handle(self, *args, email, **options):
        authenticator = Authenticator.objects.filter(user__email=email, type=Authenticator.Type.TOTP).first()
        # Only for demo accounts: a real account's secret is random and is never derived here.
        if authenticator is None or decrypt(authenticator.data["secret"]) != demo_totp_secret(email):
            raise CommandError("Aucun compte de démonstration avec double authentification pour cette adresse.")
        self.stdout.write(current_totp_code(demo_totp_secret(email)))
