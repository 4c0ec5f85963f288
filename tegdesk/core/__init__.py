"""The core of tegdesk: models, store, rules, services, documents.

Nothing under this package imports Qt (checked by tests/test_boundaries.py).
"""
