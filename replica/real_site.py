"""The shape of the real CAC site, laid over lists of rows (cac-source.md, crawler/official.py).

Two hosts: www.cac.gov.cn carries the notice pages, each linking its lists as
/cms/pub/interact/downloadfile.jsp?filepath=<opaque token>&fText=<name>; beian.cac.gov.cn
carries the notice API and the cancellation notices, whose lists are PDFs at
/api/file/fileDownLoad?noticeId=<noticeId>. `site_seed` turns the lists of every family into
the notices that publish them:

- one page per deep-synthesis batch, at its real path, linking its DOCX;
- the one algorithm page (2022-08-12), updated in place with a DOCX per period;
- the long-lived generative-AI page (2024-04-02) with a PDF per period; a per-period notice
  and the annual notices link some of those files again (the same bytes, other tokens);
- the on-device notice (2026-07-15) with its PDF table;
- the cancellation notices, on the filing system only;
- a few unrelated notices, and two broken links (a web-firewall challenge, a 404).

A seed is JSON: {"scale": small|full, "notices": [notice]}. A notice: key, family
(deep_synthesis, algorithm, genai, cancellation, other), kind (list, annual), host (www, beian),
path (on www; None on the filing system), url (as published), title, date, time, api (its entry
in the notice API: noticeId, type, content; or None), paragraphs and attachments. An
attachment: token (downloadfile.jsp's filepath) or notice_id (fileDownLoad's), text (the link
text), filename, format, document (list_docx, genai_pdf, cancellation_pdf), batch, fault (None,
html_error, 404), and its rows (generate.seed_row) or, for a genAI PDF, its sections (title,
headers, same_table, rows); an attachment linking a file another notice published has instead
`same_as`: that attachment's token.
"""

import base64
import hashlib
import re
import uuid
from dataclasses import dataclass, field
from typing import Any, Final
from urllib.parse import quote

from crawler.constants import DOWNLOAD_PATH
from crawler.families import ANNUAL_NOTICE_PATHS
from crawler.official import (
    ALGORITHM_PAGE,
    DEEP_SYNTHESIS_BATCHES,
    GENAI_PAGE,
    GENAI_TOTALS,
    ON_DEVICE_PAGE,
)

WWW: Final = "https://www.cac.gov.cn"
FILE_DOWNLOAD_PATH: Final = "/api/file/fileDownLoad"
STATIC_UPLOAD: Final = "/static/fileUpload"
BOARD_NOTICE: Final = "/#/notice/{}"  # where the filing system shows a notice
GENAI_PERIOD_NOTICE: Final = (
    "/2025-09/10/c_1759222982377536.htm",
    "2025-09-10",
    "关于发布生成式人工智能服务已备案信息的公告（2025年7月至8月）",
    "2025-08",
)
ANNUAL_YEARS: Final = dict(zip((2024, 2025), ANNUAL_NOTICE_PATHS, strict=True))
ANNUAL_DATES: Final = {2024: "2025-01-08", 2025: "2026-01-09"}
LINK_PREFIX: Final = re.compile(r"^附件\d+[：:]")  # 附件7：… (one period's link text)
DS_TITLE: Final = "国家互联网信息办公室关于发布{}深度合成服务算法备案信息的公告"
ALGORITHM_TITLE: Final = "国家互联网信息办公室关于发布互联网信息服务算法备案信息的公告"
GENAI_TITLE: Final = "生成式人工智能服务已备案信息"
ANNUAL_TITLE: Final = "国家互联网信息办公室关于发布{}年生成式人工智能服务已备案信息的公告"
ON_DEVICE_TITLE: Final = "关于发布7款提供手机端侧生成式人工智能服务已备案信息的公告"
ON_DEVICE_LIST: Final = "提供手机端侧生成式人工智能服务已备案信息（2026年7月）"
SECTION_TITLES: Final = {
    "filed": "一、已备案生成式人工智能服务",
    "registered": "二、已登记生成式人工智能应用或功能",
    "on_device": "三、提供手机端侧生成式人工智能服务已备案信息",
}
API_TYPES: Final = {"deep_synthesis": 3, "cancellation": 2, "other": 1}
CN_DIGITS: Final = "零一二三四五六七八九"
FAULT_CHALLENGE: Final = "html_error"
FAULT_MISSING: Final = "404"
WWW_OTHERS: Final = (
    (
        "/2025-03/14/c_1741920264994953.htm",
        "2025-03-14 16:00",
        "关于印发《人工智能生成合成内容标识办法》的通知",
        (
            "为促进人工智能健康发展，规范人工智能生成合成内容标识，制定本办法。",
            "本办法自2025年9月1日起施行。",
        ),
    ),
    (
        "/2025-02/20/c_1740017898026814.htm",
        "2025-02-20 11:00",
        "中央网信办部署开展2025年“清朗”系列专项行动",
        ("中央网信办近日印发通知，部署开展2025年“清朗”系列专项行动。",),
    ),
    (
        "/2024-11/08/c_1731032745953862.htm",
        "2024-11-08 09:30",
        "网信部门依法查处一批违法违规网站平台",
        ("近期，各地网信部门依法查处一批违法违规网站平台。",),
    ),
    (
        "/2026-06/02/c_1780368514376119.htm",
        "2026-06-02 15:00",
        "第九届数字中国建设峰会在福州开幕",
        ("第九届数字中国建设峰会在福建省福州市开幕。",),
    ),
)
BEIAN_OTHERS: Final = (
    (
        "2025-06-30 09:00",
        "关于系统升级维护的公告",
        "系统将于2025年7月5日0时至6时升级维护，期间暂停服务。",
    ),
    (
        "2026-02-10 09:00",
        "关于调整咨询电话的通知",
        "自2026年2月15日起，咨询电话调整为010-00000000。",
    ),
)


