"""factory_boy factories shared by every app's tests."""

import factory
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from concerto.accounts.enums import Profession, Role
from concerto.accounts.models import Membership, User
from concerto.councils.models import Commune, Council, PsychiatricSector
from concerto.directory.enums import OrganisationType
from concerto.directory.models import Contact, Organisation

PASSWORD = "Un-mot-de-passe-solide-42"


class CommuneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Commune
        django_get_or_create = ("insee_code",)

    # Five characters at most (PostgreSQL enforces the column's length, SQLite does not): a worker of the suite
    # creates well over a thousand councils, so the sequence wraps after 10,000 (each test starts from an empty table).
    insee_code = factory.Sequence(lambda n: f"9{n % 10000:04d}")
    name = factory.Sequence(lambda n: f"Commune {n}")
    department_code = "99"
    population = 10000


class CouncilFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Council
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"CLSM numéro {n}")
    code = factory.Sequence(lambda n: f"C{n:03d}")

    @factory.post_generation
    def communes(self, create, extracted, **kwargs):
        if create:
            self.communes.set(extracted if extracted is not None else [CommuneFactory()])


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"personne{n}@exemple.test")
    first_name = "Prénom"
    last_name = factory.Sequence(lambda n: f"Nom{n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def totp(self, create, extracted, **kwargs):
        """`totp=True` (or a secret) enrols a second factor; returns nothing."""
        if create and extracted:
            secret = extracted if isinstance(extracted, str) else generate_totp_secret()
            TOTP.activate(self, secret)
            RecoveryCodes.activate(self)
            self.totp_secret = secret
        if create:
            self.save()


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    council = factory.SubFactory(CouncilFactory)
    name = factory.Sequence(lambda n: f"Structure {n}")
    type = OrganisationType.CCAS
    city = "Ville-Exemple"
    services = "Accueil\nAccompagnement"


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Contact {n}")
    role = "Travailleur social"
    phone = "01 02 03 04 05"
    email = factory.Sequence(lambda n: f"contact{n}@structure.test")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory, totp=True)
    council = factory.SubFactory(CouncilFactory)
    role = Role.PARTNER
    profession = Profession.SOCIAL


class SectorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PsychiatricSector

    council = factory.SubFactory(CouncilFactory)
    code = factory.Sequence(lambda n: f"99G{n:02d}")
    name = "Secteur exemple"


def has_totp(user) -> bool:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
