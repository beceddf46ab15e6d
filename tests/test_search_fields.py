"""Every field of the query language, facets, sorting, highlights, aliases and jieba ranking."""

from pathlib import Path

import pandas as pd
import pytest

from crawler.constants import TABLE_COLUMNS
from index import rank
from index.aliases import ALIASES_ENV
from index.build import build_index
from index.search import find, search

DERIVED = {"status": "active", "province": "", "filing_year": ""}
ROWS = [
    {
        "list_type": "deep_synthesis", "batch": "2023-06", "seq": "1", "name": "数字人民币算法",
        "role": "服务提供者", "company": "中国工商银行股份有限公司", "product": "工银融e联",
        "purpose": "用于数字人民币钱包", "filing_no": "网信算备110102000000101230001号",
        "province": "北京市", "filing_year": "2023", "status": "cancelled",
    },
    {
        "list_type": "deep_synthesis", "batch": "2024-04", "seq": "1", "name": "数字人播报算法",
        "role": "服务提供者", "company": "北京抖音信息服务有限公司", "product": "抖音",
        "purpose": "用于数字人新闻播报", "filing_no": "网信算备110105000000201240001号",
        "province": "北京市", "filing_year": "2024",
    },
    {
        "list_type": "algorithm", "batch": "2022-08", "seq": "1", "name": "淘宝商品推荐算法",
        "category": "个性化推送类", "company": "浙江淘宝网络有限公司", "product": "淘宝",
        "purpose": "根据浏览行为推荐商品", "filing_no": "网信算备330110000000301220001号",
        "province": "浙江省", "filing_year": "2022",
    },
    {
        "list_type": "genai_filed", "batch": "2024-04", "seq": "1", "name": "通义千问",
        "company": "阿里云计算有限公司", "filing_no": "Zhejiang-TongYi-20231018",
        "filing_date": "2023-10-18", "jurisdiction": "浙江省", "filing_year": "2023",
    },
    {
        "list_type": "genai_registered", "batch": "2024-08", "seq": "1", "name": "智能客服助手",
        "company": "上海某某网络科技有限公司", "filing_no": "Shanghai-KeFu-20240915S0001",
        "filing_date": "2024-09-15", "jurisdiction": "上海市", "province": "上海市",
        "filing_year": "2024",
    },
    {
        "list_type": "cancellation", "batch": "2026-03", "seq": "1", "name": "图像生成算法",
        "category": "生成合成类", "company": "上海商汤智能科技有限公司",
        "filing_no": "网信算备310104000000401230011号", "province": "上海市", "filing_year": "2023",
        "status": "cancelled",
    },
    {
        "list_type": "deep_synthesis", "batch": "2024-04", "seq": "2", "name": "剪映人脸融合算法",
        "role": "服务技术支持者", "company": "深圳市脸萌科技有限公司", "product": "剪映",
        "purpose": "将人脸图像与模板融合", "filing_no": "网信算备440305000000501240002号",
        "province": "广东省", "filing_year": "2024",
    },
    {
        "list_type": "genai_filed", "batch": "2026-08", "seq": "1", "name": "Apple智能",
        "company": "苹果技术开发（上海）有限公司", "scenario": "苹果手机",
        "filing_no": "Shanghai-AppleZhiNeng-202506160057", "filing_date": "2026-05-01",
        "filing_date_note": "补登", "jurisdiction": "上海市", "province": "上海市",
        "filing_year": "2025",
    },
]  # fmt: skip
BANK, ANCHOR, TAOBAO, TONGYI, KEFU, IMAGE, JIANYING, APPLE = (row["name"] for row in ROWS)


def table(rows: list[dict[str, str]] = ROWS) -> pd.DataFrame:
    """Every TABLE_COLUMN, as the dataset step writes it."""
    records = [[{**DERIVED, **row}.get(col, "") for col in TABLE_COLUMNS] for row in rows]
    return pd.DataFrame(records, columns=list(TABLE_COLUMNS))


@pytest.fixture(scope="module")
def ix_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("fields") / "index"
    build_index(table(), path)
    return path


