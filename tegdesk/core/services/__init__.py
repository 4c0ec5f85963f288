"""Services: units of work over the store, applying the rules before any save."""
