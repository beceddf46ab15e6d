"""What a document says about its rows besides their cells: title, family, sections, batch.

A list's type is read from the document itself (crawler/families.py holds what tells the
families apart). Precedence, per row:

1. the table's header row names the family (角色 deep synthesis, 算法类别 algorithm, 注销时间
   cancellation, 属地 generative AI); without such a cell, the document's title does (the text
   printed above its first table: 境内深度合成服务算法备案清单（2023年6月）). A title naming a
   cancellation beats a deep-synthesis or algorithm header, whose columns cancellation lists reuse.
2. in a generative-AI document the latest of the header row (应用/功能名称, 登记单位, 上线编号…
   say registered; 模型名称, 备案号… say filed) and the section title printed above the table
   (已备案 / 已登记 / 端侧) decides, so an embedded 已登记 header row beats an earlier title. A
   line naming both sections (…已备案和已登记信息, the document's title) decides nothing.
3. only when neither says, a generative-AI filing number does: `…YYYYMMDDSnnnn` is registered.

The batch is the month the document's title names (…（2025年8月） -> 2025-08), else ''.
"""

from dataclasses import dataclass, field
from typing import Final

from crawler.families import (
    Family,
    family_of,
    family_of_header,
    genai_list_type_of_header,
    genai_list_type_of_number,
    genai_list_type_of_section,
    single_list_type,
)
from crawler.notices import batch_month
from crawler.parsers.headers import normalize_header

BOTH_SECTIONS: Final = ("已备案", "已登记")
REUSED_BY_CANCELLATIONS: Final = (None, "deep_synthesis", "algorithm")


def section_type(line: str) -> str | None:
    """The genAI list type a title line names, None when it names none or both sections."""
    if all(marker in line for marker in BOTH_SECTIONS):
        return None
    return genai_list_type_of_section(line)


@dataclass
class DocumentContext:
    """The state of a document read in order: its title, current header and section."""

    title_lines: list[str] = field(default_factory=list)
    header_family: Family | None = None
    genai_type: str | None = None
    in_tables: bool = False

    def caption(self, text: str) -> bool:
        """Take in text printed outside the tables; True when it names a section."""
        named = False
        for line in filter(None, (line.strip() for line in text.splitlines())):
            if not self.in_tables:
                self.title_lines.append(line)
            found = section_type(line)
            if found:
                self.genai_type, named = found, True
        return named

    def header(self, cells: list[str]) -> None:
        """Take in a header row: the family and genAI list type its cells name."""
        normalized = [normalize_header(cell) for cell in cells]
        self.in_tables = True
        self.header_family = family_of_header(normalized)
        self.genai_type = genai_list_type_of_header(normalized) or self.genai_type

    @property
    def title_family(self) -> Family | None:
        """The family the first title line naming one belongs to."""
        return next(filter(None, map(family_of, self.title_lines)), None)

    @property
    def family(self) -> Family | None:
        """The family of the rows under the current header."""
        titled, headed = self.title_family, self.header_family
        header_key = headed.key if headed else None
        if titled and titled.key == "cancellation" and header_key in REUSED_BY_CANCELLATIONS:
            return titled
        return headed or titled

    @property
    def batch(self) -> str:
        """YYYY-MM of the first title line naming a month, else ''."""
        return next(filter(None, map(batch_month, self.title_lines)), "")

    def list_type(self, filing_no: str) -> str:
        """The list type of a row with this (clean) filing number under the current state."""
        family = self.family
        if family is None:
            return ""
        if single := single_list_type(family.key):
            return single
        return self.genai_type or genai_list_type_of_number(filing_no) or ""
