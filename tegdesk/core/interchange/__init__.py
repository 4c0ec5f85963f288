"""Import and export: CSV, XLSX, IATI XML. All-or-nothing imports with row-level errors."""
