"""What the documents app declares to core's registry (imported by its AppConfig.ready()): event labels, describers,
and that the library holds nothing about a person the council supports."""

from concerto.core.registry import registry

registry.register_events(
    {
        "documents_added": "Document ajouté à la bibliothèque",
        "documents_version_added": "Nouvelle version d'un document déposée",
    }
)
registry.register_describer("documents.librarydocument", lambda document: f"Document « {document.title} »")

registry.register_out_of_scope(
    {
        "documents.librarydocument": "Un document du conseil (charte, fiche alerte vierge, guide, convention, compte "
        "rendu) : pas une pièce du dossier d'une personne accompagnée.",
        "documents.documentversion": "Une version d'un document du conseil ; le fichier est chiffré comme tout dépôt.",
    }
)
