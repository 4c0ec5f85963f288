"""Commands about meetings: ``tegdesk meetings`` and the meeting documents under ``tegdesk export``.

Registered on :mod:`tegdesk.cli`'s command table when that module is imported.
"""

from __future__ import annotations
