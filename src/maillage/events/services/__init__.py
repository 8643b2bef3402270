"""Writes of the event workflow; views, the API, commands and tasks all call these."""
