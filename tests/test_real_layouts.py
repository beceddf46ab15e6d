"""Documents in every published layout, made from real published rows, parse to those rows.

Each test renders real rows (replica/real_rows) in one layout of the CAC's lists and asserts that
the parsed frame holds exactly the rows given, in order: every value, list type, category, date
and note as a correct parser returns it.
"""

import io
import itertools
import json
from collections.abc import Sequence
from pathlib import Path

import docx
import pandas as pd
import pdfplumber
import pytest
from click.testing import CliRunner

from crawler.cli import main
from crawler.parsers import UnknownLayoutError, parse_document
from replica.documents import (
    ALGORITHM_HEADERS,
    GENAI_FILED_HEADERS,
    GENAI_FILED_HEADERS_2024,
    GENAI_REGISTERED_HEADERS,
    ON_DEVICE_HEADERS,
    PdfSection,
    build_cancellation_pdf,
    build_genai_pdf,
    build_list_docx,
    build_list_xlsx,
)
from replica.lists import ON_DEVICE_REAL
from replica.real_rows import (
    EXPECTED_FIELDS,
    RealBatch,
    RealRow,
    expected_of,
    real_batch,
    real_batches,
)

FILED_TITLE = "一、已备案的生成式人工智能服务"
REGISTERED_TITLE = "二、已登记的生成式人工智能应用或功能"
ON_DEVICE_TITLE = "三、提供手机端侧生成式人工智能服务已备案信息"
DEEP_SYNTHESIS = real_batches("deep_synthesis")
ALGORITHM = real_batches("algorithm")
GENAI = real_batches("genai")
CANCELLATIONS = real_batches("cancellation")
# Deep-synthesis notice month -> the month in its list's name (batch 2 differs).
LIST_MONTHS = {
    "2023-06": "2023-06",
    "2023-09": "2023-08",
    "2025-09": "2025-09",
    "2026-03": "2026-03",
    "2026-05": "2026-05",
}
SAME_TABLE_PERIODS = ("2024-11", "2025-01", "2025-03")  # 已登记 under an embedded header row
TITLED_PERIODS = tuple(b.period for b in GENAI if b.period >= "2025-03")
APPLE = {"seq": "1", **ON_DEVICE_REAL}  # the on-device row cac-source.md quotes (序号: ours)
ON_DEVICE = RealRow("genai_filed", APPLE, expected_of(APPLE))


def ids(batches: Sequence[RealBatch]) -> list[str]:
    return [batch.period for batch in batches]


def printed(rows: Sequence[RealRow]) -> list[dict[str, str]]:
    return [dict(row.printed) for row in rows]


def assert_rows(frame: pd.DataFrame, rows: Sequence[RealRow], batch: str) -> None:
    """The frame holds exactly these rows, in order, all of this batch."""
    columns = ["list_type", *EXPECTED_FIELDS]
    expected = [{"list_type": row.list_type, **row.expected} for row in rows]
    assert len(frame) == len(rows)
    assert frame[columns].to_dict("records") == expected
    assert set(frame["batch"]) == ({batch} if rows else set())


def filed_headers(batch: RealBatch) -> tuple[str, ...]:
    """The 已备案 header the batch was published with."""
    header = tuple(batch.meta["header"])
    assert header in (GENAI_FILED_HEADERS_2024, GENAI_FILED_HEADERS)
    return header


def genai_rows(batch: RealBatch) -> tuple[RealRow, ...]:
    return batch.of_type("genai_filed") + batch.of_type("genai_registered")


def same_table_pdf(batch: RealBatch) -> bytes:
    """The 2024-08 … 2025-01 layout: one table, 已登记 rows under an embedded header row."""
    sections = [PdfSection(None, filed_headers(batch), printed(batch.of_type("genai_filed")))]
    registered = printed(batch.of_type("genai_registered"))
    if registered:
        sections.append(PdfSection(None, GENAI_REGISTERED_HEADERS, registered, same_table=True))
    return build_genai_pdf(sections, title=batch.name)


def titled_sections(batch: RealBatch) -> list[PdfSection]:
    """The 2025-03+ layout: a table per section, each under its title line."""
    return [
        PdfSection(FILED_TITLE, filed_headers(batch), printed(batch.of_type("genai_filed"))),
        PdfSection(
            REGISTERED_TITLE, GENAI_REGISTERED_HEADERS, printed(batch.of_type("genai_registered"))
        ),
    ]


def stacked(text: str) -> str:
    """The text printed a character a line, as a narrow column wraps it (Latin runs and the
    characters around a space kept together: a break there would lose the space)."""
    lines = [text[:1]]
    for before, char in itertools.pairwise(text):
        if (before.isascii() and char.isascii()) or " " in (before, char):
            lines[-1] += char
        else:
            lines.append(char)
    return "\n".join(lines)


def parse(data: bytes, source: str = "downloadfile.jsp") -> pd.DataFrame:
    return parse_document(data, source=source)


# --- the sample itself -----------------------------------------------------------------------


