"""The local store: one SQLite file per body of work, opened through :func:`open_store`."""

from tegdesk.core.store.database import Store, open_store

__all__ = ["Store", "open_store"]
