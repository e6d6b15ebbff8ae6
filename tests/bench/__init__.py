"""Benchmarks (not part of the test suite): `python -m tests.bench` runs them all and prints one table."""
