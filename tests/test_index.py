"""Analysis, build and plain search: exact hits and non-hits over a small literal table."""

import dataclasses
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from crawler.constants import COLUMNS, TABLE_COLUMNS
from index.build import build_index, open_index
from index.rank import word_pattern
from index.rows import (
    ROWS_FILE,
    SHOWN_COLUMNS,
    SLICED_ROWS,
    RowStore,
    contains,
    open_rows,
    segment,
)
from index.schema import Gram, filing_words, normalize_text, query_grams, text_grams
from index.search import RESULT_COLUMNS, IndexMissingError, SearchResult, find, search

BYTEDANCE = "北京字节跳动科技有限公司"
BAIDU = "北京百度网讯科技有限公司"
ROWS = [
    {
        "list_type": "deep_synthesis",
        "batch": "1",
        "seq": "1",
        "name": "人脸融合算法",
        "role": "服务提供者",
        "company": BYTEDANCE,
        "product": "抖音",
        "purpose": "用于视频特效中的人脸替换",
        "filing_no": "网信算备110108823483901230031号",
        "notice_url": "https://www.cac.gov.cn/2023-06/20/c_1688910683316256.htm",
    },
    {
        "list_type": "deep_synthesis",
        "batch": "1",
        "seq": "2",
        "name": "语音合成算法",
        "role": "服务技术支持者",
        "company": BAIDU,
        "product": "百度APP",
        "purpose": "根据文本生成语音",
        "filing_no": "网信算备110108000000101230002号",
    },
    {
        "list_type": "algorithm",
        "batch": "2022-08",
        "seq": "7",
        "name": "抖音个性化推荐算法",
        "category": "个性化推送类",
        "company": "北京微播视界科技有限公司",
        "product": "抖音",
        "purpose": "推荐视频",
        "filing_no": "网信算备110108123456701220007号",
    },
    {
        "list_type": "genai_filed",
        "batch": "2024-04",
        "seq": "1",
        "name": "DeepSeek Chat",
        "company": "杭州深度求索人工智能基础技术研究有限公司",
        "filing_no": "Zhejiang-DeepSeek-20240101",
        "filing_date": "2024-01-01",
        "jurisdiction": "浙江",
    },
    {
        "list_type": "genai_registered",
        "batch": "2024-08",
        "seq": "3",
        "name": "文心一言 ERNIE Bot",
        "company": BAIDU,
        "filing_no": "Beijing-WenXin-20230831",
        "jurisdiction": "北京",
    },
    {
        "list_type": "cancellation",
        "batch": "2026-03",
        "seq": "1",
        "name": "图像生成算法",
        "company": "上海某某网络科技有限公司",
        "filing_no": "网信算备310115111111101240011号",
    },
]


def make_table(rows: list[dict[str, str]] = ROWS) -> pd.DataFrame:
    """A table with exactly COLUMNS, all str, as the parsers produce it."""
    records = [[row.get(col, "") for col in COLUMNS] for row in rows]
    return pd.DataFrame(records, columns=list(COLUMNS))


@pytest.fixture(scope="module")
def ix_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("data") / "index"
    assert build_index(make_table(), path) == len(ROWS)
    return path


def names(frame: pd.DataFrame) -> list[str]:
    return frame["name"].tolist()


def test_text_is_folded_for_width_case_and_space() -> None:
    assert normalize_text(" ＡＩ  合成\n算法 ") == "ai 合成 算法"
    assert normalize_text("DeepSeek（深度求索）") == "deepseek(深度求索)"


def test_index_terms_are_cjk_bigrams_and_latin_suffixes() -> None:
    assert list(text_grams("人脸AI")) == ["人脸", "ai", "i"]
    assert list(text_grams("字节跳动")) == ["字节", "节跳", "跳动"]
    assert list(text_grams("抖音 版")) == ["抖音", "版"]


def test_query_needs_every_bigram_and_latin_runs_as_prefixes() -> None:
    assert query_grams("字节跳动") == [
        Gram("字节", False),
        Gram("节跳", False),
        Gram("跳动", False),
    ]
    assert query_grams("百度app") == [Gram("百度", False), Gram("app", True)]
    assert query_grams("人") == []