def hits(ix_dir: Path, query: str) -> list[str]:
    """Names found, in table order."""
    found = set(search(ix_dir, query)["name"])
    return [row["name"] for row in ROWS if row["name"] in found]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("province:北京市", [BANK, ANCHOR]),
        ("province:北京", [BANK, ANCHOR]),
        ("province:beijing", [BANK, ANCHOR]),
        ("province:浙江", [TAOBAO, TONGYI]),  # 通义千问 has only 属地 (jurisdiction)
        ("province:广", [JIANYING]),
        ("province:上海市", [KEFU, IMAGE, APPLE]),
        ("province:天津", []),
        ("year:2024", [ANCHOR, KEFU, JIANYING]),
        ("year:2023", [BANK, TONGYI, IMAGE]),
        ("year:24", []),
        ("status:cancelled", [BANK, IMAGE]),
        ("status:注销", [BANK, IMAGE]),
        ("status:active", [ANCHOR, TAOBAO, TONGYI, KEFU, JIANYING, APPLE]),
        ("batch:2024-04", [ANCHOR, TONGYI, JIANYING]),
        ("batch:2024", [ANCHOR, TONGYI, KEFU, JIANYING]),
        ("batch:2024-4", []),
        ("type:deep_synthesis", [BANK, ANCHOR, JIANYING]),
        ("type:深度合成", [BANK, ANCHOR, JIANYING]),
        ("type:genai", [TONGYI, KEFU, APPLE]),
        ("type:生成式", [TONGYI, KEFU, APPLE]),
        ("type:已登记", [KEFU]),
        ("type:cancellation", [IMAGE]),
        ("role:技术支持者", [JIANYING]),
        ("role:提供者", [BANK, ANCHOR]),
        ("category:个性化", [TAOBAO]),
        ("category:推送类", [TAOBAO]),
        ("category:生成合成类", [IMAGE]),
        ("category:类", [TAOBAO, IMAGE]),
        ("category:推荐", []),  # in the name of the 个性化推送类 row, not in its category
        ("name:推送", []),
        ("scenario:手机", [APPLE]),
        ("scenario:苹果", [APPLE]),
        ("scenario:技术", []),  # in the company of the on-device row
        ("company:苹果", [APPLE]),
        ("company:淘宝", [TAOBAO]),
        ("company:有限公司 province:上海", [KEFU, IMAGE, APPLE]),
        ("name:数字人", [BANK, ANCHOR]),
        ("product:剪映", [JIANYING]),
        ("product:数字人", []),
        ("purpose:播报", [ANCHOR]),
        ("filing:网信算备11", [BANK, ANCHOR]),
        ("no:shanghai-kefu", [KEFU]),
        ("数字人 year:2024", [ANCHOR]),
        ("province:北京 NOT status:cancelled", [ANCHOR]),
        ("province:北京 -status:cancelled", [ANCHOR]),
        ("type:genai OR status:cancelled", [BANK, TONGYI, KEFU, IMAGE, APPLE]),
        ("(淘宝 OR 剪映) 推荐", [TAOBAO]),
        ("year:2024 (province:上海 OR province:广东)", [KEFU, JIANYING]),
        ("Company:淘宝", [TAOBAO]),
        ("company：淘宝", [TAOBAO]),
        ("company: 淘宝", [TAOBAO]),
    ],
)
def test_fields_hit_exactly(ix_dir: Path, query: str, expected: list[str]) -> None:
    assert hits(ix_dir, query) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("推送", [TAOBAO]),
        ("个性化推送类", [TAOBAO]),
        ("生成合成", [IMAGE]),
        ("合成类", [IMAGE]),
        ("手机", [APPLE]),
        ("苹果手机", [APPLE]),
        ("推送 OR 手机", [TAOBAO, APPLE]),
        ("类 -推送", [IMAGE]),
        ("推送 淘宝", [TAOBAO]),
        ("推送 商汤", []),
    ],
)
def test_plain_words_find_what_only_a_category_or_scenario_holds(
    ix_dir: Path, query: str, expected: list[str]
) -> None:
    assert hits(ix_dir, query) == expected


def test_category_facet_follows_the_query(ix_dir: Path) -> None:
    facets = find(ix_dir, "type:algorithm OR type:cancellation", facets=("category",)).facets
    assert facets == {"category": {"个性化推送类": 1, "生成合成类": 1}}
    assert find(ix_dir, "category:个性化", facets=("category",)).facets == {
        "category": {"个性化推送类": 1}
    }


