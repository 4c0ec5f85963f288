"""The roster area's parts: the table model and its filter, the action dialogs
(nominate, extend, withdraw, replace, elect), the member and expert views, and
the import and export dialogs. :class:`tegdesk.ui.pages.roster.RosterPage`
puts them together."""
