"""Every label the UI shows, in 中文 and English; the data itself stays as published.

`text(lang, key, **values)` formats one UI string; `column(lang, name)` names a table column;
`value(lang, field, code)` names a coded value (list type, status) or glosses a published one
(role and algorithm category, in English). Both languages have exactly the same keys
(tests/test_ui_units.py).
"""

from typing import Final

LANGS: Final = ("zh", "en")
DEFAULT_LANG: Final = "zh"
LANG_NAMES: Final = {"zh": "中文", "en": "English"}

HELP_ZH: Final = """\
- 空格分隔的词语须**全部**出现（名称、主体、产品、用途、角色、算法类别或适用场景中的任意位置）：
  `人脸 融合`
- 字段：`company:百度` `name:推荐` `product:抖音` `purpose:语音` `role:技术支持`
  `category:个性化`（算法类别，即个性化推送类） `scenario:手机`（端侧服务的适用场景）
- `type:deep_synthesis`（或 `type:genai`、`type:深度合成`） `province:北京` `year:2024`
  `batch:2024-04`（`batch:2024` 即 2024 年各批） `status:cancelled`（或 `status:注销`）
- 备案编号前缀：`网信算备110108`、`Beijing-YunQue`
- `AND` `OR` `NOT`（大写）、`-词语`、括号和 `"引号短语"`：`(字节 OR 百度) NOT 推荐`
- 别名：`ByteDance`、`Alibaba` 等英文名可找到集团内各主体；`company:字节` 同理
- 无法解析的查询按普通词语搜索，并在结果上方说明。"""

HELP_EN: Final = """\
- Words separated by spaces must **all** appear (in the name, company, product, purpose, role,
  algorithm category or scenario): `人脸 融合`
- Fields: `company:百度` `name:推荐` `product:抖音` `purpose:语音` `role:技术支持`
  `category:个性化` (algorithm category: 个性化推送类) `scenario:手机` (of on-device services)
- `type:deep_synthesis` (or `type:genai`, `type:深度合成`) `province:北京` (or `beijing`)
  `year:2024` `batch:2024-04` (`batch:2024` = every 2024 batch) `status:cancelled`
- Filing-number prefixes: `网信算备110108`, `Beijing-YunQue`
- `AND` `OR` `NOT` (upper case), `-word`, parentheses and `"quoted phrases"`:
  `(字节 OR 百度) NOT 推荐`
- Aliases: English names such as `ByteDance` or `Alibaba` find every entity of the group;
  so does `company:字节`
- A query that cannot be read is searched as plain words, and the page says so."""

