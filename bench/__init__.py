"""Benchmarks (`make bench`): each measured command runs in its own process."""
