"""What the privacy app declares to core's registry (imported by `PrivacyConfig.ready()`): event labels, the
retention of its own records, the accesses section of a subject-access export, the daily purge and the
unusual-reads notice of the home page."""

from concerto.core.models import AccessLog
from concerto.core.registry import KEEP, Panel, registry
from concerto.core.roles import Role
from concerto.privacy.models import ErasureRequest
from concerto.privacy.selectors import unusual_reads

registry.register_events(
    {
        "retention_updated": "Durées de conservation modifiées",
        # f"erasure_{decision}" in views.erasure, one per decision:
        **{f"erasure_{value}": label for value, label in ErasureRequest.Decision.choices},
        "access_log_exported": "Journal des consultations exporté",
        "subject_access_produced": "Droit d'accès : dossier produit",
    }
)
registry.register_retention(
    {"privacy.erasurerequest": {"reason": KEEP}},
    # The proof that a request was answered: the situation's code, never a name.
    kept={"privacy.erasurerequest": ["council", "situation_code", "requested_on", "decision", "decided_by",
                                     "created_at"]},
)  # fmt: skip
registry.register_out_of_scope({"privacy.purgerun": "Des comptes de lignes traitées, jamais un nom."})


def accesses_section(situation) -> dict:
    logs = AccessLog.objects.filter(target_type="situations.situation", target_id=str(situation.pk))
    return {
        "accesses": [
            {"at": log.created_at.isoformat(), "by": str(log.user) if log.user else None, "what": log.scope,
             "from": log.source}
            for log in logs.select_related("user")
        ]
    }  # fmt: skip


registry.register_section("privacy", accesses_section, order=90)
registry.register_daily_job("retention", "concerto.privacy.tasks.retention_purge")


def unusual_reads_panel(request) -> dict:
    return {"unusual_reads": unusual_reads(request.council)}


registry.register_panel(
    Panel("privacy.unusual_reads", "privacy/panels/unusual_reads.html", unusual_reads_panel, "notices", 10,
          frozenset({Role.COORDINATOR, Role.DPO}))
)  # fmt: skip
