"""What the directory app declares to core's registry (imported by `DirectoryConfig.ready()`)."""

from concerto.core.registry import registry

registry.register_events(
    {
        "organisation_created": "Structure ajoutée à l'annuaire",
        "organisation_updated": "Structure modifiée",
        "organisation_deleted": "Structure supprimée",
        "contact_created": "Contact ajouté",
        "contact_updated": "Contact modifié",
        "contact_deleted": "Contact supprimé",
    }
)
registry.register_describer("directory.organisation", lambda organisation: f"Structure : {organisation.name}")
registry.register_describer("directory.contact", lambda contact: f"Contact : {contact.name}")
registry.register_out_of_scope(
    dict.fromkeys(
        ["directory.organisation", "directory.contact"],
        "L'annuaire des partenaires (structures et professionnels), jamais une personne accompagnée.",
    )
)
