"""The requests page's parts: the register, the board by status, the forms and the detail (B4)."""