def test_the_sample_covers_every_family() -> None:
    sizes = {
        family: sum(len(b.rows) for b in real_batches(family))
        for family in ("deep_synthesis", "algorithm", "genai", "cancellation")
    }
    assert sizes == {"deep_synthesis": 129, "algorithm": 92, "genai": 291, "cancellation": 16}
    assert real_batch("deep_synthesis", "2023-06").count == 41
    assert [b.count for b in CANCELLATIONS] == [len(b.rows) for b in CANCELLATIONS]


def test_copied_header_rows_are_no_rows_and_mark_the_registered_section() -> None:
    batch = real_batch("genai", "2024-11")
    assert batch.meta["registered_header"] == list(GENAI_REGISTERED_HEADERS)
    assert [row.list_type for row in batch.rows] == ["genai_filed"] * 13 + ["genai_registered"] * 13
    assert all(row.printed["seq"] != "序号" for b in GENAI for row in b.rows)


def test_the_truncated_number_sits_in_the_registered_section() -> None:
    [row] = [r for r in real_batch("genai", "2025-10").rows if r.printed["seq"] == "286"]
    assert row.list_type == "genai_registered"
    assert row.expected["filing_no"] == "Jiangsu-SiWeiXiangLiangZhiSuanYun-"


# --- deep synthesis DOCX -----------------------------------------------------------------------


@pytest.mark.parametrize("nine_columns", [False, True], ids=["8-cells", "9-cells"])
@pytest.mark.parametrize("batch", DEEP_SYNTHESIS, ids=ids(DEEP_SYNTHESIS))
def test_deep_synthesis_docx(batch: RealBatch, nine_columns: bool) -> None:
    data = build_list_docx(printed(batch.rows), title=batch.name, nine_columns=nine_columns)
    if nine_columns:
        assert len(docx.Document(io.BytesIO(data)).tables[0].rows[1].cells) == 9
    assert_rows(parse(data), batch.rows, LIST_MONTHS[batch.period])


def test_deep_synthesis_batch_without_seq() -> None:
    batch = real_batch("deep_synthesis", "2026-05")
    rows = [
        RealRow(r.list_type, {**r.printed, "seq": ""}, {**r.expected, "seq": ""})
        for r in batch.rows
    ]
    frame = parse(build_list_docx(printed(rows), title=batch.name))
    assert_rows(frame, rows, "2026-05")
    assert len(frame) == 38


# --- algorithm recommendation DOCX and XLSX ---------------------------------------------------


@pytest.mark.parametrize("batch", ALGORITHM, ids=ids(ALGORITHM))
def test_algorithm_docx(batch: RealBatch) -> None:
    data = build_list_docx(printed(batch.rows), headers=ALGORITHM_HEADERS, title=batch.name)
    assert_rows(parse(data), batch.rows, batch.period)


@pytest.mark.parametrize("batch", ALGORITHM, ids=ids(ALGORITHM))
def test_algorithm_xlsx(batch: RealBatch) -> None:
    data = build_list_xlsx(printed(batch.rows), title=batch.name, sheet_title="清单")
    assert_rows(parse(data), batch.rows, batch.period)


def test_the_2025_07_algorithm_list_keeps_its_blank_seq() -> None:
    batch = real_batch("algorithm", "2025-07")
    frame = parse(build_list_docx(printed(batch.rows), headers=ALGORITHM_HEADERS, title=batch.name))
    assert frame["seq"].tolist() == [""] * 12
    assert frame["category"].value_counts().to_dict() == {
        "个性化推送类": 5,
        "调度决策类": 3,
        "内容过滤类": 2,
        "信息检索类": 1,
        "排序精选类": 1,
    }


# --- generative AI PDF -------------------------------------------------------------------------


def test_genai_2024_04_filed_only_with_the_first_headers() -> None:
    batch = real_batch("genai", "2024-04")
    data = build_genai_pdf(
        [PdfSection(None, GENAI_FILED_HEADERS_2024, printed(batch.rows))], title=batch.name
    )
    frame = parse(data)
    assert_rows(frame, batch.rows, "2024-04")
    assert len(frame) == 59


@pytest.mark.parametrize("period", SAME_TABLE_PERIODS)
def test_genai_registered_rows_under_an_embedded_header(period: str) -> None:
    batch = real_batch("genai", period)
    data = same_table_pdf(batch)
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        assert sum(len(page.find_tables()) for page in pdf.pages) == len(pdf.pages)
    assert_rows(parse(data), genai_rows(batch), period)


@pytest.mark.parametrize("period", TITLED_PERIODS)
def test_genai_separate_titled_tables(period: str) -> None:
    batch = real_batch("genai", period)
    data = build_genai_pdf(titled_sections(batch), title=batch.name)
    assert_rows(parse(data), genai_rows(batch), period)


def test_genai_2026_08_third_table_on_device() -> None:
    batch = real_batch("genai", "2026-06")
    sections = [*titled_sections(batch), PdfSection(ON_DEVICE_TITLE, ON_DEVICE_HEADERS, [APPLE])]
    data = build_genai_pdf(sections, title="生成式人工智能服务已备案和已登记信息（2026年8月）")
    frame = parse(data)
    assert_rows(frame, [*genai_rows(batch), ON_DEVICE], "2026-08")
    assert frame.iloc[-1][["list_type", "name", "scenario", "filing_date"]].tolist() == [
        "genai_filed",
        "Apple智能",
        "苹果手机",
        "2026-07-08",
    ]


