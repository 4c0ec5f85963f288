"""Page furniture shared by documents: "Page x of y" in one layout pass, outline, metadata.

:class:`NumberedCanvas` holds every finished page until the document is saved,
then stamps each with a callback that knows the page count: "Page 3 of 12"
costs no second layout pass (``multiBuild`` would lay out everything twice).
Bookmarks set while a page is held are replayed when it is written, so outline
entries point at the right pages.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from reportlab.pdfgen.canvas import Canvas

#: ``stamp(canvas, page_number, page_count)``, drawn on each page when the count is known
PageStamp = Callable[[Canvas, int, int], None]


class NumberedCanvas(Canvas):
    """A canvas that writes its pages at save time, when their number is known."""

    def __init__(self, *args: Any, stamp: PageStamp | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self._stamp = stamp
        self._held_pages: list[dict[str, Any]] = []
        self._page_bookmarks: list[tuple[str, dict[str, Any]]] = []

    def bookmarkPage(self, key: str, **kwargs: Any) -> None:  # noqa: N802 (ReportLab's name)
        # The page's reference is only known once it is written: replay at save.
        self._page_bookmarks.append((key, kwargs))

    def showPage(self) -> None:  # noqa: N802
        self._held_pages.append(dict(self.__dict__))
        self._page_bookmarks = []
        self._startPage()

    def save(self) -> None:
        count = len(self._held_pages)
        for number, state in enumerate(self._held_pages, start=1):
            self.__dict__.update(state)
            for key, kwargs in state["_page_bookmarks"]:
                Canvas.bookmarkPage(self, key, **kwargs)
            if self._stamp is not None:
                self.saveState()
                self._stamp(self, number, count)
                self.restoreState()
            Canvas.showPage(self)
        self._held_pages = []
        Canvas.save(self)


def numbered_canvas(stamp: PageStamp) -> Callable[..., NumberedCanvas]:
    """A ``canvasmaker`` for ``doc.build`` that stamps every page with ``stamp``."""
    return partial(NumberedCanvas, stamp=stamp)


def pdf_lang(locale: object) -> str:
    """A BCP 47 tag for the catalog's ``/Lang`` from a Babel locale: ``en-GB``, ``zh-Hans-CN``."""
    return str(locale).replace("_", "-")