def test_filing_number_words_are_whole_number_and_runs() -> None:
    assert filing_words("网信算备110108823483901230031号") == [
        "网信算备110108823483901230031号",
        "网信算备",
        "110108823483901230031",
        "号",
    ]
    assert filing_words("beijing-yunque-20230829") == [
        "beijing-yunque-20230829",
        "beijing",
        "yunque",
        "20230829",
    ]


def test_jieba_words_tell_a_word_from_a_substring() -> None:
    assert segment("数字人播报算法") == "|数字|人|播报|算法|"
    assert segment("数字人民币算法") == "|数字|人民币|算法|"
    pattern = word_pattern("数字人")
    assert pattern.search(segment("数字人播报算法"))
    assert pattern.search("|虚拟|数字人|")
    assert not pattern.search(segment("数字人民币算法"))
    assert word_pattern("字节").search(segment("北京字节跳动科技有限公司"))
    assert not word_pattern("人民").search(segment("数字人民币算法"))


def test_contains_tests_rows_by_position() -> None:
    hay = ["字节跳动", "百度", "抖音字节", "快手"]
    assert contains(hay, "字节", None).tolist() == [True, False, True, False]
    assert contains(hay, "字节", np.array([2, 3])).tolist() == [True, False]
    assert contains(hay * 10, "百度", np.array([1])).tolist() == [True]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("字节", ["人脸融合算法"]),
        ("跳动", ["人脸融合算法"]),
        ("节跳", ["人脸融合算法"]),
        ("人脸", ["人脸融合算法"]),
        ("人脸融合", ["人脸融合算法"]),
        ("合成", ["语音合成算法"]),
        ("百度", ["语音合成算法", "文心一言 ERNIE Bot"]),
        ("字节 人脸", ["人脸融合算法"]),
        ("name:人脸", ["人脸融合算法"]),
        ('"人脸融合算法"', ["人脸融合算法"]),
        ("视界", ["抖音个性化推荐算法"]),
        ("求索人工", ["DeepSeek Chat"]),
        ("图", ["图像生成算法"]),
        ("服务技术支持者", ["语音合成算法"]),
        ("推送类", ["抖音个性化推荐算法"]),
        ("category:个性化", ["抖音个性化推荐算法"]),
    ],
)
def test_chinese_substrings_hit_exactly(ix_dir: Path, query: str, expected: list[str]) -> None:
    assert sorted(names(search(ix_dir, query))) == sorted(expected)


def test_product_hits_every_row_with_it(ix_dir: Path) -> None:
    assert sorted(names(search(ix_dir, "抖音"))) == ["人脸融合算法", "抖音个性化推荐算法"]


@pytest.mark.parametrize(
    "query",
    [
        "字动",
        "融合人脸",
        "字节 语音",
        "name:字节",
        "人脸 百度",
        "跳动科技集团",
        "科技-有限",
        "技-有",
        "company:(",
        "潜水艇",
        "节跳科",
    ],
)
def test_non_adjacent_or_absent_strings_miss(ix_dir: Path, query: str) -> None:
    assert names(search(ix_dir, query)) == []


def test_byte_does_not_find_baidu(ix_dir: Path) -> None:
    assert BAIDU not in search(ix_dir, "字节")["company"].tolist()
    assert "语音合成算法" not in names(search(ix_dir, "人脸"))


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("网信算备110108", ["人脸融合算法", "语音合成算法", "抖音个性化推荐算法"]),
        ("网信算备3101", ["图像生成算法"]),
        ("网信算备110108823483901230031号", ["人脸融合算法"]),
        ("网信算备110108823483901230031", ["人脸融合算法"]),
        ("网信算备 1101０８823483901230031", ["人脸融合算法"]),
        ("Zhejiang-DeepSeek-20240101", ["DeepSeek Chat"]),
        ("zhejiang-deepseek-2024", ["DeepSeek Chat"]),
        ("filing_no:Beijing-WenXin", ["文心一言 ERNIE Bot"]),
        ("filing:beijing", ["文心一言 ERNIE Bot"]),
        ("110108", ["人脸融合算法", "语音合成算法", "抖音个性化推荐算法"]),
        ("wenxin", ["文心一言 ERNIE Bot"]),
        ("20230831", ["文心一言 ERNIE Bot"]),
    ],
)
def test_filing_numbers_match_whole_or_by_prefix(
    ix_dir: Path, query: str, expected: list[str]
) -> None:
    assert sorted(names(search(ix_dir, query))) == sorted(expected)


