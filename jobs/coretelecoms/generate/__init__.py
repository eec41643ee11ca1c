"""Deterministic synthetic CoreTelecoms sources: the embedded default's input and every test's fixture."""
