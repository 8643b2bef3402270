"""Date and number formats that differ from Django's for a language (``FORMAT_MODULE_PATH``).

Maillage's users read dates the Belgian way in every language: day before month, 24-hour time.
Django's French formats already do; its English ones (US order, "6:18 p.m.") are replaced here.
"""
