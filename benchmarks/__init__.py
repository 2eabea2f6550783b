"""Docket's benchmarks and the national demo they run on: tools kept beside the application.

They are not part of the installed package (pyproject.toml builds only ``docket/``): scripts/bench
runs them from a checkout, and the tests that need the national data import them from here.
"""
