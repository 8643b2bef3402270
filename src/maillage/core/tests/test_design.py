"""The design system: colour tokens reach WCAG AA contrast, and the style guide shows every
component, translated."""

import re
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

import maillage

CSS = Path(maillage.__file__).parent / "core" / "static" / "maillage" / "maillage.css"
#: Text (or control border) on background, as the components of maillage.css pair them, with
#: the ratio WCAG 2.1 AA asks: 4.5 for text, 3 for the borders of fields (1.4.11).
PAIRS = [
    *(
        (text, background, 4.5)
        for text in ("ink", "muted", "primary", "danger", "brand")
        for background in (
            "bg",
            "surface",
            "sunken",
            "info-bg",
            "success-bg",
            "warning-bg",
            "danger-bg",
            "tag-bg",
        )
    ),
    ("on-primary", "primary", 4.5),
    ("on-primary", "primary-hover", 4.5),
    ("on-primary", "danger", 4.5),
    ("success", "success-bg", 4.5),
    ("warning", "warning-bg", 4.5),
    ("info", "info-bg", 4.5),
    ("tag", "tag-bg", 4.5),
    ("cluster", "cluster-bg", 4.5),
    ("line-strong", "surface", 3.0),
]


def _colour_tokens() -> dict[str, str]:
    root = re.search(r":root\s*\{(.*?)\}", CSS.read_text(encoding="utf-8"), re.S)
    assert root is not None
    return dict(re.findall(r"--color-([\w-]+):\s*(#[0-9a-fA-F]{6})\s*;", root.group(1)))


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(first: str, second: str) -> float:
    """WCAG 2.1 contrast ratio of two ``#rrggbb`` colours."""
    light, dark = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_contrast_of_known_colours() -> None:
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)


def test_colour_pairs_of_the_components_reach_aa() -> None:
    tokens = _colour_tokens()
    too_low = {
        (text, background): round(contrast(tokens[text], tokens[background]), 2)
        for text, background, minimum in PAIRS
        if contrast(tokens[text], tokens[background]) < minimum
    }
    assert too_low == {}


def test_stylesheet_declares_no_selector_twice() -> None:
    """One rule per selector outside media queries: a second one would be a copy to keep in
    step (the sections are tokens, base, layout, components, pages, phones, print)."""
    text = re.sub(r"/\*.*?\*/", "", CSS.read_text(encoding="utf-8"), flags=re.S)
    top_level = re.split(r"@media[^{]*\{", text)[0]
    selectors = [s.strip() for s in re.findall(r"([^{}]+)\{[^{}]*\}", top_level)]
    assert sorted(s for s in set(selectors) if selectors.count(s) > 1) == []


@pytest.mark.django_db
def test_style_guide_shows_every_component(client: Client) -> None:
    response = client.get(reverse("design_system"))
    assert response.status_code == 200
    html = response.content.decode()
    for section in ("type", "buttons", "badges", "cards", "tables", "forms", "notices", "empty"):
        assert f'id="{section}"' in html
    assert 'class="button danger"' in html
    assert 'aria-invalid="true"' in html
    assert "Page 2 sur 3" in html


@pytest.mark.django_db
def test_style_guide_is_in_french_by_default(client: Client) -> None:
    html = client.get(reverse("design_system")).content.decode()
    assert "<h1>Système de design</h1>" in html
