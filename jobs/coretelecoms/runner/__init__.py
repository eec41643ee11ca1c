"""The local runner: executes the DAG from `coretelecoms.dag` as parallel processes on this machine."""
