"""What each app adds to a product's pages: its tab in the product's navigation, its sections on the sheet.

The sheet and the tabs are composed by the top layer (`equipage/web/`), which knows no domain app:
each app registers its contributions in its own `product_pages.py` (discovered when the apps are
ready):

    register_tab("indicators", "Indicateurs", "indicators:overview", order=60)

    @register_section("indicators", "indicators/_sheet_summary.html", order=10)
    def indicators_section(product):
        return {"indicator_summary": sheet_summary(product)}

A section's loader returns the context of its template, in a fixed number of queries; slots
place it on the sheet: ``top`` (under the pitch), ``main`` (the sheet's column).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

SLOTS = ("top", "main")


@dataclass(frozen=True)
class Tab:
    key: str
    label: str
    url_name: str
    order: int


@dataclass(frozen=True)
class Section:
    key: str
    template: str
    load: Callable[[Any], dict]
    order: int
    slot: str


@dataclass(frozen=True)
class RenderedSection:
    key: str
    template: str
    context: dict


TABS: dict[str, Tab] = {}
SECTIONS: dict[str, Section] = {}


def register_tab(key: str, label: str, url_name: str, order: int) -> None:
    """Add a tab to every product's navigation, linking to `url_name` (which takes the product's slug)."""
    if key in TABS:
        raise ValueError(f"Product tab {key} is registered twice")
    TABS[key] = Tab(key=key, label=label, url_name=url_name, order=order)


def register_section(key: str, template: str, order: int, slot: str = "main"):
    """Add a section to the product sheet: a function of the product returning its template's context."""
    if slot not in SLOTS:
        raise ValueError(f"Unknown sheet slot {slot!r}: one of {', '.join(SLOTS)}")

    def register(load: Callable[[Any], dict]):
        if key in SECTIONS:
            raise ValueError(f"Sheet section {key} is registered twice")
        SECTIONS[key] = Section(key=key, template=template, load=load, order=order, slot=slot)
        return load

    return register


def tabs() -> list[Tab]:
    return sorted(TABS.values(), key=lambda tab: (tab.order, tab.key))


def sheet_sections(product) -> dict[str, list[RenderedSection]]:
    """Every registered section of the sheet, loaded for this product, by slot and in order."""
    by_slot: dict[str, list[RenderedSection]] = {slot: [] for slot in SLOTS}
    for section in sorted(SECTIONS.values(), key=lambda section: (section.order, section.key)):
        by_slot[section.slot].append(
            RenderedSection(key=section.key, template=section.template, context=section.load(product))
        )
    return by_slot
