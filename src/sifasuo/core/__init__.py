"""Shared foundation: scoping, change log, request context, API and page building blocks."""
