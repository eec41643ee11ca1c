"""Job entrypoints: each module has `main(argv) -> int`."""
