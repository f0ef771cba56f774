"""Benchmarks (bench/run.py); not part of the site."""
