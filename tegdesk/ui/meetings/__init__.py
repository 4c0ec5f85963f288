"""The meetings page: list of meetings and, for one meeting, its tabs (details, agenda, participants, notices)."""
