"""What the reports app declares to core's registry (imported by `ReportsConfig.ready()`): its event labels."""

from concerto.core.registry import registry

registry.register_events({"report_exported": "Export du bilan (indicateurs)"})
