"""The Reports page: the annual BSP report's figures and charts, and its preview."""
