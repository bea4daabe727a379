"""How personal data shows to someone who may not see it in full (who may is decided by each app: a
cadre's by ``cadres.personal_data``, an account's by ``accounts``)."""

from __future__ import annotations


def mask_phone(value: str | None) -> str | None:
    """13812345678 → 138****5678; shorter numbers keep only their last two characters."""
    if not value:
        return value
    if len(value) >= 8:
        return value[:3] + "*" * (len(value) - 7) + value[-4:]
    return "*" * (len(value) - 2) + value[-2:]


def mask_id_number(value: str | None) -> str | None:
    """420106199001011234 → 4201**********1234: region, birth date and sequence hidden."""
    if not value:
        return value
    return value[:4] + "*" * (len(value) - 8) + value[-4:]
