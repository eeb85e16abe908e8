"""What the councils app declares to core's registry (imported by `CouncilsConfig.ready()`)."""

from concerto.core.registry import registry

registry.register_events(
    {
        "council_updated": "Informations du conseil modifiées",
        "commune_added": "Commune ajoutée au territoire",
        "commune_removed": "Commune retirée du territoire",
        "sector_added": "Secteur de psychiatrie ajouté",
        "sector_removed": "Secteur de psychiatrie retiré",
        "cell_created": "Cellule créée",
        "cell_updated": "Cellule modifiée (rythme, capacité, points d'étape)",
        "cell_year_planned": "Séances de l'année planifiées pour une cellule",
        "cell_member_added": "Membre ajouté à une cellule",
        "cell_member_removed": "Membre retiré d'une cellule",
        "charter_uploaded": "Charte publiée",
        "charter_committed": "Engagement à la charte",
        "problem_type_added": "Type de problème local ajouté",
        "problem_type_hide": "Type de problème masqué",
        "problem_type_show": "Type de problème de nouveau proposé",
        "problem_type_up": "Type de problème remonté dans la liste",
        "problem_type_down": "Type de problème descendu dans la liste",
    }
)
registry.register_describer("councils.council", lambda council: f"Conseil : {council.name}")
registry.register_describer("councils.cell", lambda cell: f"Cellule : {cell.name}")
registry.register_describer("councils.psychiatricsector", lambda sector: f"Secteur {sector}")
registry.register_out_of_scope(
    dict.fromkeys(
        ["councils.commune", "councils.council", "councils.psychiatricsector", "councils.cell", "councils.cellmember",
         "councils.charter", "councils.chartercommitment", "councils.problemtype", "councils.communeshape"],
        "Le conseil, son territoire et ses instances : rien sur une personne accompagnée.",
    )
)  # fmt: skip
