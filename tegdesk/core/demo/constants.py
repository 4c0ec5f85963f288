"""The demonstration's fixed settings: seed, sizes, the first meeting's dates, the secretariat."""

from __future__ import annotations

import datetime as dt

from tegdesk.core import activity_rules

DEMO_SEED = 2024
ACTIVITY_COUNT = 200
REQUEST_COUNT = 30

TEG1_START = dt.date(2023, 3, 14)
TEG1_END = dt.date(2023, 3, 15)
NOMINATIONS_CALLED = dt.date(2023, 2, 21)  # R11: three weeks before the first meeting
#: The demonstration needs the first meeting to lie in the past.
EARLIEST_TODAY = dt.date(2023, 6, 1)
ONE_DAY = dt.timedelta(days=1)

VENUE = "United Nations Conference Centre, Bangkok"
SECRETARIAT = "Environment and Development Division, ESCAP"
#: The reporting organisation of the demo's activities: ESCAP (defined with the activity rules).
ESCAP_IATI_REF = activity_rules.ESCAP_IATI_REF
CONTACT = "Secretary of the Technical Expert Group, Environment and Development Division, ESCAP (teg-secretariat@un.example)"
