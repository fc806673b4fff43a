"""Benchmarks against the product's quality bars, on a generated 100,000-patient practice.

    .venv/bin/python -m benchmarks            # everything, prints a table with PASS/FAIL
    .venv/bin/python -m benchmarks --quick    # a 20,000-patient practice, fewer samples

Speed is measured here, never asserted in unit tests (machines are noisy).
"""
