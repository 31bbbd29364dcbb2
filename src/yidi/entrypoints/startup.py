"""What every entry point does when it starts: read the settings once and hand the values that
live in process-wide state to the modules that keep it.

``start()`` is called by the CLI's main callback and by ``create_app``; ``apply(settings)`` is the
one place where a setting reaches a module that is configured rather than passed a value.
"""

from __future__ import annotations

from yidi import settings as config
from yidi.settings import Settings


def start() -> Settings:
    """Load and validate the ``YIDI_*`` settings (``SettingsError`` names each bad variable) and
    apply them."""
    settings = config.load()
    apply(settings)
    return settings


def apply(settings: Settings) -> None:
    """Configure process-wide state from ``settings``: the argon2 cost of new password hashes when
    ``YIDI_PASSWORD_TIME_COST`` / ``YIDI_PASSWORD_MEMORY_KIB`` are set (unset: whatever the
    account module uses — its production default, or the cheap cost a test session chose)."""
    from yidi.domain.national.plausibility import configure_tolerance

    configure_tolerance(settings.national_time_tolerance_seconds)
    costs = {
        name: value
        for name, value in (
            ("time_cost", settings.password_time_cost),
            ("memory_cost", settings.password_memory_kib),
        )
        if value is not None
    }
    if costs:
        from yidi.service_layer.passwords import configure_hasher

        configure_hasher(**costs)
