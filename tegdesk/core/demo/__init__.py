"""A demonstration database: a plausible TEG roster, two meetings, the BSP
capacity-building database and requests for technical assistance.

:func:`populate_demo` fills an empty database in one unit of work (so the audit
log records every row). Given the same ``seed`` and ``today`` it writes the same
content (the record ids, random UUIDs, differ). The people are invented; their
e-mail addresses use the reserved ``.example`` top-level domain so that nothing
can ever be sent to them.

The roster follows version 1 of the TEG's terms of reference, and is simulated
seat by seat from the first meeting (14 March 2023) up to ``today``:

- each member nominates one or two experts (R1: never more than two serving);
- a term lasts three years (the last day is the day before the third anniversary);
- at the end of a first term, most experts are nominated for a second,
  consecutive term (starting the next day; the first is then "ended"); after a
  second term the member nominates someone else (R3: no third consecutive term);
- a few experts are withdrawn during a term, most of them replaced at once;
- the Chair and the Vice-Chair were elected at the first meeting for three years
  from among the serving experts (R5), and serve a second expert term.

The second meeting is planned a few months after ``today``; its provisional
agenda includes the election of officers when the offices elected at the first
meeting have ended by then.
"""

from tegdesk.core.demo.constants import (
    ACTIVITY_COUNT,
    DEMO_SEED,
    EARLIEST_TODAY,
    ESCAP_IATI_REF,
    REQUEST_COUNT,
)
from tegdesk.core.demo.populate import DemoSummary, existing_content, populate_demo

__all__ = [
    "ACTIVITY_COUNT",
    "DEMO_SEED",
    "EARLIEST_TODAY",
    "ESCAP_IATI_REF",
    "REQUEST_COUNT",
    "DemoSummary",
    "existing_content",
    "populate_demo",
]
