from allauth.core import context
from allauth.mfa.base.forms import AuthenticateForm, ReauthenticateForm
from django import forms
from django.contrib.auth import password_validation

from concerto.accounts import lockout
from concerto.accounts.models import Invitation, Membership, User
from concerto.core.forms import BaseForm, BaseModelForm


class _OrganisationChoiceMixin:
    def _limit_organisations(self, council):
        field = self.fields["organisation"]
        field.queryset = council.organisations.order_by("name")
        field.empty_label = "Aucune structure"


class InvitationForm(_OrganisationChoiceMixin, BaseModelForm):
    class Meta:
        model = Invitation
        fields = ["email", "first_name", "last_name", "role", "profession", "organisation", "job_title"]
        help_texts = {
            "profession": "Elle détermine l'accès aux contenus cliniques : seul·es les professionnel·les de santé "
            "et du social y ont accès. Elle est fixée par la coordination, pas par la personne.",
        }

    def __init__(self, *args, council, **kwargs):
        super().__init__(*args, **kwargs)
        self.council = council
        self._limit_organisations(council)

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        if Membership.objects.filter(council=self.council, user__email=email, is_active=True).exists():
            raise forms.ValidationError("Cette personne est déjà membre du conseil.")
        return email


class MembershipForm(_OrganisationChoiceMixin, BaseModelForm):
    class Meta:
        model = Membership
        fields = ["role", "profession", "organisation", "job_title", "is_active"]

    def __init__(self, *args, council, **kwargs):
        super().__init__(*args, **kwargs)
        self._limit_organisations(council)


class AcceptInvitationForm(BaseForm):
    first_name = forms.CharField(label="Prénom", max_length=150)
    last_name = forms.CharField(label="Nom", max_length=150)
    password1 = forms.CharField(
        label="Mot de passe",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="Au moins 12 caractères, ni trop courant ni entièrement numérique.",
    )
    password2 = forms.CharField(
        label="Confirmation du mot de passe",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, email: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email

    def clean(self):
        data = super().clean()
        if data.get("password1") and data.get("password2") and data["password1"] != data["password2"]:
            self.add_error("password2", "Les deux mots de passe ne correspondent pas.")
        elif data.get("password1"):
            candidate = User(
                email=self.email, first_name=data.get("first_name", ""), last_name=data.get("last_name", "")
            )
            try:
                password_validation.validate_password(data["password1"], candidate)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return data


class _SecondFactorLockMixin:
    """A locked account (wrong passwords and wrong codes together, see lockout.py) cannot use a code, even the right
    one: the request is flagged and AxesMiddleware answers with the lockout page."""

    def clean_code(self):
        if lockout.second_factor_locked(context.request, self.user):
            raise forms.ValidationError("Compte temporairement verrouillé.", code="locked")
        return super().clean_code()


class MfaAuthenticateForm(_SecondFactorLockMixin, AuthenticateForm):
    """The second step of the login (MFA_FORMS["authenticate"])."""


class MfaReauthenticateForm(_SecondFactorLockMixin, ReauthenticateForm):
    """Confirming one's identity with a code before a sensitive change (MFA_FORMS["reauthenticate"])."""
