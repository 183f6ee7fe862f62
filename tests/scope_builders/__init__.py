"""Foreign-county builders of each module (see tests/scope_registry.py)."""
