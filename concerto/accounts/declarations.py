"""What the accounts app declares to core's registry (imported by `AccountsConfig.ready()`)."""

from concerto.core.registry import registry

registry.register_events(
    {
        "invitation_sent": "Invitation envoyée",
        "invitation_accepted": "Invitation acceptée",
        "invitation_revoked": "Invitation annulée",
        "membership_updated": "Adhésion modifiée",
        "member_unlocked": "Compte déverrouillé",
        "session_revoked": "Session fermée à distance",
    }
)
registry.register_describer("accounts.user", lambda user: f"Compte de {user}")
registry.register_describer(
    "accounts.membership", lambda membership: f"Adhésion de {membership.user}", related=("user",)
)
registry.register_describer("accounts.invitation", lambda invitation: f"Invitation de {invitation.email}")
registry.register_out_of_scope(
    dict.fromkeys(
        ["accounts.user", "accounts.membership", "accounts.invitation"],
        "Les comptes des membres du conseil, jamais une personne accompagnée.",
    )
)
