"""A guard against a Qt binding that gives back references to ``None``, ``True`` and ``False``
it never took.

Measured on this project's machines (PySide6-Essentials 6.12.0, shiboken6 6.12.0, CPython
3.11.7; ``tests/ui/test_singletons.py`` shows it in a child process):

- every ``signal.emit(...)`` made from Python releases one reference to ``True`` (the value
  ``emit`` returns);
- every ``None`` that a Python override returns to C++ where Qt expects a ``QVariant``
  (``QAbstractItemModel.data``/``headerData``: "nothing for this role", asked a dozen times
  per cell at each paint) releases one reference to ``None``.

On Python 3.11 these objects are reference counted like any other, so after some tens of
thousands of emits or painted cells (a few minutes of scrolling a table) the count reaches
zero and the interpreter aborts: ``Fatal Python error: none_dealloc`` or ``bool_dealloc``,
losing whatever was being typed. PySide6 6.11.3 does not do this, but its Qt PDF module comes
in the 175 MB Addons wheel, and Python 3.12 makes these objects immortal, which hides it.

The guard does what Python 3.12 does: it gives the three singletons so many references
(2**40) that no session can release them all. An extra reference to them costs nothing — they
are never freed in any case. It changes nothing on Python 3.12 and later, where they are
immortal already, and it does not depend on the binding's version, so a fixed or a broken
PySide6 behaves the same.
"""

from __future__ import annotations

import ctypes
import sys

#: References added to each singleton: more than any session could lose (a billion a day for
#: three thousand years).
RESERVE = 2**40
_SINGLETONS = (None, True, False)
_guarded = False


def guard_singletons() -> bool:
    """Give ``None``, ``True`` and ``False`` :data:`RESERVE` references, once per process.

    Returns whether it did (not on Python 3.12+, where they are immortal, nor a second time)."""
    global _guarded
    if (_guarded or sys.version_info >= (3, 12) or sys.implementation.name != "cpython"
            or hasattr(sys, "getobjects")):  # a trace-refs build puts two pointers before ob_refcnt
        return False
    for obj in _SINGLETONS:
        # ob_refcnt is the first field of every CPython object (Py_ssize_t); the GIL is held here
        ctypes.c_ssize_t.from_address(id(obj)).value += RESERVE
    _guarded = True
    return True
