"""The statistics of the impact reports, Django-free: disclosure control and intervals."""