def test_rows_carry_scenario_and_the_filing_date_note(ix_dir: Path) -> None:
    [row] = find(ix_dir, "scenario:手机").rows.to_dict("records")
    assert (row["name"], row["scenario"], row["filing_date"], row["filing_date_note"]) == (
        APPLE,
        "苹果手机",
        "2026-05-01",
        "补登",
    )
    assert set(row) == {*TABLE_COLUMNS, "row_key", "score"}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("ByteDance", [ANCHOR, JIANYING]),
        ("bytedance", [ANCHOR, JIANYING]),
        ("BYTEDANCE 人脸", [JIANYING]),
        ("company:ByteDance", [ANCHOR, JIANYING]),
        ("company:字节", [ANCHOR, JIANYING]),
        ("字节", []),  # a plain Chinese word keeps its literal meaning: no row contains 字节
        ("Alibaba", [TAOBAO, TONGYI]),
        ("Alibaba Cloud", [TONGYI]),
        ('"alibaba cloud"', [TONGYI]),
        ("SenseTime", [IMAGE]),
        ("Tencent", []),
        ("name:ByteDance", []),
    ],
)
def test_aliases_find_the_entities_of_a_group(
    ix_dir: Path, query: str, expected: list[str]
) -> None:
    assert hits(ix_dir, query) == expected


def test_company_option_expands_aliases_too(ix_dir: Path) -> None:
    assert set(search(ix_dir, "", company="ByteDance")["name"]) == {ANCHOR, JIANYING}


def test_result_names_the_aliases_it_used(ix_dir: Path) -> None:
    result = find(ix_dir, "ByteDance 人脸")
    assert "深圳市脸萌科技有限公司" in result.aliases["ByteDance"]
    assert find(ix_dir, "人脸").aliases == {}