@dataclass
class SeedList:
    """One published list: its family, batch, name and rows, and what is known of its source."""

    family: str
    batch: str  # YYYY-MM: the month in the list's name (cancellations: the notice's month)
    name: str  # the list's published name, the link text of its attachment
    rows: list[dict[str, Any]]
    token: str = ""  # the attachment's filepath token as published, when known
    page: str = ""  # the URL of its notice page as published, when known
    notice_id: str = ""  # the filing system's noticeId, when known
    date: str = ""  # cancellations: the notice's date
    nine_columns: bool = False  # DOCX: 主要用途 spans two grid columns
    on_device: list[dict[str, Any]] = field(default_factory=list)  # genAI 2026-08: 端侧 table


@dataclass
class SiteLists:
    """Every list the replica publishes, by family."""

    deep_synthesis: dict[int, SeedList]  # batch number -> list
    algorithm: list[SeedList]
    genai: list[SeedList]
    on_device: SeedList
    cancellations: list[SeedList]


def site_seed(lists: SiteLists, scale: str) -> dict[str, Any]:
    """The seed of a site publishing these lists as the real site does."""
    genai_page = genai_page_notice(lists.genai)
    notices = [
        *(ds_notice(number, data) for number, data in sorted(lists.deep_synthesis.items())),
        algorithm_notice(lists.algorithm),
        genai_page,
        *genai_relinking_notices(genai_page),
        on_device_notice(lists.on_device),
        *(cancellation_notice(data) for data in lists.cancellations),
        *other_notices(),
    ]
    add_fault_links(notices)
    return {"scale": scale, "notices": notices}


# --- tokens and ids ------------------------------------------------------------------------


def token_for(key: str) -> str:
    """An opaque filepath token like the site's (88 characters of base64, ~ for +)."""
    digest = hashlib.sha512(key.encode()).digest() + hashlib.sha256(key.encode()).digest()[:1]
    return base64.b64encode(digest).decode("ascii").replace("+", "~")


def notice_id_for(key: str) -> str:
    """A filing-system noticeId like the real ones: notice_<uuid>."""
    return f"notice_{uuid.uuid5(uuid.NAMESPACE_URL, key)}"


