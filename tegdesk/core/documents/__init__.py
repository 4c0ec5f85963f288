"""Documents the secretariat produces (PDF, with ReportLab): the roster first.

Shared pieces live here so later documents (meeting notices, agendas, reports)
reuse them: :mod:`.fonts` registers the bundled TrueType faces and turns user
text into safe, font-tagged Paragraph markup; :mod:`.pages` holds the page
furniture (numbered canvas, metadata). Nothing here imports Qt.
"""
