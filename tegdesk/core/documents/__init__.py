"""Documents the secretariat produces (PDF, with ReportLab): the roster first.

Shared pieces, for the documents that follow (meeting notices, agendas, reports):

- :mod:`.text`: user text cleaned and escaped, with no ReportLab dependency;
- :mod:`.fonts`: the bundled TrueType faces registered once, and user text as
  Paragraph markup with Chinese runs in the Chinese face and Arabic runs in the
  Naskh face; right-to-left text shaped and ordered line by line after wrapping;
- :mod:`.pages`: "Page x of y" in one layout pass, with a working outline.

Nothing here imports Qt.
"""
