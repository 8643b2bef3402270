"""The demo's collaboration graph: its seed projects and live edition are loaded in bulk, which
signals do not see, so the ties are replayed once from their sources."""

from maillage.matching.ties import rebuild_ties


def load_demo_ties() -> int:
    """Replay every source of ties (projects, held meetings, teams); returns how many ties."""
    return rebuild_ties()