TEXT: Final[dict[str, dict[str, str]]] = {
    "zh": {
        "app_title": "网信办算法备案查询",
        "data_as_of": "数据截至 {date}（表中最新一份网信办公告的日期）",
        "language": "语言 Language",
        "page_search": "检索",
        "page_company": "主体",
        "page_overview": "概览",
        "search_label": "检索备案",
        "search_placeholder": "字节、人脸融合、company:百度 year:2024、网信算备110108…",
        "help_title": "检索语法",
        "help_body": HELP_ZH,
        "sort_label": "排序",
        "filters": "筛选",
        "choose": "全部（可多选）",
        "filter_list_type": "清单类型",
        "filter_role": "角色",
        "filter_category": "算法类别",
        "filter_province": "省份（或属地）",
        "filter_batch": "批次范围",
        "filter_status": "状态",
        "batch_caption": "{low} 至 {high}：{count:,} 条",
        "empty_value": "（空）",
        "matches": "共 **{shown:,}** 条备案记录",
        "matches_filtered": "共 **{shown:,}** 条备案记录（检索结果 {total:,} 条，经侧栏筛选）",
        "no_results": (
            "没有找到备案记录。可以试试：减少词语或换用更短的词（`人脸` 而非 `人脸融合算法`）；"
            "用 `OR` 连接几种说法；用 `company:` 检索主体名称的一部分；清除侧栏的筛选条件。"
        ),
        "malformed": "查询未能完整解析，已按普通词语检索。{message}",
        "download_csv": "下载 CSV（{count:,} 行）",
        "download_xlsx": "下载 Excel（{count:,} 行）",
        "download_help": "所显示的各行及其全部字段（含来源与派生字段），与 cacfilings export 相同",
        "top_companies": "结果中最常见的主体：{companies}",
        "pick_company": "查看主体",
        "open_company": "打开主体页面",
        "no_index": (
            "还没有检索索引（{path}）。先运行 `cacfilings crawl` 下载并解析清单，"
            "再运行 `cacfilings build` 建立索引。"
        ),
        "empty_index": (
            "检索索引是空的（{path}）。运行 `cacfilings crawl` 下载清单，"
            "或在已有下载时运行 `cacfilings build` 重建索引。"
        ),
        "outdated_index": (
            "检索索引（{path}）由另一版本的 cacfilings 建立，无法读取。"
            "运行 `cacfilings build` 重建索引。"
        ),
        "company_title": "主体",
        "choose_company": "选择主体",
        "choose_company_hint": "在上方选择一个主体，或在检索页点击“打开主体页面”。",
        "unknown_company": "没有名为“{name}”的主体。",
        "variants": "清单中的写法：{names}",
        "metric_rows": "清单记录",
        "metric_filings": "备案编号",
        "metric_active": "有效",
        "metric_cancelled": "已注销",
        "metric_batches": "批次",
        "timeline": "各批次记录数",
        "filings": "备案编号解读",
        "cancelled_list": "已注销：{items}",
        "listings": "全部清单记录",
        "history": "某一备案编号出现在哪些清单",
        "choose_filing": "备案编号",
        "count": "数量",
        "overview_title": "概览",
        "metric_listed": "清单记录",
        "metric_unique": "备案（去重）",
        "metric_companies": "主体",
        "per_batch": "各批次新增备案（首次出现），按清单类型",
        "top_provinces": "备案最多的省份",
        "top_company_chart": "备案最多的主体",
        "roles_chart": "服务提供者与服务技术支持者",
        "latest": "最新批次 {batch} 新增了什么",
        "latest_summary": (
            "{batch} 批次新增 **{filings:,}** 项备案，来自 **{companies:,}** 个主体"
            "（其中 **{first_time:,}** 个首次出现）；注销 **{cancellations:,}** 项。"
        ),
        "metric_new_filings": "新增备案",
        "metric_new_companies": "首次出现的主体",
        "metric_cancellations": "注销",
    },
    "en": {
        "app_title": "CAC algorithm filings",
        "data_as_of": "Data as of {date} (the date of the newest CAC notice in the table)",
        "language": "语言 Language",
        "page_search": "Search",
        "page_company": "Company",
        "page_overview": "Overview",
        "search_label": "Search the filings",
        "search_placeholder": "字节, 人脸融合, company:百度 year:2024, 网信算备110108…",
        "help_title": "Query language",
        "help_body": HELP_EN,
        "sort_label": "Sort",
        "filters": "Filters",
        "choose": "All (choose any)",
        "filter_list_type": "List type",
        "filter_role": "Role",
        "filter_category": "Algorithm category",
        "filter_province": "Province (or 属地)",
        "filter_batch": "Batches",
        "filter_status": "Status",
        "batch_caption": "{low} to {high}: {count:,} rows",
        "empty_value": "(empty)",
        "matches": "**{shown:,}** matching filings",
        "matches_filtered": "**{shown:,}** matching filings ({total:,} before the sidebar filters)",
        "no_results": (
            "No filings match. Try fewer or shorter words (`人脸` rather than `人脸融合算法`), "
            "join alternatives with `OR`, search part of a company name with `company:`, or "
            "clear the sidebar filters."
        ),
        "malformed": "The query could not be read as written and was searched as plain words. "
        "{message}",
        "download_csv": "Download CSV ({count:,} rows)",
        "download_xlsx": "Download Excel ({count:,} rows)",
        "download_help": "The rows shown, with every column (provenance and derived ones too), "
        "as `cacfilings export` writes them",
        "top_companies": "Most frequent companies in these results: {companies}",
        "pick_company": "Company",
        "open_company": "Open company page",
        "no_index": (
            "There is no search index yet ({path}). Run `cacfilings crawl` to download and parse "
            "the lists, then `cacfilings build` to index them."
        ),
        "empty_index": (
            "The search index is empty ({path}). Run `cacfilings crawl` to download the lists, "
            "or `cacfilings build` to rebuild the index from what was downloaded."
        ),
        "outdated_index": (
            "The search index ({path}) was built by another version of cacfilings and cannot be "
            "read. Run `cacfilings build` to rebuild it."
        ),
        "company_title": "Company",
        "choose_company": "Choose a company",
        "choose_company_hint": "Choose a company above, or use “Open company page” on the "
        "search page.",
        "unknown_company": "No company is named “{name}”.",
        "variants": "Spellings in the lists: {names}",
        "metric_rows": "List rows",
        "metric_filings": "Filing numbers",
        "metric_active": "Active",
        "metric_cancelled": "Cancelled",
        "metric_batches": "Batches",
        "timeline": "Rows per batch",
        "filings": "Filing numbers decoded",
        "cancelled_list": "Cancelled: {items}",
        "listings": "Every list row",
        "history": "Where one filing number appears",
        "choose_filing": "Filing number",
        "count": "Count",
        "overview_title": "Overview",
        "metric_listed": "List rows",
        "metric_unique": "Filings (unique)",
        "metric_companies": "Companies",
        "per_batch": "New filings per batch (first listing), by list type",
        "top_provinces": "Provinces with the most filings",
        "top_company_chart": "Companies with the most filings",
        "roles_chart": "Service providers and technical supporters",
        "latest": "What the latest batch, {batch}, added",
        "latest_summary": (
            "Batch {batch} added **{filings:,}** new filing(s) from **{companies:,}** "
            "company(ies), **{first_time:,}** of them listed for the first time; "
            "**{cancellations:,}** filing(s) cancelled."
        ),
        "metric_new_filings": "New filings",
        "metric_new_companies": "New companies",
        "metric_cancellations": "Cancellations",
    },
}