@pytest.mark.parametrize("query", ["网信算备823483901", "823483901", "filing:110108", "0831"])
def test_filing_number_prefix_must_start_the_number_or_a_run(ix_dir: Path, query: str) -> None:
    assert names(search(ix_dir, query)) == []


@pytest.mark.parametrize(
    "query", ["deepseek", "DEEPSEEK", "DeepSeek", "deep", "ＤｅｅｐＳｅｅｋ", "seek"]
)
def test_latin_words_match_anywhere_ignoring_case(ix_dir: Path, query: str) -> None:
    assert names(search(ix_dir, query)) == ["DeepSeek Chat"]


def test_latin_word_misses_other_rows(ix_dir: Path) -> None:
    assert names(search(ix_dir, "ernie")) == ["文心一言 ERNIE Bot"]
    assert names(search(ix_dir, "rnie b")) == ["文心一言 ERNIE Bot"]  # two substrings
    assert names(search(ix_dir, "ernie gpt")) == []  # both must occur
    assert names(search(ix_dir, '"ernie bot"')) == ["文心一言 ERNIE Bot"]
    assert names(search(ix_dir, '"bot ernie"')) == []
    assert names(search(ix_dir, "gpt")) == []


def test_company_filter_narrows_by_substring(ix_dir: Path) -> None:
    assert sorted(names(search(ix_dir, "", company="百度"))) == [
        "文心一言 ERNIE Bot",
        "语音合成算法",
    ]
    assert names(search(ix_dir, "算法", company="百度")) == ["语音合成算法"]
    assert names(search(ix_dir, "语音", company="字节")) == []


def test_type_filter_is_exact(ix_dir: Path) -> None:
    assert names(search(ix_dir, "", list_type="genai_filed")) == ["DeepSeek Chat"]
    assert names(search(ix_dir, "百度", list_type="genai_registered")) == ["文心一言 ERNIE Bot"]
    assert names(search(ix_dir, "抖音", list_type="algorithm")) == ["抖音个性化推荐算法"]
    assert names(search(ix_dir, "", list_type="genai")) == []


def test_empty_query_lists_all_rows_in_table_order(ix_dir: Path) -> None:
    assert names(search(ix_dir, "")) == [row["name"] for row in ROWS]
    assert names(search(ix_dir, "  ", limit=2)) == [row["name"] for row in ROWS[:2]]


def test_results_have_table_columns_and_round_trip(ix_dir: Path) -> None:
    frame = search(ix_dir, "字节")
    assert list(frame.columns) == RESULT_COLUMNS == [*TABLE_COLUMNS, "row_key", "score"]
    row = frame.iloc[0]
    assert row[list(COLUMNS)].tolist() == make_table().iloc[0].tolist()
    assert row[["status", "province", "filing_year"]].tolist() == ["", "", ""]
    assert (
        row["row_key"]
        == "deep_synthesis|1|1|网信算备110108823483901230031号|人脸融合算法|" + BYTEDANCE
    )
    assert row["score"] > 0


def test_results_are_ranked_best_first(ix_dir: Path) -> None:
    scores = search(ix_dir, "科技 算法")["score"].tolist()
    assert len(scores) == 4
    assert scores == sorted(scores, reverse=True)


def test_name_match_outranks_purpose_match(ix_dir: Path) -> None:
    assert names(search(ix_dir, "语音")) == ["语音合成算法"]
    assert names(search(ix_dir, "推荐"))[0] == "抖音个性化推荐算法"
    ranked = names(search(ix_dir, "抖音"))
    assert ranked == ["抖音个性化推荐算法", "人脸融合算法"]  # name and product beat product


def test_limit_and_offset_page_through_total(ix_dir: Path) -> None:
    result = find(ix_dir, "", limit=2, offset=3)
    assert result.total == len(ROWS)
    assert names(result.rows) == [ROWS[3]["name"], ROWS[4]["name"]]
    assert find(ix_dir, "", limit=2, offset=10).rows.empty


def test_missing_index_tells_user_to_build(tmp_path: Path) -> None:
    with pytest.raises(IndexMissingError, match="cacfilings build") as info:
        search(tmp_path / "nowhere", "字节")
    assert isinstance(info.value, FileNotFoundError)
    (tmp_path / "empty").mkdir()
    with pytest.raises(IndexMissingError):
        open_index(tmp_path / "empty")


