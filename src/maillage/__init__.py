"""Maillage: the networking platform of an innovation ecosystem."""
