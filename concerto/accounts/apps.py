from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "concerto.accounts"
    label = "accounts"

    def ready(self):
        from allauth.mfa.signals import authentication_failed

        from concerto.accounts import declarations, lockout  # noqa: F401 - declarations fill core's registry

        # Wrong second-factor codes count with wrong passwords towards the account lock (django-axes).
        authentication_failed.connect(lockout.record_second_factor_failure, dispatch_uid="concerto_mfa_lockout")
