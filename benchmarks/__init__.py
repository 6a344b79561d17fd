"""Benchmarks, run by ``make bench`` (``python -m benchmarks [NAME ...]``), outside the test suite.

Every benchmark reports ratios against a baseline measured in the same run, because the machines
this runs on are shared and noisy: absolute seconds mean little, ratios travel.
"""
