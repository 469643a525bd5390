"""The hotline's voice webhooks: the call flow as data plus small functions (the blueprint is in webhooks)."""