def download_href(attachment: dict[str, Any]) -> str:
    """The link of an attachment as its notice prints it (site-relative)."""
    if attachment.get("notice_id"):
        return f"{FILE_DOWNLOAD_PATH}?noticeId={attachment['notice_id']}"
    return f"{DOWNLOAD_PATH}?filepath={attachment['token']}&fText={quote(attachment['text'])}"


def _chinese_number(n: int) -> str:
    """1..99 in Chinese numerals (十八)."""
    tens, ones = divmod(n, 10)
    text = (("" if tens == 1 else CN_DIGITS[tens]) + "十") if tens else ""
    return text + (CN_DIGITS[ones] if ones else "")


def month_text(month: str) -> str:
    """YYYY-MM as a list's name prints it: 2023年8月."""
    return f"{int(month[:4])}年{int(month[5:])}月"


# --- notices and attachments ---------------------------------------------------------------


def _notice(key: str, family: str, path: str | None, title: str, when: str) -> dict[str, Any]:
    """A notice without body or attachments; `when` is 'YYYY-MM-DD HH:MM'."""
    date, time = when.split(" ")
    return {
        "key": key,
        "family": family,
        "kind": "list",
        "host": "www" if path else "beian",
        "path": path,
        "url": f"{WWW}{path}" if path else None,
        "title": title,
        "date": date,
        "time": time,
        "api": None,
        "paragraphs": [],
        "attachments": [],
    }


def docx_attachment(data: SeedList, headers: str, key: str) -> dict[str, Any]:
    """A DOCX list linked through downloadfile.jsp, titled with the list's name."""
    return {
        "token": data.token or token_for(key),
        "text": data.name,
        "filename": f"{data.name}.docx",
        "format": "docx",
        "document": "list_docx",
        "headers": headers,
        "title": data.name,
        "nine_columns": data.nine_columns,
        "fault": None,
        "batch": data.batch,
        "rows": data.rows,
    }


def ds_notice(number: int, data: SeedList) -> dict[str, Any]:
    """A deep-synthesis batch's page, at its real path; batch 1's title names no batch."""
    date, path, _, _ = DEEP_SYNTHESIS_BATCHES[number]
    which = "" if number == 1 else f"第{_chinese_number(number)}批"
    notice = _notice(
        f"ds-{number:02d}", "deep_synthesis", path, DS_TITLE.format(which), f"{date} 16:30"
    )
    notice["url"] = data.page or notice["url"]
    notice["paragraphs"] = [
        f"根据《互联网信息服务深度合成管理规定》，现公开发布{which}境内深度合成服务算法备案信息，"
        f"共{len(data.rows)}个，具体信息可登录互联网信息服务算法备案系统查询。"
    ]
    notice["attachments"] = [docx_attachment(data, "DEEP_SYNTHESIS_HEADERS", f"ds-{number}")]
    if number > 1:
        api_type = API_TYPES["deep_synthesis"]
        content = data.page or notice["url"]
        notice["api"] = {"noticeId": notice_id_for(path), "type": api_type, "content": content}
    return notice


def algorithm_notice(lists: list[SeedList]) -> dict[str, Any]:
    """The one algorithm page, updated in place: a DOCX per period, oldest first."""
    notice = _notice("algorithm", "algorithm", ALGORITHM_PAGE, ALGORITHM_TITLE, "2022-08-12 17:00")
    latest = max(data.batch for data in lists)
    notice["paragraphs"] = [
        "根据《互联网信息服务算法推荐管理规定》，现公开发布境内互联网信息服务算法备案信息。",
        f"（{month_text(latest)}更新）",
    ]
    notice["attachments"] = [
        docx_attachment(data, "ALGORITHM_HEADERS", f"algorithm-{data.batch}")
        for data in sorted(lists, key=lambda d: d.batch)
    ]
    return notice


