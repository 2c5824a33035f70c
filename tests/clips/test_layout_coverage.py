"""Every registered clip has a layout test (``layout_test(...)`` in a clip test module)."""

from __future__ import annotations

import re
from pathlib import Path

from scenes.kit.registry import all_scenes

CALL = re.compile(r"^test_layout = layout_test\(([^)]*)\)", re.MULTILINE)


def test_every_clip_has_a_layout_test_in_both_themes():
    covered: dict[str, str] = {}
    for path in sorted(Path(__file__).parent.glob("test_*.py")):
        for match in CALL.finditer(path.read_text()):
            for name in (n.strip() for n in match.group(1).split(",")):
                if name and "=" not in name:  # data="sample" is an option, not a clip
                    assert name not in covered, f"{name}: layout-tested twice"
                    covered[name] = path.name
    missing = sorted(set(all_scenes()) - set(covered))
    assert not missing, f"clips without test_layout = layout_test(...): {missing}"
    assert len(covered) >= 25