COLUMNS: Final[dict[str, dict[str, str]]] = {
    "zh": {
        "list_type": "清单类型",
        "batch": "批次",
        "seq": "序号",
        "name": "算法/模型名称",
        "role": "角色",
        "category": "算法类别",
        "company": "主体名称",
        "product": "应用产品",
        "purpose": "主要用途",
        "scenario": "适用场景",
        "filing_no": "备案编号",
        "filing_date": "备案日期",
        "filing_date_note": "备案日期说明",
        "jurisdiction": "属地",
        "remarks": "备注",
        "cancel_month": "注销时间",
        "notice_url": "公告",
        "attachment_url": "附件",
        "attachment_sha256": "附件 SHA-256",
        "source_locator": "附件中位置",
        "notice_date": "公告日期",
        "status": "状态",
        "cancelled_by": "注销公告",
        "cancelled_on": "注销日期",
        "first_seen": "首次出现",
        "division_code": "行政区划代码",
        "province": "省份",
        "city": "城市",
        "district": "区县",
        "filing_category": "编号所示类别",
        "central_soe": "中央企业",
        "company_key": "主体归并键",
        "events": "备注事件",
        "problems": "问题",
        "region": "地区",
        "filing_year": "备案年份",
        "filing_no_date": "编号中的日期",
        "list_types": "清单类型",
        "batches": "批次",
        "rows": "记录数",
        "filings": "备案数",
    },
    "en": {
        "list_type": "List type",
        "batch": "Batch",
        "seq": "No.",
        "name": "Algorithm / model",
        "role": "Role",
        "category": "Algorithm category",
        "company": "Company",
        "product": "Product",
        "purpose": "Purpose",
        "scenario": "Scenario (on-device)",
        "filing_no": "Filing number",
        "filing_date": "Filing date",
        "filing_date_note": "Filing date note",
        "jurisdiction": "Jurisdiction (属地)",
        "remarks": "Remarks",
        "cancel_month": "Cancelled in (month)",
        "notice_url": "Notice",
        "attachment_url": "Attachment",
        "attachment_sha256": "Attachment SHA-256",
        "source_locator": "Place in attachment",
        "notice_date": "Notice date",
        "status": "Status",
        "cancelled_by": "Cancellation notice",
        "cancelled_on": "Cancelled on",
        "first_seen": "First listed",
        "division_code": "Division code",
        "province": "Province",
        "city": "City",
        "district": "District",
        "filing_category": "Category in number",
        "central_soe": "Central SOE",
        "company_key": "Company key",
        "events": "Remark events",
        "problems": "Problems",
        "region": "Region",
        "filing_year": "Filing year",
        "filing_no_date": "Date in number",
        "list_types": "List types",
        "batches": "Batches",
        "rows": "Rows",
        "filings": "Filings",
    },
}

