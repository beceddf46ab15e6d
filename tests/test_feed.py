"""Atom alerts: one entry per filing, newest first listing first, stable ids and links."""

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner

from crawler.cli import main
from crawler.paths import data_paths
from index.build import build_index
from index.feed import feed_bytes, feed_command, feed_id
from tests.test_search_fields import table

ATOM = "{http://www.w3.org/2005/Atom}"
NOTICE = "https://www.cac.gov.cn/2024-04/notice.htm"
ROWS = [
    {"list_type": "deep_synthesis", "batch": "2023-06", "seq": "1", "name": "剪映人脸融合算法",
     "role": "服务技术支持者", "company": "深圳市脸萌科技有限公司", "product": "剪映",
     "filing_no": "网信算备440305000000501230002号", "notice_date": "2023-06-20",
     "notice_url": "https://www.cac.gov.cn/2023-06/notice.htm"},
    {"list_type": "deep_synthesis", "batch": "2024-04", "seq": "1", "name": "剪映人脸融合算法",
     "role": "服务技术支持者", "company": "深圳市脸萌科技有限公司", "product": "剪映",
     "filing_no": "网信算备440305000000501230002号", "notice_date": "2024-04-11",
     "notice_url": NOTICE},
    {"list_type": "deep_synthesis", "batch": "2024-04", "seq": "2", "name": "美颜人脸特效算法",
     "role": "服务提供者", "company": "北京美颜科技有限公司",
     "filing_no": "网信算备110105000000201240001号", "notice_date": "2024-04-11",
     "notice_url": NOTICE},
    {"list_type": "algorithm", "batch": "2022-08", "seq": "1", "name": "人脸识别推荐算法",
     "category": "个性化推送类", "company": "浙江某某网络有限公司",
     "filing_no": "网信算备330110000000301220001号", "notice_date": "2022-08-12",
     "notice_url": "https://www.cac.gov.cn/2022-08/notice.htm", "status": "cancelled"},
    {"list_type": "algorithm", "batch": "2022-08", "seq": "2", "name": "商品推荐算法",
     "company": "浙江淘宝网络有限公司", "filing_no": "网信算备330110000000301220002号",
     "notice_date": "2022-08-12", "notice_url": "https://www.cac.gov.cn/2022-08/notice.htm"},
]  # fmt: skip
FUSION_NO, BEAUTY_NO, FACE_NO = (row["filing_no"] for row in ROWS[1:4])


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("feed")
    build_index(table(ROWS), data_paths(root).index)
    return root


def parse(data: bytes) -> ET.Element:
    return ET.fromstring(data)


def entries(feed: ET.Element) -> list[ET.Element]:
    return feed.findall(f"{ATOM}entry")


def texts(feed: ET.Element, tag: str) -> list[str]:
    return [entry.findtext(f"{ATOM}{tag}") or "" for entry in entries(feed)]


def links(entry: ET.Element) -> list[tuple[str, str]]:
    return [
        (link.get("rel", "alternate"), link.get("href", "")) for link in entry.iter(f"{ATOM}link")
    ]


def tag(filing_no: str) -> str:
    from urllib.parse import quote

    return f"tag:cacfilings,2024:filing/{quote(filing_no, safe='')}"


def test_one_entry_per_filing_newest_first_listing_first(data_dir: Path) -> None:
    feed = parse(feed_bytes(data_paths(data_dir).index, "人脸"))
    assert texts(feed, "id") == [tag(BEAUTY_NO), tag(FUSION_NO), tag(FACE_NO)]
    assert texts(feed, "title") == [
        "北京美颜科技有限公司 · 美颜人脸特效算法 (deep_synthesis)",
        "深圳市脸萌科技有限公司 · 剪映人脸融合算法 (deep_synthesis)",
        "浙江某某网络有限公司 · 人脸识别推荐算法 (algorithm)",
    ]
    assert texts(feed, "updated") == [
        "2024-04-11T00:00:00+00:00", "2023-06-20T00:00:00+00:00", "2022-08-12T00:00:00+00:00"
    ]  # fmt: skip


def test_entries_link_the_filing_page_and_the_notice(data_dir: Path) -> None:
    feed = parse(feed_bytes(data_paths(data_dir).index, "剪映", base_url="https://f.example/"))
    (entry,) = entries(feed)
    assert links(entry) == [
        ("alternate", "https://f.example/filing?no=%E7%BD%91%E4%BF%A1%E7%AE%97%E5%A4%87"
                      "440305000000501230002%E5%8F%B7"),
        ("related", "https://www.cac.gov.cn/2023-06/notice.htm"),
    ]  # fmt: skip
    assert entry.findtext(f"{ATOM}summary") == (
        "batch 2023-06 · role 服务技术支持者 · product 剪映 · status active"
    )


def test_the_feed_names_its_query_and_keeps_its_id(data_dir: Path) -> None:
    index = data_paths(data_dir).index
    feed = parse(feed_bytes(index, "推荐", company="浙江"))
    assert feed.findtext(f"{ATOM}title") == "CAC filings: 推荐 (company: 浙江)"
    assert feed.findtext(f"{ATOM}id") == feed_id("推荐", "浙江")
    assert feed.findtext(f"{ATOM}id") == parse(
        feed_bytes(index, " 推荐 ", company="浙江")
    ).findtext(f"{ATOM}id")
    assert feed_id("推荐", "浙江") != feed_id("推荐", None)
    assert feed.findtext(f"{ATOM}updated") == "2022-08-12T00:00:00+00:00"
    assert texts(feed, "id") == [tag(FACE_NO), tag(ROWS[4]["filing_no"])]
    summary = texts(feed, "summary")[0]
    assert summary == "batch 2022-08 · category 个性化推送类 · status cancelled"


def test_limit_and_an_empty_feed(data_dir: Path) -> None:
    index = data_paths(data_dir).index
    assert len(entries(parse(feed_bytes(index, "人脸", limit=2)))) == 2
    empty = parse(feed_bytes(index, "没有这个词"))
    assert (entries(empty), empty.findtext(f"{ATOM}title")) == ([], "CAC filings: 没有这个词")
    assert parse(feed_bytes(index)).findtext(f"{ATOM}title") == "CAC filings: all filings"


def test_feed_command_is_shell_quoted() -> None:
    assert (
        feed_command("人脸 province:北京")
        == "cacfilings feed --query '人脸 province:北京' -o feed.atom"
    )
    assert feed_command("a", "O'Brien") == (
        "cacfilings feed --query a --company 'O'\"'\"'Brien' -o feed.atom"
    )


def test_the_command_writes_the_feed_atomically(data_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "feed.atom"
    args = ["--data-dir", str(data_dir), "feed", "--query", "人脸", "--limit", "1", "-o", str(out)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert texts(parse(out.read_bytes()), "id") == [tag(BEAUTY_NO)]
    assert sorted(path.name for path in tmp_path.iterdir()) == ["feed.atom"]


def test_the_command_prints_the_feed_without_output(data_dir: Path) -> None:
    args = ["--data-dir", str(data_dir), "feed", "--query", "美颜", "--base-url", "https://x.org"]
    result = CliRunner().invoke(main, args)
    feed = parse(result.stdout_bytes)
    assert texts(feed, "id") == [tag(BEAUTY_NO)]
    assert links(entries(feed)[0])[0][1].startswith("https://x.org/filing?no=")


def test_the_command_without_an_index_says_how_to_build_one(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["--data-dir", str(tmp_path), "feed", "--query", "x"])
    assert result.exit_code == 1
    assert "No search index at" in result.output
