"""English glossary terms find the Chinese words the CAC lists use."""

from pathlib import Path

import pytest

from index.build import build_index
from index.glossary import GLOSSARY_ENV, Glossary, glossary_of, load_glossary
from index.notices import Notice, describe
from index.search import find
from tests.test_search_fields import table

ROWS = [
    {"list_type": "deep_synthesis", "batch": "2024-04", "seq": "1", "name": "剪映人脸融合算法",
     "company": "深圳市脸萌科技有限公司", "purpose": "将人脸图像与模板融合",
     "filing_no": "网信算备440305000000501240002号"},
    {"list_type": "deep_synthesis", "batch": "2024-04", "seq": "2", "name": "百度数字人驱动算法",
     "company": "北京百度网讯科技有限公司", "purpose": "生成2D人像",
     "filing_no": "网信算备110108000000501240003号"},
    {"list_type": "deep_synthesis", "batch": "2024-06", "seq": "1", "name": "酷狗音乐语音克隆算法",
     "company": "广州酷狗计算机科技有限公司", "purpose": "提取用户音色特征",
     "filing_no": "网信算备440106000000601240001号"},
    {"list_type": "deep_synthesis", "batch": "2024-06", "seq": "2", "name": "智能客服对话生成算法",
     "company": "上海某某网络科技有限公司", "purpose": "回答用户问题",
     "filing_no": "网信算备310104000000601240002号"},
    {"list_type": "algorithm", "batch": "2022-08", "seq": "1", "name": "Face Swap 特效算法",
     "company": "杭州某某科技有限公司", "purpose": "视频特效",
     "filing_no": "网信算备330110000000301220009号"},
]  # fmt: skip
FUSION, DIGITAL, CLONE, CHAT, LATIN = (row["name"] for row in ROWS)


@pytest.fixture(scope="module")
def ix_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("glossary") / "index"
    build_index(table(ROWS), path)
    return path


def names(ix_dir: Path, query: str) -> list[str]:
    """Names found, in table order."""
    found = set(find(ix_dir, query).rows["name"])
    return [row["name"] for row in ROWS if row["name"] in found]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("face swap", [FUSION, LATIN]),
        ("Face Swap", [FUSION, LATIN]),
        ('"face swap"', [FUSION, LATIN]),
        ('name:"face swap"', [FUSION, LATIN]),
        ("digital human", [DIGITAL]),
        ("voice clone", [CLONE]),
        ("voice cloning", [CLONE]),
        ("chatbot", [CHAT]),
        ("deepfake", [FUSION]),
        ("face swap OR chatbot", [FUSION, CHAT, LATIN]),
        ("face swap -剪映", [LATIN]),
        ("swap", [LATIN]),  # a word of a term alone is no term
    ],
)
def test_terms_find_their_chinese_words(ix_dir: Path, query: str, expected: list[str]) -> None:
    assert names(ix_dir, query) == expected


def test_company_field_is_not_expanded(ix_dir: Path) -> None:
    assert names(ix_dir, "company:chatbot") == []


def test_a_term_used_is_a_notice(ix_dir: Path) -> None:
    result = find(ix_dir, "digital human")
    notice = Notice("glossary", {"term": "digital human", "words": "数字人、虚拟人"})
    assert (result.notices, result.message) == ((notice,), None)
    assert describe(notice) == "“digital human” also finds the Chinese words 数字人、虚拟人"
    assert describe(notice, "zh") == "“digital human”也检索了中文词语：数字人、虚拟人"


def test_needles_hold_the_expansions(ix_dir: Path) -> None:
    result = find(ix_dir, "face swap")
    assert result.needles == ("face swap", "人脸替换", "人脸融合", "换脸")
    marks = dict(zip(result.rows["name"], result.highlights("[", "]"), strict=True))
    assert marks == {
        FUSION: {"name": "剪映[人脸融合]算法"},
        LATIN: {"name": "[Face Swap] 特效算法"},
    }


def test_terms_name_other_terms() -> None:
    glossary = glossary_of([("face swap", "换脸"), ("Deepfake", "face swap")])
    assert glossary == Glossary({"face swap": ("换脸",), "deepfake": ("换脸",)})


def test_builtin_glossary_covers_the_reporters_terms() -> None:
    glossary = load_glossary()
    assert glossary.words("face swap") == ("人脸替换", "人脸融合", "换脸")
    assert glossary.words("digital human") == ("数字人", "虚拟人")
    assert glossary.words("voice clone") == ("声音克隆", "语音克隆", "语音合成", "音色")
    assert glossary.words("chatbot") == ("对话", "智能客服", "聊天", "问答")
    assert glossary.words("text-to-image") == ("图像生成", "图片生成", "文生图")
    assert glossary.words("SPEECH RECOGNITION") == ("语音识别",)


def test_a_user_file_adds_terms(
    ix_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    extra = tmp_path / "glossary.csv"
    extra.write_text("term,word\n# a comment,x\nsinging,音乐\n", encoding="utf-8")
    monkeypatch.setenv(GLOSSARY_ENV, str(extra))
    assert names(ix_dir, "singing") == [CLONE]
    assert load_glossary().words("face swap") == ("人脸替换", "人脸融合", "换脸")
    assert load_glossary().words("# a comment") == ()


def test_a_file_without_the_columns_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("english,chinese\nx,y\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"bad\.csv: the file needs the columns term,word"):
        load_glossary(bad)
