"""Collection rules shared by the doctests and the tests."""

collect_ignore = ["geo_huallaga/__main__.py", "benchmarks", "scripts", "build", "dist"]