def test_user_alias_file_adds_aliases(
    ix_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    extra = tmp_path / "mine.csv"
    extra.write_text("alias,entity\nFaceU,深圳市脸萌科技有限公司\n# note,ignored\n", "utf-8")
    assert hits(ix_dir, "faceu") == []
    assert find(ix_dir, "FaceU", aliases=extra).rows["name"].tolist() == [JIANYING]
    monkeypatch.setenv(ALIASES_ENV, str(extra))
    assert hits(ix_dir, "faceu") == [JIANYING]


def test_bad_alias_file_is_reported(ix_dir: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("name,company\nX,Y\n", "utf-8")
    with pytest.raises(ValueError, match="alias,entity"):
        find(ix_dir, "x", aliases=bad)


def test_facets_count_every_match(ix_dir: Path) -> None:
    result = find(ix_dir, "", limit=1)
    assert result.total == len(ROWS)
    assert result.facets == {
        "list_type": {
            "deep_synthesis": 3, "genai_filed": 2, "algorithm": 1, "cancellation": 1,
            "genai_registered": 1,
        },
        "role": {"": 5, "服务提供者": 2, "服务技术支持者": 1},
        "category": {"": 6, "个性化推送类": 1, "生成合成类": 1},
        "province": {"上海市": 3, "北京市": 2, "浙江省": 2, "广东省": 1},
        "batch": {
            "2024-04": 3, "2022-08": 1, "2023-06": 1, "2024-08": 1, "2026-03": 1, "2026-08": 1,
        },
    }  # fmt: skip
    for counts in result.facets.values():
        assert sum(counts.values()) == result.total


def test_facets_follow_the_query(ix_dir: Path) -> None:
    result = find(ix_dir, "数字人", facets=("list_type", "province", "filing_year", "status"))
    assert result.facets == {
        "list_type": {"deep_synthesis": 2},
        "province": {"北京市": 2},
        "filing_year": {"2023": 1, "2024": 1},
        "status": {"active": 1, "cancelled": 1},
    }
    assert find(ix_dir, "潜水艇").facets["batch"] == {}


def test_sort_by_date_is_batch_then_filing_date(ix_dir: Path) -> None:
    newest = find(ix_dir, "", sort="date").rows["name"].tolist()
    assert newest == [APPLE, IMAGE, KEFU, TONGYI, ANCHOR, JIANYING, BANK, TAOBAO]
    oldest = find(ix_dir, "", sort="date_asc").rows["name"].tolist()
    assert oldest == [TAOBAO, BANK, ANCHOR, JIANYING, TONGYI, KEFU, IMAGE, APPLE]


def test_date_sort_still_scores_the_page(ix_dir: Path) -> None:
    rows = find(ix_dir, "数字人", sort="date").rows
    assert rows["name"].tolist() == [ANCHOR, BANK]
    assert (rows["score"] > 0).all()


def test_jieba_words_rank_digital_humans_above_digital_rmb(
    ix_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """数字人 is a substring of 数字人民币 (recall keeps both); jieba says which is the word."""
    assert search(ix_dir, "数字人")["name"].tolist() == [ANCHOR, BANK]
    monkeypatch.setattr(rank, "WORD_BONUS", 0.0)
    assert search(ix_dir, "数字人")["name"].tolist() == [BANK, ANCHOR]  # a tie: table order


def test_highlights_mark_the_matched_substrings(ix_dir: Path) -> None:
    result = find(ix_dir, "数字人 year:2024")
    assert result.highlights() == [
        {"name": "<mark>数字人</mark>播报算法", "purpose": "用于<mark>数字人</mark>新闻播报"}
    ]
    assert result.highlights("[", "]")[0]["name"] == "[数字人]播报算法"


def test_highlights_mark_latin_filing_and_alias_matches(ix_dir: Path) -> None:
    [marks] = find(ix_dir, "no:Zhejiang-Tong").highlights("[", "]")
    assert marks == {"filing_no": "[Zhejiang-Tong]Yi-20231018"}
    marks = find(ix_dir, "ByteDance 剪映").highlights("[", "]")[0]
    assert marks["company"] == "[深圳市脸萌科技有限公司]"
    assert marks["product"] == "[剪映]"


def test_highlights_mark_category_and_scenario_matches(ix_dir: Path) -> None:
    assert find(ix_dir, "推送").highlights("[", "]") == [{"category": "个性化[推送]类"}]
    assert find(ix_dir, "scenario:手机").highlights("[", "]") == [{"scenario": "苹果[手机]"}]


def test_highlighted_frame_replaces_matched_cells(ix_dir: Path) -> None:
    frame = find(ix_dir, "淘宝").highlighted("*", "*")
    assert frame.loc[0, ["name", "company", "product"]].tolist() == [
        "*淘宝*商品推荐算法",
        "浙江*淘宝*网络有限公司",
        "*淘宝*",
    ]
    assert frame.loc[0, "purpose"] == "根据浏览行为推荐商品"


@pytest.mark.parametrize(
    ("query", "expected", "message"),
    [
        ("(数字人", [BANK, ANCHOR], "Left out “(”: a parenthesis is not closed."),
        (
            '数字人 "播报',
            [ANCHOR],
            "Could not read the query (a quote is not closed). Searched for the plain words: "
            "数字人 播报",
        ),
        ("数字人)", [BANK, ANCHOR], "Left out “)”: a closing parenthesis has no opening one."),
        ("淘宝 name:", [TAOBAO], "Left out “name:”: the field has no value."),
    ],
)
def test_malformed_query_is_repaired_and_says_how(
    ix_dir: Path, query: str, expected: list[str], message: str
) -> None:
    result = find(ix_dir, query)
    assert hits(ix_dir, query) == expected
    assert result.message == message


@pytest.mark.parametrize("query", ["company:(", "OR AND NOT", ")(*&^%", '""', "NOT", "a AND", "()"])
def test_malformed_queries_never_raise(ix_dir: Path, query: str) -> None:
    result = find(ix_dir, query)
    assert list(result.rows.columns)[-2:] == ["row_key", "score"]


def test_well_formed_query_has_no_message(ix_dir: Path) -> None:
    assert find(ix_dir, "数字人 OR (淘宝 NOT 剪映)").message is None


@pytest.mark.parametrize(("sort", "facets"), [("newest", ("batch",)), ("date", ("colour",))])
def test_bad_sort_or_facet_is_a_programming_error(ix_dir: Path, sort: str, facets: tuple) -> None:
    with pytest.raises(ValueError, match=r"^(sort must be|no facet)"):
        find(ix_dir, "", sort=sort, facets=facets)  # type: ignore[arg-type]
