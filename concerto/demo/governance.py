"""The demo council's governance, shaped like the CISSMC Lille-Est seed: a COPIL meeting three to four times a year
(with the GEM and UNAFAM among its members), a Bureau, a yearly plenary assembly, and twelve project groups (thematic
poles) with their target population, pilot, status and a few actions; a COPIL held two months ago with its
decisions and its signed record, and the next one planned (the COPIL meeting created by `load_governance_meeting`)."""

import datetime

from django.utils import timezone

from concerto.accounts.models import Membership
from concerto.directory.models import Contact
from concerto.governance import services
from concerto.governance.enums import BodyKind, MemberFunction, ProjectStatus
from concerto.governance.models import CouncilBody
from concerto.meetings import services as meetings
from concerto.meetings.enums import AttendanceStatus, Body, MeetingStatus
from concerto.meetings.models import Meeting

COORDINATION = "coordination@clsm-val-de-lys.example"
P, VP, T, S, M, INV = (
    MemberFunction.PRESIDENT, MemberFunction.VICE_PRESIDENT, MemberFunction.TREASURER, MemberFunction.SECRETARY,
    MemberFunction.MEMBER, MemberFunction.INVITED,
)  # fmt: skip

# (kind, name, mandate, quorum count, quorum %, [(e-mail or "contact:<organisation>", function)])
BODIES = [
    (
        BodyKind.COPIL,
        "Comité de pilotage (COPIL)",
        "Se réunit trois à quatre fois par an. Établit le diagnostic local, fixe les axes de travail, valide la "
        "composition et la charte de la cellule, passe en revue les groupes-projets. Ne reçoit que des données "
        "anonymisées de la cellule.",
        None,
        50,
        [
            ("elue@ville-val.example", P),
            ("cadre@epsm-lys.example", VP),
            ("as@ccas-val.example", M),
            ("pair-aidante@gem-lephare.example", M),
            ("contact:UNAFAM délégation Val-de-Lys (fictive)", M),
            ("contact:GEM Le Phare", M),
            (COORDINATION, S),
            ("observatrice@ars-fictive.example", INV),
        ],
    ),
    (
        BodyKind.BUREAU,
        "Bureau de l'association",
        "Prépare les COPIL et l'assemblée plénière, suit le budget et les cotisations des communes membres.",
        3,
        None,
        [
            ("elue@ville-val.example", P),
            ("cadre@epsm-lys.example", VP),
            ("as@ccas-val.example", T),
            (COORDINATION, S),
        ],
    ),
    (
        BodyKind.PLENARY,
        "Assemblée plénière",
        "Réunit une fois par an l'ensemble des partenaires : bilan des actions de l'année, présentation des "
        "groupes-projets, orientations pour l'année suivante.",
        None,
        None,
        [
            ("elue@ville-val.example", P),
            ("cadre@epsm-lys.example", M),
            ("as@ccas-val.example", M),
            ("pair-aidante@gem-lephare.example", M),
            ("hygiene@schs-val.example", M),
            ("police@pm-val.example", M),
            ("mandataire@atmp-flandres.example", M),
            ("logement@hirondelles.example", M),
            ("infirmier@empp-lys.example", M),
            ("contact:UNAFAM délégation Val-de-Lys (fictive)", M),
            (COORDINATION, S),
        ],
    ),
]