def genai_sections(data: SeedList) -> list[dict[str, Any]]:
    """The tables of a period's PDF, in the layout of its period.

    Until 2024-04 one 已备案 table; until 2025-01 the 已登记 rows continue the same table under
    an embedded header row; from 2025-03 separate titled tables with the new headers, and in
    2026-08 a third (端侧) table.
    """
    filed = [row for row in data.rows if row["list_type"] == "genai_filed"]
    registered = [row for row in data.rows if row["list_type"] == "genai_registered"]
    if data.batch <= "2025-01":
        sections = [_section(None, "GENAI_FILED_HEADERS_2024", filed)]
        if registered:
            sections.append(_section(None, "GENAI_REGISTERED_HEADERS", registered, True))
        return sections
    sections = [
        _section(SECTION_TITLES["filed"], "GENAI_FILED_HEADERS", filed),
        _section(SECTION_TITLES["registered"], "GENAI_REGISTERED_HEADERS", registered),
    ]
    if data.on_device:
        sections.append(_section(SECTION_TITLES["on_device"], "ON_DEVICE_HEADERS", data.on_device))
    return sections


def _section(
    title: str | None, headers: str, rows: list[dict[str, Any]], same_table: bool = False
) -> dict[str, Any]:
    return {"title": title, "headers": headers, "same_table": same_table, "rows": rows}


def genai_attachment(data: SeedList) -> dict[str, Any]:
    """A period's PDF, linked as the page links it (once with a 附件7： prefix)."""
    name = LINK_PREFIX.sub("", data.name)
    return {
        "token": data.token or token_for(f"genai-{data.batch}"),
        "text": data.name,
        "filename": f"{name}.pdf",
        "format": "pdf",
        "document": "genai_pdf",
        "title": name,
        "fault": None,
        "batch": data.batch,
        "sections": genai_sections(data),
    }


def genai_page_notice(lists: list[SeedList]) -> dict[str, Any]:
    """The long-lived generative-AI page (2024-04-02): one PDF per period, oldest first."""
    notice = _notice("genai", "genai", GENAI_PAGE, GENAI_TITLE, "2024-04-02 18:00")
    ordered = sorted(lists, key=lambda d: d.batch)
    notice["paragraphs"] = [
        "根据《生成式人工智能服务管理暂行办法》，现公开发布生成式人工智能服务已备案信息。",
        f"（{month_text(ordered[-1].batch)}更新）",
    ]
    notice["attachments"] = [genai_attachment(data) for data in ordered]
    return notice


def relink(original: dict[str, Any], key: str) -> dict[str, Any]:
    """Another notice's link to the same file: other token, plain list name, no rows."""
    return {
        "token": token_for(key),
        "text": original["title"],
        "filename": original["filename"],
        "format": original["format"],
        "fault": None,
        "batch": original["batch"],
        "same_as": original["token"],
    }


def genai_relinking_notices(genai_page: dict[str, Any]) -> list[dict[str, Any]]:
    """The per-period notice (2025年7月至8月) and the annual notices: each links a file the
    generative-AI page links, under another token."""
    files = {attachment["batch"]: attachment for attachment in genai_page["attachments"]}
    notices = []
    path, date, title, batch = GENAI_PERIOD_NOTICE
    if batch in files:
        period = _notice("genai-2025-08", "genai", path, title, f"{date} 15:00")
        period["paragraphs"] = ["现公开发布2025年7月至8月生成式人工智能服务已备案和已登记信息。"]
        period["attachments"] = [relink(files[batch], f"genai-notice-{batch}")]
        notices.append(period)
    notices += [annual_notice(year, files) for year in ANNUAL_YEARS]
    return notices


