"""Pages of the calls app."""
