"""Rebuild the extracted part of programmes/synthetic_vocabulary.py from the source texts.

seed_synthetic writes text made of the real catalogue's own sentences and document titles,
so that search, stemming and snippet lengths behave as they will with real content. The
source texts are not needed at run time: this script copies what it needs into the module,
between the ``# BEGIN EXTRACTED`` and ``# END EXTRACTED`` markers.

    python bench/build_vocabulary.py [SOURCE_DIR]

SOURCE_DIR defaults to fixtures/sources/ (or ../shared/seeds/ when that does not exist).
"""

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MODULE = ROOT / "programmes" / "synthetic_vocabulary.py"
DANISH_FILES = {"004_8f4f0f8f5781a9ad.txt"}

NOISE = re.compile(
    r"@|https?:|www\.|\.pdf|\.se\b|\.dk\b|\d{3}|\d \w+ \d|[\[\]_]|Läs mer|Log ind|Transkript"
    r"|Download|Content Editor|Covid|coronavirus|webbplatsen|Klicka här|kontakta oss"
)


def clean(text: str) -> str:
    text = re.sub(r"\s+", " ", text.replace("•", " ").replace("¨", "")).strip()
    return text.strip(" –-")


def sentences(text: str) -> list[str]:
    found = []
    for block in re.split(r"\n\s*\n|\n\s*•", text):
        block = clean(block)
        for sentence in re.split(r"(?<=[.!?])\s+(?=[A-ZÅÄÖÆØ])", block):
            sentence = sentence.strip()
            if (
                40 <= len(sentence) <= 260
                and sentence[0].isupper()
                and sentence[-1] in ".!?"
                and not NOISE.search(sentence)
                and sum(c.isalpha() for c in sentence) / len(sentence) > 0.75
            ):
                found.append(sentence)
    return found


def document_titles(text: str) -> list[str]:
    """Titles of related documents: in the extraction each is followed by a line repeating it."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    titles = []
    for line, following in zip(lines, lines[1:], strict=False):
        if following.startswith(line) and following != line and 12 <= len(line) <= 110:
            title = re.sub(r"[.,]?\s*(\d{4}(-\d{4})?|\d{1,2} \w+ \d{4})\.?$", "", line).strip(" .,")
            if not NOISE.search(title) and len(title) >= 12:
                titles.append(title)
    return titles


def headings(text: str) -> list[str]:
    """Short standalone lines without a full stop: the documents' own headings."""
    return [
        clean(line)
        for line in text.splitlines()
        if 10 <= len(clean(line)) <= 70
        and not clean(line).endswith((".", ":", "?", "!"))
        and clean(line)[:1].isupper()
        and not NOISE.search(line)
    ]


def unique(items):
    return list(dict.fromkeys(items))


def main() -> None:
    if len(sys.argv) > 1:
        source_dir = Path(sys.argv[1])
    elif (ROOT / "fixtures" / "sources").is_dir():
        source_dir = ROOT / "fixtures" / "sources"
    else:
        source_dir = ROOT.parent.parent / "shared" / "seeds"
    files = sorted(source_dir.glob("0*.txt"))
    if not files:
        sys.exit(f"No source texts in {source_dir}")

    swedish, danish, titles_sv, titles_da = [], [], [], []
    for path in files:
        text = path.read_text(encoding="utf-8")
        if path.name in DANISH_FILES:
            danish += sentences(text)
            titles_da += headings(text)
        else:
            swedish += sentences(text)
            titles_sv += document_titles(text) + headings(text)

    lists = {
        "SOURCE_FILES": [p.name for p in files],
        "SENTENCES_SV": unique(swedish),
        "SENTENCES_DA": unique(danish),
        "TITLES_SV": unique(titles_sv),
        "TITLES_DA": unique(titles_da),
    }
    block = "\n".join(
        ["# BEGIN EXTRACTED (bench/build_vocabulary.py rewrites this block)"]
        + [
            f"{name} = [\n" + "".join(f"    {item!r},\n" for item in items) + "]\n"
            for name, items in lists.items()
        ]
        + ["# END EXTRACTED"]
    )
    current = MODULE.read_text(encoding="utf-8")
    updated = re.sub(r"# BEGIN EXTRACTED.*# END EXTRACTED", lambda _: block, current, flags=re.S)
    MODULE.write_text(updated, encoding="utf-8")
    print(
        f"{MODULE.relative_to(ROOT)}: {len(unique(swedish))} Swedish and {len(unique(danish))} "
        f"Danish sentences, {len(unique(titles_sv))} + {len(unique(titles_da))} titles"
    )


if __name__ == "__main__":
    main()
