"""Accounts: roles, the unit each staff account belongs to, login lockout, password rules."""
