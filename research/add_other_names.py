#!/usr/bin/env python3
"""Adds the sourced names in research/names.md to content/prisons/<slug>/index.md.

Touches only the `other_names:` line (adding one after `name_cy:` or `name:` if there is
none) and appends each name's source to `sources:`. Idempotent: names and sources already
there are left alone. Usage: python3 research/add_other_names.py [ROOT]
"""
import re
import sys
from pathlib import Path

DATE = "2026-12-02"
# slug -> [(name, source title, source url)], as in research/names.md
NAMES = {
    "leeds": [("Armley", "HM Prison Leeds (Wikipedia)", "https://en.wikipedia.org/wiki/HM_Prison_Leeds"),
              ("Armley Gaol", "HM Prison Leeds (Wikipedia)", "https://en.wikipedia.org/wiki/HM_Prison_Leeds")],
    "manchester": [("Strangeways", "HM Prison Manchester (copy of the Wikipedia article)",
                    "https://review.clateway.com/wiki/view_html.php?q=HM_Prison_Manchester")],
    "liverpool": [("Walton", "HM Prison Liverpool (Wikipedia)", "https://en.wikipedia.org/wiki/HM_Prison_Liverpool"),
                  ("Walton Gaol", "HM Prison Liverpool (Wikipedia)", "https://en.wikipedia.org/wiki/HM_Prison_Liverpool")],
    "wormwood-scrubs": [("The Scrubs", "HM Prison Wormwood Scrubs (Wikipedia)",
                         "https://en.wikipedia.org/wiki/HM_Prison_Wormwood_Scrubs")],
    "humber": [(n, "HMP Humber: significant challenges ahead (HM Inspectorate of Prisons, 2015)",
                "https://www.justiceinspectorates.gov.uk/hmiprisons/media/press-releases/2015/11/hmp-humber-significant-challenges-ahead/")
               for n in ("Everthorpe", "Wolds")],
    "isle-of-wight": [(n, "General information, HMP Isle of Wight (Doing Time)",
                       "https://doingtime.co.uk/hmp-isle-of-wight/general-information-isle-of-wight")
                      for n in ("Parkhurst", "Albany")],
    "hewell": [(n, "HM Prison Hewell (Wikipedia)", "https://en.wikipedia.org/wiki/HM_Prison_Hewell")
               for n in ("Blakenhurst", "Tardebigge")],
    "dartmoor": [("Princetown", "HMP Dartmoor (Choices)", "https://choiceshelpsfamilies.org.uk/hmp-dartmoor-prison/")],
    "guys-marsh": [("Shaftesbury", "Violent prison deteriorates further, report says (BBC News)",
                    "https://feeds.bbci.co.uk/news/articles/cj0zyp337zqo")],
    "high-down": [("Banstead", "HMP High Down: deterioration in key areas (HM Inspectorate of Prisons, 2018)",
                   "https://www.justiceinspectorates.gov.uk/hmiprisons/media/press-releases/2018/09/hmp-high-down-deterioration-in-key-areas-due-to-uncertain-future-and-planning-blight/")],
    "berwyn": [("Wrecsam", "Enwi carchar newydd Wrecsam (Golwg360)",
                "https://golwg360.cymru/newyddion/cymru/215290-enwi-carchar-newydd-wrecsam")],
    "parc": [("Pen-y-bont ar Ogwr", "Carchar y Parc (Wicipedia)",
              "https://cy.wikipedia.org/wiki/Carchar_y_Parc")],
    "parc-yoi": [("Pen-y-bont ar Ogwr", "Carchar y Parc (Wicipedia)",
                  "https://cy.wikipedia.org/wiki/Carchar_y_Parc")],
    "prescoed": [("Pont-y-pŵl", "Pontypool (Welsh Icons)", "https://welshicons.org/wici/html/pontypool.php")],
}


def yaml_list(names):
    return "[" + ", ".join(n if re.fullmatch(r"[\w\- ŵ]+", n) else '"' + n + '"' for n in names) + "]"


def apply(path, additions):
    text = path.read_text(encoding="utf-8")
    head, sep, body = text.partition("\n---\n")
    lines = head.split("\n")
    existing = []
    at = None
    for i, line in enumerate(lines):
        m = re.match(r"other_names:\s*\[(.*)\]\s*$", line)
        if m:
            at = i
            existing = [n.strip().strip('"\'') for n in m.group(1).split(",") if n.strip()]
    names = existing + [n for n, _, _ in additions if n not in existing]
    if at is None:
        after = max(i for i, l in enumerate(lines) if re.match(r"(name|name_cy):", l))
        lines.insert(after + 1, "other_names: " + yaml_list(names))
    else:
        lines[at] = "other_names: " + yaml_list(names)
    head = "\n".join(lines)
    try:
        start = head.index("\nsources:\n")
    except ValueError:
        raise SystemExit(f"{path}: no sources: list")
    end = start + len("\nsources:\n")
    while end < len(head) and head[end] in " -":
        nl = head.find("\n", end)
        end = len(head) if nl == -1 else nl + 1
    added = ""
    for _, title, url in additions:
        if url in head or url in added:
            continue
        added += f"  - title: \"{title}\"\n    url: {url}\n    date: {DATE}\n"
    if added:
        tail = head[end:]
        block = head[:end]
        if not block.endswith("\n"):
            block += "\n"
        head = block + added + tail
        head = head.rstrip("\n")
    path.write_text(head + sep + body, encoding="utf-8")


root = Path(sys.argv[1] if len(sys.argv) > 1 else ".")
for slug, additions in NAMES.items():
    apply(root / "content" / "prisons" / slug / "index.md", additions)
print(f"updated {len(NAMES)} prisons")
