"""Performance benchmark of sifasuo: `make bench` runs `python -m bench.run` and writes docs/benchmarks.md.

Not part of the installed package: it lives at the repository root and is imported from there
(the Makefile runs it from the root; gunicorn gets the root on PYTHONPATH).
"""