def annual_notice(year: int, files: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """An annual notice stating the cumulative totals at the year's end, linking the last
    period file published for that year."""
    cutoff = f"{year}-12-31"
    total = next(t for t in GENAI_TOTALS if t.cutoff == cutoff)
    notice = _notice(
        f"annual-{year}",
        "genai",
        ANNUAL_YEARS[year],
        ANNUAL_TITLE.format(year),
        f"{ANNUAL_DATES[year]} 10:00",
    )
    notice["kind"] = "annual"
    notice["paragraphs"] = [
        f"截至{year}年12月31日，累计有{total.filed}款生成式人工智能服务完成备案，"
        f"{total.registered}款生成式人工智能应用或功能完成登记。"
    ]
    last = max((batch for batch in files if batch <= f"{year + 1}-01"), default=None)
    if last:
        notice["attachments"] = [relink(files[last], f"annual-{year}-{last}")]
    return notice


def on_device_notice(data: SeedList) -> dict[str, Any]:
    """The notice of 7 on-device services (2026-07-15) with its PDF table."""
    notice = _notice("on-device", "genai", ON_DEVICE_PAGE, ON_DEVICE_TITLE, "2026-07-15 16:00")
    notice["paragraphs"] = [
        f"现公开发布提供手机端侧生成式人工智能服务已备案信息，共{len(data.rows)}款。"
    ]
    section = _section(None, "ON_DEVICE_HEADERS", data.rows)
    notice["attachments"] = [
        {
            "token": data.token or token_for("on-device"),
            "text": data.name,
            "filename": f"{data.name}.pdf",
            "format": "pdf",
            "document": "genai_pdf",
            "title": data.name,
            "fault": None,
            "batch": data.batch,
            "sections": [section],
        }
    ]
    return notice


def cancellation_notice(data: SeedList) -> dict[str, Any]:
    """A cancellation notice on the filing system: HTML text quoting a /static/fileUpload path
    (which answers 404), its list a PDF at fileDownLoad?noticeId=…"""
    notice_id = data.notice_id or notice_id_for(f"cancellation-{data.date}")
    notice = _notice(f"cancel-{data.date}", "cancellation", None, data.name, f"{data.date} 10:30")
    upload = f"{STATIC_UPLOAD}/{data.date.replace('-', '')}/{notice_id[7:]}.pdf"
    stated = f"{len(data.rows)}个" if "等算法" not in data.name else ""
    notice["paragraphs"] = [
        "根据《互联网信息服务算法推荐管理规定》《互联网信息服务深度合成管理规定》，"
        f"经备案主体申请，现注销以下{stated}算法的备案编号。"
    ]
    content = f'<p>{notice["paragraphs"][0]}</p><p>附件：<a href="{upload}">{data.name}.pdf</a></p>'
    notice["api"] = {"noticeId": notice_id, "type": API_TYPES["cancellation"], "content": content}
    notice["attachments"] = [
        {
            "token": None,
            "notice_id": notice_id,
            "text": data.name,
            "filename": f"{data.name}.pdf",
            "format": "pdf",
            "document": "cancellation_pdf",
            "title": data.name,
            "fault": None,
            "batch": data.batch,
            "rows": data.rows,
        }
    ]
    return notice


def other_notices() -> list[dict[str, Any]]:
    """Unrelated notices: pages on the site, and filing-system notices in the API."""
    notices = []
    for number, (path, when, title, paragraphs) in enumerate(WWW_OTHERS, start=1):
        notice = _notice(f"other-{number}", "other", path, title, when)
        notice["paragraphs"] = list(paragraphs)
        notices.append(notice)
    for number, (when, title, text) in enumerate(BEIAN_OTHERS, start=1):
        notice = _notice(f"board-{number}", "other", None, title, when)
        notice["paragraphs"] = [text]
        content = f"<p>{text}</p>"
        api_type = API_TYPES["other"]
        notice["api"] = {"noticeId": notice_id_for(title), "type": api_type, "content": content}
        notices.append(notice)
    return notices


def add_fault_links(notices: list[dict[str, Any]]) -> None:
    """Two broken links that carry no rows: a 更正 list on batch 2's page answering the
    web-firewall challenge page (HTTP 200), and the algorithm page's first list in its 原版
    answering 404."""
    by_key = {notice["key"]: notice for notice in notices}
    for key, suffix, fault in (
        ("ds-02", "（更正）", FAULT_CHALLENGE),
        ("algorithm", "（原版）", FAULT_MISSING),
    ):
        first = by_key[key]["attachments"][0]
        text = first["text"] + suffix
        by_key[key]["attachments"].append(
            {
                "token": token_for(f"fault-{key}"),
                "text": text,
                "filename": f"{text}.docx",
                "format": "docx",
                "fault": fault,
                "batch": first["batch"],
            }
        )