def test_genai_table_across_pages_with_split_rows() -> None:
    """Every sampled filed row in one table over several pages: no header on later pages, and
    tall rows (companies printed one character a line) split at the page breaks."""
    rows = [row for batch in GENAI for row in batch.of_type("genai_filed")]
    texts = [
        {**row.printed, "raw": {"company": stacked(row.printed["company"])}}
        if n % 6 == 0
        else dict(row.printed)
        for n, row in enumerate(rows)
    ]
    data = build_genai_pdf(
        [PdfSection(FILED_TITLE, GENAI_FILED_HEADERS, texts)],
        title="生成式人工智能服务已备案信息（2026年6月）",
    )
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        tops = [page.find_tables()[0].extract()[0] for page in pdf.pages]
    assert len(tops) >= 4
    assert all(top[2] != "大模型名称" for top in tops[1:])
    assert any(top[0] == "" for top in tops[1:])  # a row's second part opens a page
    assert_rows(parse(data), rows, "2026-06")


def test_odd_rows_are_kept_as_printed() -> None:
    swapped = parse(build_genai_pdf(titled_sections(real_batch("genai", "2025-03"))))
    row = swapped[swapped["seq"] == "340"].iloc[0]
    assert [row["name"], row["company"]] == ["深圳市商汤科技有限公司", "商汤AI代码生成模型"]
    batch = real_batch("genai", "2025-10")
    frame = parse(build_genai_pdf(titled_sections(batch), title=batch.name))
    truncated = frame[frame["seq"] == "286"].iloc[0]
    assert truncated[["list_type", "filing_no"]].tolist() == [
        "genai_registered",
        "Jiangsu-SiWeiXiangLiangZhiSuanYun-",
    ]
    late = frame[frame["filing_date_note"] == "补登"]
    assert late["seq"].tolist() == [str(n) for n in range(299, 307)]


# --- cancellations PDF -------------------------------------------------------------------------


@pytest.mark.parametrize("batch", CANCELLATIONS, ids=ids(CANCELLATIONS))
def test_cancellation_pdf(batch: RealBatch) -> None:
    frame = parse(build_cancellation_pdf(printed(batch.rows), title=batch.name))
    assert_rows(frame, batch.rows, "")
    assert len(frame) == batch.count


def test_a_category_in_the_role_column_goes_to_category() -> None:
    batch = real_batch("cancellation", "2026-01")
    frame = parse(build_cancellation_pdf(printed(batch.rows)))
    assert frame[["role", "category", "cancel_month"]].values.tolist()[-2:] == [
        ["服务提供者", "", "2026-01"],
        ["", "个性化推送类", "2026-01"],
    ]


def test_cancellations_over_pages_with_split_rows() -> None:
    rows = [row for batch in CANCELLATIONS for row in batch.rows] * 4
    texts = [{**row.printed, "raw": {"name": stacked(row.printed["name"])}} for row in rows]
    data = build_cancellation_pdf(texts)
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        assert len(pdf.pages) >= 3
    assert_rows(parse(data), rows, "")


# --- the command line, unknown layouts ---------------------------------------------------------


def test_a_neutral_download_parses_with_its_types_and_batch(tmp_path: Path) -> None:
    genai = real_batch("genai", "2024-11")
    deep = real_batch("deep_synthesis", "2023-09")
    (tmp_path / "downloadfile.jsp").write_bytes(same_table_pdf(genai))
    (tmp_path / "list.bin").write_bytes(build_list_docx(printed(deep.rows), title=deep.name))
    files = [str(tmp_path / "downloadfile.jsp"), str(tmp_path / "list.bin")]
    result = CliRunner().invoke(main, ["parse", *files, "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = pd.DataFrame(json.loads(result.stdout))
    counts = rows.groupby(["list_type", "batch"]).size().to_dict()
    assert counts == {
        ("deep_synthesis", "2023-08"): 29,
        ("genai_filed", "2024-11"): 13,
        ("genai_registered", "2024-11"): 13,
    }


def test_an_unknown_layout_names_the_headers_found() -> None:
    rows = [{"seq": "1", "jurisdiction": "北京市"}]
    document = docx.Document(io.BytesIO(build_list_docx(rows, headers=("序号", "属地"))))
    table = document.tables[0]
    for cell, text in zip(table.rows[0].cells, ["序号", "单位名称"], strict=True):
        cell.text = text
    buffer = io.BytesIO()
    document.save(buffer)
    with pytest.raises(UnknownLayoutError) as caught:
        parse(buffer.getvalue(), source="odd.docx")
    assert (
        str(caught.value) == "odd.docx: unknown column layout; headers found: ['序号', '单位名称']"
    )
    assert caught.value.headers == ["序号", "单位名称"]
