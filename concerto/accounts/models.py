"""Users (e-mail login), their memberships in councils and the invitations that create them."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils import timezone

from concerto.accounts.enums import MFA_PROFESSIONS, MFA_ROLES, Profession, Role


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra):
        email = self.normalize_email(email).lower()
        user = self.model(email=email, **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


class User(AbstractUser):
    username = None
    email = models.EmailField("adresse électronique", unique=True)
    phone = models.CharField("téléphone", max_length=30, blank=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name = "utilisateur·rice"

    def __str__(self) -> str:
        return self.get_full_name() or self.email

    def requires_mfa(self) -> bool:
        """A second factor is mandatory for anyone who may see identity or clinical content."""
        return any(m.requires_mfa for m in self.memberships.filter(is_active=True))


class MembershipQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True, user__is_active=True)


class Membership(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    council = models.ForeignKey("councils.Council", on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField("rôle", max_length=32, choices=Role.choices)
    profession = models.CharField("catégorie professionnelle", max_length=32, choices=Profession.choices)
    organisation = models.ForeignKey(
        "directory.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="members",
        verbose_name="structure",
    )
    job_title = models.CharField("fonction", max_length=200, blank=True)
    is_active = models.BooleanField("actif", default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["user__last_name", "user__first_name"]
        constraints = [models.UniqueConstraint(fields=["user", "council"], name="membership_unique")]
        verbose_name = "adhésion"

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()}"

    @property
    def requires_mfa(self) -> bool:
        """By reachability, not by role: a second factor is required as soon as this membership can reach a
        person's identity or clinical content in any situation (issue #8)."""
        return self.role in MFA_ROLES or self.profession in MFA_PROFESSIONS or self.reaches_case_content()

    def reaches_case_content(self) -> bool:
        """Takes part in a situation, or is invited for one while the invitation lasts: the disclosure policy may
        then open the identity to them (in nominative mode, within the consent scope)."""
        from concerto.situations.policy import active_invitations, active_participations

        return (
            active_participations(self.user).filter(situation__council_id=self.council_id).exists()
            or active_invitations(self.user).filter(meeting__council_id=self.council_id).exists()
        )

    @property
    def is_coordinator(self) -> bool:
        return self.role == Role.COORDINATOR


class Invitation(models.Model):
    council = models.ForeignKey("councils.Council", on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField("adresse électronique")
    first_name = models.CharField("prénom", max_length=150)
    last_name = models.CharField("nom", max_length=150)
    role = models.CharField("rôle", max_length=32, choices=Role.choices)
    profession = models.CharField("catégorie professionnelle", max_length=32, choices=Profession.choices)
    organisation = models.ForeignKey(
        "directory.Organisation", on_delete=models.SET_NULL, null=True, blank=True, verbose_name="structure"
    )
    job_title = models.CharField("fonction", max_length=200, blank=True)
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "invitation"

    def __str__(self) -> str:
        return f"invitation {self.pk}"

    @property
    def is_pending(self) -> bool:
        return self.accepted_at is None and self.revoked_at is None and self.expires_at > timezone.now()

    @property
    def status_label(self) -> str:
        if self.accepted_at:
            return "Acceptée"
        if self.revoked_at:
            return "Annulée"
        if self.expires_at <= timezone.now():
            return "Expirée"
        return "En attente"
