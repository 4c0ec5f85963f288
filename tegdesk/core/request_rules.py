"""Requests for technical assistance (B4) as pure functions: statuses, dates, processing time.

Nothing here reads or writes the database.
"""

from __future__ import annotations

import datetime as dt


def processing_days(received_on: dt.date | None, closed_on: dt.date | None) -> int | None:
    """Days from receipt to closing (answered, declined or withdrawn); ``None`` while the request
    is open (no ``closed_on``) or when the dates are missing or out of order.

    A request answered on the day it arrived took 0 days. For the time an open request has
    waited so far, pass today's date as ``closed_on``."""
    if received_on is None or closed_on is None or closed_on < received_on:
        return None
    return (closed_on - received_on).days
