"""What core declares to its own registry: the retention of the audit trail (imported by `CoreConfig.ready()`)."""

from concerto.core.registry import DESTROY, registry

registry.register_retention({"core.event": {"*": DESTROY}, "core.accesslog": {"*": DESTROY}})
registry.register_out_of_scope({"core.scheduledrun": "Le jour où une tâche quotidienne a tourné."})
registry.register_events({"audit_log_exported": "Export du journal des actions"})
