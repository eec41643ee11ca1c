"""CoreTelecoms complaints platform: small containerised jobs from five sources to one warehouse."""

__version__ = "0.1.0"
