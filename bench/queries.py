"""The benchmark's fixed queries, each with its ground truth as a pandas scan of the table.

The scan works on normalised copies of the columns (computed once, untimed), with the
semantics the query language documents: a plain word is a substring of name, company, product,
purpose or role, or a prefix of a filing-number word; Latin aliases add their entities; fields
test one column. Its time per query is the baseline the index is compared with.
"""

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from index.aliases import Aliases
from index.rows import SEP
from index.schema import TEXT_FIELDS, filing_words, normalize_filing_no, normalize_text

Mask = pd.Series


class Scan:
    """Normalised columns of a table and the predicates the ground truths are built from."""

    def __init__(self, table: pd.DataFrame, aliases: Aliases) -> None:
        self.aliases = aliases
        norm = {col: table[col].map(normalize_text) for col in TEXT_FIELDS}
        filing = table["filing_no"].map(normalize_filing_no)
        norm["filing"] = filing
        norm["words"] = filing.map(lambda no: SEP + SEP.join(filing_words(no)))
        for col in ("list_type", "batch", "filing_year", "status"):
            norm[col] = table[col].map(normalize_text)
        province = table["province"].where(table["province"] != "", table["jurisdiction"])
        norm["province"] = province.map(normalize_text)
        self.t = pd.DataFrame(norm).astype("str")  # pyarrow-backed strings, as pandas 3 uses

    def has(self, text: str, *fields: str) -> Mask:
        """`text` in any of `fields` (default: every plain-search field)."""
        text = normalize_text(text)
        masks = [self.t[f].str.contains(text, regex=False) for f in fields or TEXT_FIELDS]
        if not fields:
            masks.append(self.t["words"].str.contains(SEP + text, regex=False))
        return pd.concat(masks, axis=1).any(axis=1)

    def alias(self, name: str) -> Mask:
        return self.t["company"].isin(self.aliases.entities(name))

    def word(self, text: str) -> Mask:
        """A plain word: substring, plus the alias's entities for a Latin-script alias."""
        mask = self.has(text)
        return mask | self.alias(text) if text.isascii() else mask

    def filing(self, prefix: str) -> Mask:
        return self.t["filing"].str.startswith(normalize_filing_no(prefix))

    def eq(self, column: str, value: str) -> Mask:
        return self.t[column] == value

    def starts(self, column: str, value: str) -> Mask:
        return self.t[column].str.startswith(value)

    def within(self, column: str, value: str) -> Mask:
        return self.t[column].str.contains(value, regex=False)


@dataclass(frozen=True)
class Case:
    """A benchmark query and its ground truth."""

    kind: str
    query: str
    truth: Callable[[Scan], Mask]


def _words(kind: str, *queries: str) -> list[Case]:
    return [Case(kind, q, lambda s, q=q: s.word(q)) for q in queries]


def cases(table: pd.DataFrame) -> list[Case]:
    """At least 50 realistic queries; filing numbers are taken from the table itself."""
    algo = table.loc[table["filing_no"].str.startswith("网信算备"), "filing_no"].iloc[0]
    genai = table.loc[table["list_type"] == "genai_filed", "filing_no"].iloc[0]
    return [
        *_words("company", "字节", "字节跳动", "百度", "腾讯", "阿里巴巴", "阿里云", "快手",
                "美团", "科大讯飞", "商汤", "京东", "网易", "小米", "华为", "智谱", "月之暗面",
                "稀宇", "深度求索", "北京三快在线", "深圳市腾讯计算机系统有限公司", "杭州",
                "有限公司", "科技"),
        *_words("product", "抖音", "豆包", "剪映", "文心一言", "通义千问", "微信", "淘宝",
                "可灵", "讯飞星火", "海螺AI", "ChatGLM", "glm", "APP"),
        *_words("algorithm", "人脸", "人脸融合", "数字人", "语音合成", "图像生成", "推荐",
                "个性化推荐", "智能客服", "声音克隆", "生成", "人", "推送"),
        *_words("alias", "ByteDance", "bytedance", "Baidu", "Tencent", "Alibaba", "PDD",
                "iFlytek", "SenseTime", "DeepSeek"),
        Case("alias", "Ant Group", lambda s: s.has("ant group") | s.alias("ant group")),
        Case("alias", "company:字节", lambda s: s.has("字节", "company") | s.alias("字节")),
        Case("alias", "company:蚂蚁", lambda s: s.has("蚂蚁", "company") | s.alias("蚂蚁")),
        Case("fielded", "人脸 year:2024", lambda s: s.word("人脸") & s.eq("filing_year", "2024")),
        Case("fielded", "province:浙江 语音合成",
             lambda s: s.within("province", "浙江") & s.word("语音合成")),
        Case("fielded", "type:genai", lambda s: s.starts("list_type", "genai")),
        Case("fielded", "type:algorithm 推荐 batch:2024",
             lambda s: s.eq("list_type", "algorithm") & s.word("推荐") & s.starts("batch", "2024")),
        Case("fielded", "status:cancelled", lambda s: s.eq("status", "cancelled")),
        Case("fielded", "batch:2025-06", lambda s: s.starts("batch", "2025-06")),
        Case("fielded", "role:技术支持者 数字人",
             lambda s: s.has("技术支持者", "role") & s.word("数字人")),
        Case("fielded", "province:beijing type:genai",
             lambda s: s.within("province", "北京") & s.starts("list_type", "genai")),
        Case("fielded", "company:科技 name:数字人",
             lambda s: s.has("科技", "company") & s.has("数字人", "name")),
        Case("fielded", "category:个性化", lambda s: s.has("个性化", "category")),
        Case("fielded", "scenario:手机", lambda s: s.has("手机", "scenario")),
        Case("filing", algo, lambda s: s.filing(algo)),
        Case("filing", algo[:14], lambda s: s.filing(algo[:14])),
        Case("filing", "网信算备110108", lambda s: s.filing("网信算备110108")),
        Case("filing", "网信算备3301", lambda s: s.filing("网信算备3301")),
        Case("filing", genai, lambda s: s.filing(genai)),
        Case("filing", "Zhejiang-", lambda s: s.word("Zhejiang-")),
        Case("boolean", "字节 OR 百度", lambda s: s.word("字节") | s.word("百度")),
        Case("boolean", "语音合成 NOT 讯飞", lambda s: s.word("语音合成") & ~s.word("讯飞")),
        Case("boolean", "(抖音 OR 快手) 推荐",
             lambda s: (s.word("抖音") | s.word("快手")) & s.word("推荐")),
    ]  # fmt: skip
