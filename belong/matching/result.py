"""What a run returns: assignments with explanations, the quality report and run facts."""

from __future__ import annotations

import json
from dataclasses import dataclass, field


@dataclass(frozen=True)
class MatchResult:
    mode: str
    objective: str | None
    seed: int
    assignments: tuple[dict[str, object], ...]  # one per pair: ids, score, reasons, fixed
    unmatched: tuple[str, ...]
    quality: dict[str, object]
    shortlists: dict[str, list[dict[str, object]]] = field(default_factory=dict)
    certificate: dict[str, object] | None = None
    price_of_stability: dict[str, object] | None = None
    run: dict[str, object] = field(default_factory=dict)  # candidate graph size, timings

    def pairs(self) -> list[tuple[str, str]]:
        return [(str(a["mentee"]), str(a["mentor"])) for a in self.assignments]

    def to_dict(self) -> dict[str, object]:
        return {
            "mode": self.mode,
            "objective": self.objective,
            "seed": self.seed,
            "assignments": list(self.assignments),
            "unmatched": list(self.unmatched),
            "shortlists": self.shortlists,
            "quality": self.quality,
            "certificate": self.certificate,
            "price_of_stability": self.price_of_stability,
            "run": self.run,
        }

    def to_json(self, indent: int | None = None) -> str:
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False)
