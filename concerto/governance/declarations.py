"""What the governance app declares to core's registry (imported by its AppConfig.ready())."""

from concerto.core.registry import registry  # noqa: F401
