#!/usr/bin/env python3
"""Which top-level app modules each module uses (`crate::x` paths and `use crate::{x, ..}`
groups), and whether any two use each other (an import cycle between layers)."""
import pathlib, re, sys

root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "src")
mods = sorted({p.stem if p.parent == root else p.relative_to(root).parts[0]
               for p in root.rglob("*.rs") if p.name not in ("lib.rs", "main.rs")})
deps = {m: set() for m in mods}
for p in root.rglob("*.rs"):
    if p.name in ("lib.rs", "main.rs"):
        continue
    me = p.stem if p.parent == root else p.relative_to(root).parts[0]
    text = p.read_text()
    for name in re.findall(r"crate::([a-z_]+)", text):
        deps[me].add(name)
    for group in re.findall(r"use crate::\{(.*?)\};", text, re.S):
        depth, token = 0, ""
        for ch in group:
            if ch == "{":
                depth += 1
            elif ch == "}":
                depth -= 1
            if depth == 0 and ch == ",":
                token = ""
                continue
            if depth == 0:
                token += ch
                t = token.strip()
                m = re.match(r"([a-z_]+)", t)
                if m:
                    deps[me].add(m.group(1))
cycles = []
for m in mods:
    deps[m] &= set(mods)
    deps[m].discard(m)
    print(f"{m:8} -> {' '.join(sorted(deps[m]))}")
for a in mods:
    for b in deps[a]:
        if a < b and a in deps.get(b, set()):
            cycles.append((a, b))
print("cycles:", cycles or "none")
sys.exit(1 if cycles else 0)
