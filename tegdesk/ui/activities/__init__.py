"""The activities page's parts: the list model, the filters, the activity form."""
