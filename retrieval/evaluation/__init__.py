"""Scoring the answering side: ranking metrics, dev question sets with gold snippets, SQuAD-format
benchmarks, and the named suites of ``isnad eval``.

The query modules of :mod:`retrieval` never import this package (a test enforces it). Modules are
imported by name (``retrieval.evaluation.suites`` ...); nothing is re-exported here.
"""