# (name, theme, target population, pilot e-mail or "contact:<organisation>", status, [partner organisations],
#  [(action, owner, due in days or None, done)])
PROJECTS = [
    ("Logement et habitat", "Logement", "Locataires en souffrance psychique, bailleurs sociaux",
     "logement@hirondelles.example", ProjectStatus.PERMANENT, ["Habitat Lys Métropole", "Logis du Nord Solidaire"],
     [("Mettre à jour la convention avec les bailleurs", "Sous-groupe logement", 45, False),
      ("Bilan annuel de la Commission appartement", "Coordination", -30, True)]),
    ("Enfance et adolescence", "Mineurs", "Enfants, adolescents et leurs familles",
     "as@ccas-val.example", ProjectStatus.IN_PROGRESS,
     ["MDS Flandre intérieure (fictive)", "Mission locale du Val-de-Lys (fictive)"],
     [("Recenser les dispositifs de soutien à la parentalité", "MDS", 60, False),
      ("Organiser une rencontre avec l'Éducation nationale", "Coordination", 120, False)]),
    ("Prévention du suicide", "Santé publique", "Professionnel·les de première ligne, habitant·es",
     "cadre@epsm-lys.example", ProjectStatus.FUTURE, ["EPSM Lys-et-Deûle", "CMP Les Tilleuls"],
     [("Deux sessions de formation de formateur·rices (une vingtaine de personnes)", "EPSM", 150, False)]),
    ("Semaine d'information sur la santé mentale (SISM)", "Communication", "Grand public",
     COORDINATION, ProjectStatus.PERMANENT, ["GEM Le Phare", "UNAFAM délégation Val-de-Lys (fictive)"],
     [("Arrêter le programme de l'édition", "Coordination", 30, False),
      ("Réserver les salles des médiathèques", "Ville", 20, True)]),
    ("Bibliothèque santé", "Information du public", "Habitant·es, familles, professionnel·les",
     "contact:GEM Le Phare", ProjectStatus.IN_PROGRESS, ["GEM Le Phare"],
     [("Constituer un fonds de 50 ouvrages dans deux médiathèques", "GEM", 90, False)]),
    ("Ateliers Mieux-Être", "Prévention et promotion de la santé mentale", "Habitant·es, 18 ateliers par an",
     "pair-aidante@gem-lephare.example", ProjectStatus.PERMANENT, ["GEM Le Phare", "CCAS d'Armentières (fictif)"],
     [("Programmer les dix thèmes de l'année", "GEM et coordination", 15, True),
      ("Évaluer chaque atelier (questionnaire)", "Coordination", None, False)]),
    ("Observatoire en santé mentale", "Données de santé", "Élu·es, partenaires, COPIL",
     COORDINATION, ProjectStatus.FUTURE, ["DAC Métropole Ouest"],
     [("Choisir les indicateurs avec l'ARS", "Coordination", 180, False)]),
    ("Premiers secours en santé mentale (PSSM)", "Formation", "Agents municipaux, bailleurs, aides à domicile",
     "cadre@epsm-lys.example", ProjectStatus.IN_PROGRESS, ["EPSM Lys-et-Deûle", "SSIAD Lys Domicile"],
     [("Former 24 agents des deux villes", "EPSM", 75, False)]),
    ("Addictions et santé mentale", "Addictions", "Personnes avec troubles associés",
     "contact:CSAPA Le Relais", ProjectStatus.FUTURE, ["CSAPA Le Relais", "CMP Les Tilleuls"],
     [("Rédiger une fiche de liaison CSAPA–CMP", "CSAPA", 100, False)]),
    ("Précarité et accès aux soins", "Précarité", "Personnes sans domicile ou en grande précarité",
     "infirmier@empp-lys.example", ProjectStatus.IN_PROGRESS, ["EMPP Lys Précarité", "CCAS de Houplines (fictif)"],
     [("Maraudes communes EMPP–CCAS une fois par mois", "EMPP", None, False)]),
    ("Culture et santé mentale", "Culture", "Usager·ères des GEM et des hôpitaux de jour",
     "pair-aidante@gem-lephare.example", ProjectStatus.DONE, ["GEM Le Phare"],
     [("Exposition « Regards croisés » à la médiathèque", "GEM", -60, True)]),
    ("Guide des ressources et charte éthique", "Outils partagés", "Partenaires du conseil",
     COORDINATION, ProjectStatus.IN_PROGRESS, ["UNAFAM délégation Val-de-Lys (fictive)"],
     [("Diffuser le guide aux partenaires", "Coordination", -90, True)]),
]  # fmt: skip

# The COPIL held two months ago: its decisions (text, project name or None, the status it sets, for / against / abst.)
COPIL_DECISIONS = [
    ("Le COPIL valide la composition de la cellule de concertation et la charte révisée.", None, "", (6, 0, 0)),
    ("Lancement du groupe-projet prévention du suicide : deux sessions de formation de formateur·rices.",
     "Prévention du suicide", ProjectStatus.IN_PROGRESS, (5, 0, 1)),
    ("Le guide des ressources est achevé ; le groupe-projet est clos.", "Guide des ressources et charte éthique",
     ProjectStatus.DONE, (6, 0, 0)),
]  # fmt: skip


