"""The effective configuration of the files one config file governs (`Settings`), what
the command line adds on top (`Overrides`), and rule selection by code and prefix."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from ..core.diagnostics import Diagnostic
from ..rules.registry import BY_CODE
from .options import OPTIONS


def expand_selectors(selectors: Iterable[str], implemented: set[str]) -> tuple[set[str], list[str]]:
    """Turn codes and prefixes ("PC1", "PC101", "ALL") into implemented codes.

    Returns the codes and the selectors that are unknown or name only planned rules.
    Opt-in rules (default off) are enabled only by their exact code.
    """
    codes: set[str] = set()
    problems: list[str] = []
    for raw in selectors:
        sel = str(raw).strip().upper()
        if not sel:
            continue
        if sel == "ALL":
            codes |= {c for c in implemented if BY_CODE[c].default}
            continue
        if sel in BY_CODE:
            if sel in implemented:
                codes.add(sel)
            else:
                problems.append(f"{sel} is planned, not implemented yet")
            continue
        matches = [c for c in BY_CODE if c.startswith(sel)]
        if not sel.startswith("PC") or not matches:
            problems.append(f"unknown rule code or prefix {raw!r}")
            continue
        codes |= {c for c in matches if c in implemented and BY_CODE[c].default}
    return codes, problems


# One layer of rule selection: (select or None, extend-select, ignore).
Layer = tuple  # tuple[tuple[str, ...] | None, tuple[str, ...], tuple[str, ...]]


@dataclass
class Settings:
    """The effective configuration of the files one config file governs."""

    config_path: Path | None = None
    select: list[str] | None = None
    ignore: list[str] = field(default_factory=list)
    extend_select: list[str] = field(default_factory=list)
    exclude: list[str] = field(default_factory=list)
    extend_exclude: list[str] = field(default_factory=list)
    per_file_ignores: dict[str, list[str]] = field(default_factory=dict)
    options: dict[str, Any] = field(default_factory=dict)
    problems: list[Diagnostic] = field(default_factory=list)
    # Selection layers below this config's own (inherited with `extend`) and above it
    # (the command line).
    inherited: list[Layer] = field(default_factory=list)
    overrides: list[Layer] = field(default_factory=list)
    # Where each pattern key was defined, when not in this config's folder (`extend`).
    anchors: dict[str, Path] = field(default_factory=dict)
    # Extra exclusion patterns with their anchor: inherited extend-exclude, the CLI's.
    extra_excludes: list[tuple[Path, tuple[str, ...]]] = field(default_factory=list)
    # The config files read to build these settings (this one and what it extends).
    sources: list[Path] = field(default_factory=list)

    @property
    def root(self) -> Path:
        """Where relative patterns in the config are anchored."""
        return self.config_path.parent if self.config_path else Path.cwd()

    def anchor(self, key: str) -> Path:
        return self.anchors.get(key, self.root)

    def exclusions(self) -> list[tuple[Path, tuple[str, ...]]]:
        """Every exclusion pattern set with the folder it is anchored at."""
        own = []
        if self.exclude:
            own.append((self.anchor("exclude"), tuple(self.exclude)))
        if self.extend_exclude:
            own.append((self.anchor("extend_exclude"), tuple(self.extend_exclude)))
        return own + list(self.extra_excludes)

    def layers(self) -> list[Layer]:
        own = (tuple(self.select) if self.select is not None else None,
               tuple(self.extend_select), tuple(self.ignore))
        return [*self.inherited, own, *self.overrides]

    def option(self, key: str) -> Any:
        if key not in OPTIONS:
            raise KeyError(f"poolcheck has no option {key!r}")
        return self.options.get(key, OPTIONS[key].default)

    def enabled_codes(self, implemented: set[str]) -> set[str]:
        enabled, _ = expand_selectors(["ALL"], implemented)
        ignored: set[str] = set()
        for select, extend_select, ignore in self.layers():
            if select is not None:  # a new base: what lower layers chose is replaced
                enabled, _ = expand_selectors(select, implemented)
                ignored = set()
            extra, _ = expand_selectors(extend_select, implemented)
            enabled |= extra
            ignored -= extra
            dropped, _ = expand_selectors(ignore, set(BY_CODE))
            # Exact codes in ignore also switch off opt-in rules selected by exact code.
            dropped |= {s.strip().upper() for s in ignore if s.strip().upper() in BY_CODE}
            enabled -= dropped
            ignored |= dropped
        # PC900 and PC901 tell the user poolcheck could not do its job; they are on
        # unless ignored explicitly.
        return enabled | ({"PC900", "PC901"} - ignored)

    def fingerprint(self) -> str:
        """A stable text of everything that changes results (cache key part)."""
        import json
        # A layer that selects, adds and ignores nothing changes nothing (the command
        # line's, when no flag is given): left out, so the CLI and the editor share entries.
        return json.dumps({
            "layers": [layer for layer in self.layers() if layer[0] is not None or layer[1] or layer[2]],
            "per_file_ignores": self.per_file_ignores,
            "options": {k: self.options[k] for k in sorted(self.options)},
        }, sort_keys=True, default=str)


@dataclass
class Overrides:
    """What the command line sets on top of every config file."""

    select: list[str] | None = None
    extend_select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    extend_exclude: list[str] = field(default_factory=list)
    options: dict[str, Any] = field(default_factory=dict)

    def apply(self, settings: Settings, cwd: Path) -> Settings:
        from dataclasses import replace

        layer = (tuple(self.select) if self.select is not None else None,
                 tuple(self.extend_select), tuple(self.ignore))
        out = replace(settings, options={**settings.options, **self.options},
                      overrides=[*settings.overrides, layer],
                      extra_excludes=[*settings.extra_excludes,
                                      *([(cwd, tuple(self.extend_exclude))] if self.extend_exclude else [])])
        return out
