"""Logos for the demo's clusters and poles: their initials drawn on a colour, never downloaded
images. They go through ``logos.store_logo`` like an upload, so the demo shows the real path."""

import re
import zlib
from io import BytesIO

from PIL import Image, ImageDraw, ImageFont

from maillage.ecosystem.logos import store_logo
from maillage.ecosystem.models import Organisation

#: Backgrounds on which white initials reach WCAG AA contrast (at least 4.5:1).
PALETTE = ("#1f4e8c", "#a12622", "#1d6431", "#6e4700", "#5b2a86", "#0b4a75")
SIZE = 256


def initials(name: str) -> str:
    """Up to three letters: the words' first letters, or for one word its capitals
    ("MecaTech" gives "MT") or else its first two letters."""
    words = [word for word in re.split(r"[\s\-–_/.]+", name) if word[:1].isalnum()]
    if len(words) > 1:
        return "".join(word[0] for word in words[:3]).upper()
    word = words[0] if words else "?"
    capitals = [letter for letter in word if letter.isupper()]
    return "".join(capitals[:3]) if len(capitals) >= 2 else word[:2].upper()


def draw_logo(name: str, *, key: str) -> bytes:
    """A square PNG with the initials of ``name`` on a colour chosen by ``key`` (stable)."""
    colour = PALETTE[zlib.crc32(key.encode()) % len(PALETTE)]
    image = Image.new("RGB", (SIZE, SIZE), colour)
    text = initials(name)
    font = ImageFont.load_default(size=120 if len(text) < 3 else 90)
    ImageDraw.Draw(image).text((SIZE / 2, SIZE / 2), text, fill="#ffffff", font=font, anchor="mm")
    out = BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def draw_network_logos() -> int:
    """Give every cluster and pole without a logo one drawn from its initials; returns how many."""
    networks = Organisation.objects.filter(kind__in=Organisation.NETWORK_KINDS, logo="")
    count = 0
    for network in networks:
        png = draw_logo(network.display_name, key=network.slug)
        store_logo(organisation=network, upload=BytesIO(png), size=len(png))
        count += 1
    return count
