from django.core.management.base import BaseCommand

from concerto.demo.data import DEMO_PASSWORD
from concerto.demo.services import load_demo


class Command(BaseCommand):
    help = "Charge (ou remet à zéro) le conseil de démonstration et affiche les identifiants de démonstration."

    def handle(self, *args, **options):
        logins = load_demo()
        self.stdout.write(self.style.SUCCESS("Conseil de démonstration chargé."))
        self.stdout.write(f"\nMot de passe de tous les comptes de démonstration : {DEMO_PASSWORD}")
        self.stdout.write(
            "Second facteur : ajoutez le secret TOTP dans une application d'authentification, utilisez un code de "
            "secours (usage unique), ou affichez le code du moment avec : make demo-code EMAIL=<adresse>\n"
        )
        for row in logins:
            self.stdout.write(
                f"{row['email']:<42} {row['role']} — {row['profession']} ({row['council']})\n"
                f"{'':<42} TOTP {row['secret']}   secours {' '.join(row['codes'])}"
            )
