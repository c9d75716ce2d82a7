"""Performance benchmarks (issue 6): ``python benchmarks/run.py`` measures every figure against a floor."""
