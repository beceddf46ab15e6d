"""Rows on a terminal: aligned by display width, vertical when the table is too wide."""

import pandas as pd
import pytest
from wcwidth import wcswidth

from crawler.commands.display import cell_text, display_width, render, shown, table_lines
from crawler.constants import COLUMNS
from crawler.dataset.export import csv_text, json_text, records_csv, records_json

ROWS = pd.DataFrame(
    {
        "list_type": ["deep_synthesis", "algorithm"],
        "name": ["人脸融合算法", "abc"],
        "company": ["北京字节跳动科技有限公司", "ＡＢ公司"],
    }
)


def test_display_width_counts_wide_characters_twice() -> None:
    assert [display_width(text) for text in ("abc", "人脸", "ＡＢ", "", None)] == [3, 4, 4, 0, 0]
    assert display_width("a\tb") == 3  # a control character shows as one space


def test_a_cjk_table_is_aligned_by_display_width() -> None:
    lines = render(ROWS, "table").splitlines()
    assert lines == [
        "list_type       name          company                 ",
        "deep_synthesis  人脸融合算法  北京字节跳动科技有限公司",
        "algorithm       abc           ＡＢ公司                ",
    ]
    assert {wcswidth(line) for line in lines} == {54}
    assert [
        wcswidth(line[: line.index(cell)])
        for line, cell in zip(lines, ["name", "人脸", "abc"], strict=True)
    ] == [16, 16, 16]


def test_cells_are_kept_on_one_line() -> None:
    assert cell_text("a\nb\tc\r") == "a b c "
    frame = pd.DataFrame({"name": ["两行\n文字"], "n": [1]})
    assert table_lines(frame) == ["name       n", "两行 文字  1"]


def test_vertical_layout_has_a_block_per_row_with_aligned_fields() -> None:
    assert render(ROWS, "vertical") == (
        "-[ 1 ]\n"
        "list_type : deep_synthesis\n"
        "name      : 人脸融合算法\n"
        "company   : 北京字节跳动科技有限公司\n"
        "-[ 2 ]\n"
        "list_type : algorithm\n"
        "name      : abc\n"
        "company   : ＡＢ公司\n"
    )


@pytest.mark.parametrize(("width", "vertical"), [(54, False), (53, True)])
def test_auto_layout_turns_vertical_only_when_wider_than_the_terminal(
    width: int, vertical: bool
) -> None:
    assert render(ROWS, "auto", width=width).startswith("-[ 1 ]") is vertical


def test_auto_layout_reads_the_terminal_width(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "40")
    assert render(ROWS).startswith("-[ 1 ]\n")
    monkeypatch.setenv("COLUMNS", "200")
    assert render(ROWS).startswith("list_type ")


def test_no_rows_say_so_in_every_layout() -> None:
    for layout in ("auto", "table", "vertical"):
        assert render(ROWS.iloc[:0], layout) == "(no matches)\n"


@pytest.mark.parametrize("layout", ["table", "vertical"])
def test_dict_rows_render_as_the_frame_does(layout: str) -> None:
    records = ROWS.assign(extra="x").to_dict("records")
    assert render(shown(records, list(ROWS.columns)), layout) == render(ROWS, layout)
    assert shown(records, ["name", "missing", "list_type"]).columns == ["name", "list_type"]
    assert render(shown([], ["name"]), layout) == "(no matches)\n"


def test_dict_rows_are_written_as_the_export_writes_them() -> None:
    cells = ["=1+2", "-1.5", "'@x", "a,b", '他说"好"', "两行\n文字", "--"]
    frame = pd.DataFrame({col: [cells[i % len(cells)] for i in range(3)] for col in COLUMNS})
    frame = frame.assign(name=cells[:3], company=cells[3:6], product=cells[4:7])
    records = frame.to_dict("records")
    assert records_csv(records, "2026-01-02") == csv_text(frame, "2026-01-02")
    assert records_json(records, "2026-01-02") == json_text(frame, "2026-01-02")
    assert records_csv([], "") == csv_text(frame.iloc[:0], "")
    assert records_json([], "") == json_text(frame.iloc[:0], "")