VALUES: Final[dict[str, dict[str, dict[str, str]]]] = {
    "zh": {
        "list_type": {
            "deep_synthesis": "深度合成",
            "genai_filed": "生成式AI（已备案）",
            "genai_registered": "生成式AI（已登记）",
            "algorithm": "算法推荐",
            "cancellation": "注销公告",
        },
        "status": {"active": "有效", "cancelled": "已注销", "cancellation": "注销公告"},
        "sort": {"relevance": "相关度", "date": "批次（新→旧）", "date_asc": "批次（旧→新）"},
        "link": {"notice_url": "公告 ↗", "attachment_url": "附件 ↗"},
        "role": {},
        "category": {},
    },
    "en": {
        "list_type": {
            "deep_synthesis": "Deep synthesis",
            "genai_filed": "Generative AI, filed",
            "genai_registered": "Generative AI, registered",
            "algorithm": "Recommendation algorithm",
            "cancellation": "Cancellation notice",
        },
        "status": {"active": "active", "cancelled": "cancelled", "cancellation": "cancellation"},
        "sort": {
            "relevance": "Relevance",
            "date": "Batch, newest first",
            "date_asc": "Batch, oldest first",
        },
        "link": {"notice_url": "notice ↗", "attachment_url": "attachment ↗"},
        "role": {
            "服务提供者": "服务提供者 (provider)",
            "服务技术支持者": "服务技术支持者 (technical supporter)",
            "服务提供者、服务技术支持者": "服务提供者、服务技术支持者 (both)",
        },
        "category": {
            "个性化推送类": "个性化推送类 (personalised push)",
            "检索过滤类": "检索过滤类 (search filtering)",
            "排序精选类": "排序精选类 (ranking and selection)",
            "调度决策类": "调度决策类 (scheduling and decisions)",
            "生成合成类": "生成合成类 (generation and synthesis)",
            "信息检索类": "信息检索类 (information retrieval)",
            "内容过滤类": "内容过滤类 (content filtering)",
        },
    },
}


def lang_or_default(lang: str | None) -> str:
    """`lang` when it is one of LANGS, else the default (中文)."""
    return lang if lang in LANGS else DEFAULT_LANG


def text(lang: str, key: str, **values: object) -> str:
    """The UI string `key` in `lang`, formatted with `values`."""
    template = TEXT[lang_or_default(lang)][key]
    return template.format(**values) if values else template


def column(lang: str, name: str) -> str:
    """The readable label of a table column (the column name itself when there is none)."""
    return COLUMNS[lang_or_default(lang)].get(name, name)


def value(lang: str, field: str, code: str) -> str:
    """A coded value as words, a published one glossed (English roles); empties named."""
    if code == "":
        return text(lang, "empty_value")
    return VALUES[lang_or_default(lang)].get(field, {}).get(code, code)
