"""Hera definitions of the Argo workflows, built from `coretelecoms.dag` (one file per workflow)."""