def _person(council, who: str, organisations) -> dict:
    if who.startswith("contact:"):
        organisation = organisations[who.removeprefix("contact:")]
        contact = Contact.objects.filter(organisation=organisation).order_by("pk").first()
        return {"contact": contact}
    return {"membership": Membership.objects.get(council=council, user__email=who)}


def load_governance(council, organisations, users) -> None:
    """Idempotent: nothing is added once the council has bodies."""
    if CouncilBody.objects.filter(council=council).exists():
        return
    coordinator = users[COORDINATION]
    today = timezone.localdate()
    term_start = today.replace(month=1, day=1) - datetime.timedelta(days=365)
    bodies = {}
    for kind, name, mandate, count, percent, members in BODIES:
        body = services.body_create(
            council=council, actor=coordinator,
            data={"kind": kind, "name": name, "mandate": mandate, "quorum_count": count, "quorum_percent": percent},
        )  # fmt: skip
        for who, function in members:
            services.member_add(
                body=body, actor=coordinator,
                data={**_person(council, who, organisations), "function": function, "starts_on": term_start},
            )  # fmt: skip
        bodies[kind] = body
    projects = {}
    for name, theme, population, pilot, status, partners, actions in PROJECTS:
        person = _person(council, pilot, organisations)
        project = services.project_create(
            council=council, actor=coordinator,
            data={"name": name, "theme": theme, "target_population": population, "status": status,
                  "pilot_membership": person.get("membership"), "pilot_contact": person.get("contact"),
                  "partners": [organisations[o] for o in partners]},
        )  # fmt: skip
        for text, owner, due_in, done in actions:
            action = services.action_add(
                project=project, actor=coordinator,
                data={"text": text, "owner": owner,
                      "due_on": today + datetime.timedelta(days=due_in) if due_in is not None else None},
            )  # fmt: skip
            if done:
                services.action_toggle_done(action=action, actor=coordinator)
        projects[name] = project
    _held_copil(bodies[BodyKind.COPIL], projects, coordinator)
    _planned_copil(bodies[BodyKind.COPIL], coordinator)


def _held_copil(body, projects, coordinator) -> None:
    """Two months ago: attendance (one member excused), the quorum reached, three decisions, the record signed."""
    start = timezone.localtime().replace(hour=14, minute=0, second=0, microsecond=0) - datetime.timedelta(days=60)
    body_meeting = services.body_convene(
        body=body, actor=coordinator,
        data={"starts_at": start, "ends_at": start + datetime.timedelta(hours=2),
              "place": "Mairie d'Armentières (fictive), salle du conseil"},
        projects=[projects["Prévention du suicide"], projects["Guide des ressources et charte éthique"]],
        topics="Bilan de la cellule de concertation (données anonymisées)\nQuestions diverses",
    )  # fmt: skip
    members = services.attendance_members(body_meeting)
    statuses = {m: AttendanceStatus.PRESENT for m in members}
    statuses[members[-1]] = AttendanceStatus.EXCUSED
    services.attendance_record(body_meeting=body_meeting, actor=coordinator, statuses=statuses)
    for text, project, status, (for_, against, abstentions) in COPIL_DECISIONS:
        services.decision_adopt(
            body_meeting=body_meeting, actor=coordinator,
            data={"text": text, "project": projects.get(project), "project_status": status, "votes_for": for_,
                  "votes_against": against, "abstentions": abstentions},
        )  # fmt: skip
    meetings.meeting_sign_off(meeting=body_meeting.meeting, actor=coordinator)


def _planned_copil(body, coordinator) -> None:
    """The next COPIL: the one the meetings demo planned (in three weeks), now held by the COPIL body."""
    planned = (
        Meeting.objects.filter(council=body.council, body=Body.COPIL, status=MeetingStatus.PLANNED)
        .filter(starts_at__gt=timezone.now(), governance__isnull=True)
        .order_by("starts_at")
        .first()
    )
    if planned is not None:
        services.meeting_attach(body=body, meeting=planned, actor=coordinator)
        return
    start = timezone.localtime().replace(hour=9, minute=30, second=0, microsecond=0) + datetime.timedelta(days=20)
    services.body_convene(
        body=body, actor=coordinator,
        data={"starts_at": start, "ends_at": start + datetime.timedelta(hours=2), "place": "Mairie d'Armentières"},
    )  # fmt: skip