def test_build_rejects_table_without_columns(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="filing_no"):
        build_index(make_table().drop(columns=["filing_no"]), tmp_path / "index")
    assert not (tmp_path / "index").exists()


def test_empty_table_builds_empty_index(tmp_path: Path) -> None:
    assert build_index(make_table([]), tmp_path / "index") == 0
    assert search(tmp_path / "index", "字节").empty
    assert find(tmp_path / "index", "").facets["list_type"] == {}


def test_opened_index_counts_its_rows(ix_dir: Path) -> None:
    assert open_index(ix_dir).doc_count() == len(ROWS)


def test_records_are_the_rows_as_dicts(ix_dir: Path) -> None:
    result = find(ix_dir, "抖音")
    assert result.records == result.rows.to_dict("records")
    assert [list(record) for record in result.records] == [RESULT_COLUMNS] * 2
    assert [record["name"] for record in result.records] == ["抖音个性化推荐算法", "人脸融合算法"]


def test_a_result_given_rows_derives_its_records_from_them(ix_dir: Path) -> None:
    frame = find(ix_dir, "字节").rows
    assert SearchResult("q", frame).records == frame.to_dict("records")
    assert SearchResult("q").records == []
    assert SearchResult("q").rows.empty


def test_a_result_with_replaced_rows_keeps_its_records(ix_dir: Path) -> None:
    result = find(ix_dir, "字节")
    marked = dataclasses.replace(result, rows=result.rows.assign(extra="x"))
    assert marked.rows["extra"].tolist() == ["x"]
    assert marked.records == result.records
    assert marked.highlights("[", "]") == [{"company": "北京[字节]跳动科技有限公司"}]


def test_the_row_store_pages_rows_from_its_arrow_table(ix_dir: Path) -> None:
    rows = open_index(ix_dir).rows
    assert [record["name"] for record in rows.records(np.array([2, 0]))] == [
        ROWS[2]["name"],
        ROWS[0]["name"],
    ]
    assert rows.take(np.array([1]))["company"].tolist() == [BAIDU]
    assert rows.take(None)["name"].tolist() == [row["name"] for row in ROWS]
    codes, labels = rows.codes["list_type"]
    assert labels == list(dict.fromkeys(row["list_type"] for row in ROWS))
    assert [labels[code] for code in codes] == [row["list_type"] for row in ROWS]


def test_a_large_page_holds_the_same_records_as_small_ones() -> None:
    size = SLICED_ROWS * 2
    table = pa.table({name: [f"{name}{i}" for i in range(size)] for name in SHOWN_COLUMNS})
    rows = RowStore(table)
    positions = np.arange(size - 1, -1, -2)
    small = [rows.records(positions[i : i + 10]) for i in range(0, len(positions), 10)]
    assert rows.records(positions) == [record for page in small for record in page]
    assert rows.records(positions)[0] == {name: f"{name}{size - 1}" for name in SHOWN_COLUMNS}


def test_data_as_of_is_the_newest_iso_notice_date() -> None:
    dates = ["2024-01-02", "", "2025-13-x", "2025-03-04", "2024-12-31"]
    assert RowStore(pa.table({"notice_date": dates})).data_as_of() == "2025-03-04"
    assert RowStore(pa.table({"notice_date": ["", "soon"]})).data_as_of() == ""


def test_rows_read_from_the_file_match_the_table_and_outlive_its_deletion(
    tmp_path: Path,
) -> None:
    build_index(make_table(), tmp_path / "index")
    generation = next((tmp_path / "index").glob("gen-*"))
    copy = tmp_path / "copy"
    copy.mkdir()
    (copy / ROWS_FILE).write_bytes((generation / ROWS_FILE).read_bytes())
    from_file = RowStore(open_rows(copy))
    from_table = RowStore(pq.read_table(copy / ROWS_FILE))
    assert from_file.column("name") == [row["name"] for row in ROWS]
    (copy / ROWS_FILE).unlink()  # as when a newer generation retires this one
    positions = np.arange(len(ROWS))
    assert from_file.records(positions) == from_table.records(positions)
    assert from_file.codes["list_type"][1] == from_table.codes["list_type"][1]
