"""Every label the UI shows, in 中文 and English; the data itself stays as published.

`text(lang, key, **values)` formats one UI string; `column(lang, name)` names a table column;
`value(lang, field, code)` names a coded value (list type, status) or glosses a published one
(role and algorithm category, in English). Both languages have exactly the same keys
(tests/test_ui_units.py).
"""

from typing import Final

from ui.english import CATEGORIES, ROLES, glosses, list_type_glosses, province_glosses

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
- 英文词汇表：`face swap`、`chatbot`、`digital human`、`voice clone` 等英文说法也会检索清单中的
  中文用语（如 `face swap` 找到 人脸替换、换脸），结果上方会说明
- 每一行是一份清单中的一条记录；同一备案可出现在多份清单中，所以行数可多于不同备案的数量
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
- English glossary: `face swap`, `chatbot`, `digital human`, `voice clone` and other English
  terms also search the Chinese words the lists use (`face swap` finds 人脸替换, 换脸); the page
  says when it did
- Each row is one entry of one list; a filing can appear in several lists, so there can be more
  rows than distinct filings
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
        "matches": "共 **{shown:,}** 行清单记录，涉及 **{filings:,}** 项不同备案",
        "matches_filtered": (
            "共 **{shown:,}** 行清单记录，涉及 **{filings:,}** 项不同备案"
            "（检索结果 {total:,} 行，经侧栏筛选）"
        ),
        "rows_caption": (
            "一行是一份清单中的一条记录。同一备案可出现在多份清单中（生成式AI清单逐期累计，"
            "注销公告再次列出已注销的备案），所以行数可多于不同备案的数量。"
        ),
        "url_unknown_param": "链接中的参数“{param}={value}”本页不认识，已忽略。",
        "url_unknown_value": "链接中“{param}”的值“{value}”在数据中没有，已忽略。",
        "url_bad_sort": "链接中的排序方式“{value}”无法识别，已按相关度排序（可用：{sorts}）。",
        "url_empty_range": "链接中的批次范围 {value} 内没有已收录的批次，已显示全部批次。",
        "url_range": "链接中的批次范围 {value} 按其中已收录的批次显示：{low} 至 {high}。",
        "url_read_as": "链接中的“{param}={value}”按 {values} 筛选。",
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
        "choose_company": "选择或输入主体、简称或集团",
        "choose_company_hint": "在上方选择一个主体，或在检索页点击“打开主体页面”。",
        "unknown_company": "没有名为“{name}”的主体。",
        "variants": "清单中的写法：{names}",
        "metric_rows": "清单记录（行）",
        "metric_filings": "备案编号（不同）",
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
        "metric_list_rows": "清单记录（行）",
        "metric_distinct": "不同备案",
        "overview_counting": (
            "各清单共 **{rows:,}** 行记录，涉及 **{filings:,}** 项不同备案："
            "同一备案出现在多份清单时，只在首次出现的批次计一次；注销公告不算清单记录。"
        ),
        "category_chart": "各算法类别的备案（首次出现）",
        "genai_chart": "生成式AI服务累计数：表中与官方公布",
        "genai_caption": (
            "实线：表中截至各期已备案、已登记的不同服务数；圆点：网信办公布的累计数"
            "（截至 {cutoffs}）。"
        ),
        "new_vs_listed": "各批次清单记录：新增备案与此前已列出的备案",
        "new_vs_listed_caption": (
            "新增：该备案编号首次出现在清单中；此前已列出：该编号已在更早的批次中出现过。"
        ),
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
        "page_filing": "备案",
        "filing_title": "备案详情",
        "filing_input": "备案编号",
        "filing_hint": (
            "输入备案编号（可以只输入其中的数字，如 110108823483901230031），"
            "或在检索结果中点击“详情”。"
        ),
        "unknown_filing": "没有备案编号为“{number}”的清单记录。",
        "filing_candidates": "以“{number}”开头的备案编号：",
        "no_candidates": "也没有以它开头的备案编号。",
        "filing_active": "状态：**有效**（没有注销公告或“已注销”备注提到它）",
        "filing_cancelled": "状态：**已注销**（{date}）",
        "filing_cancelled_undated": "状态：**已注销**（清单备注标注“已注销”，网信办未公布日期）",
        "cancellation_notice": "注销公告 ↗",
        "decoded_title": "编号解读",
        "appearances": "出现在哪些清单（{rows:,} 行）",
        "events_title": "备注记录的事件",
        "no_events": "清单备注没有记录事件。",
        "filing_company": "主体：{company}",
        "company_link": "主体页面：{company}",
        "group_link": "集团页面：{group}",
        "documents_title": "来源文件",
        "document_line": "**{batch}** · {list_type} · {filename}",
        "notice_link": "公告页面 ↗",
        "download_original": "下载存档原件（{filename}）",
        "sha256_checked": "SHA-256 `{sha256}`，已与存档文件核对",
        "stored_copy_error": "无法提供 {filename} 的存档原件（{error}）。",
        "copy_unrecorded": "清单没有记录存档文件",
        "copy_missing": "存档文件不存在：{path}",
        "copy_mismatch": "存档文件的 SHA-256 与清单记录不符：{path}",
        "company_candidates": "“{name}”对应 {count:,} 个主体，请选择：",
        "former_names": "曾用名（清单备注记录）：{names}",
        "alias_note": (
            "{group}：别名表（index/aliases.csv）列出 {listed:,} 个主体，清单中有 {present:,} 个："
            "{names}"
        ),
        "group_entities": "集团内主体",
        "group_option": "{group}（集团）",
        "metric_entities": "主体",
        "rows_vs_filings": (
            "“清单记录（行）”数的是清单中的行；同一备案编号可出现在多份清单中"
            "（如后来的注销公告），所以行数可以多于“备案编号（不同）”。"
        ),
        "feed_title": "订阅新备案",
        "feed_download": "下载 Atom 订阅",
        "feed_show_command": "显示定时更新命令",
        "feed_caption": "每次 `cacfilings refresh` 之后运行下面的命令，订阅文件就会列出新的备案：",
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
        "matches": "**{shown:,}** list rows, naming **{filings:,}** distinct filings",
        "matches_filtered": (
            "**{shown:,}** list rows, naming **{filings:,}** distinct filings "
            "({total:,} rows before the sidebar filters)"
        ),
        "rows_caption": (
            "A row is one entry of one list. A filing can appear in several lists (the "
            "generative-AI lists are cumulative, a cancellation notice lists the filing again), "
            "so there can be more rows than distinct filings."
        ),
        "url_unknown_param": "The link's parameter “{param}={value}” is not one this page "
        "knows; it was ignored.",
        "url_unknown_value": "The link's “{param}” value “{value}” is not in the data; it was "
        "ignored.",
        "url_bad_sort": "The link's sort order “{value}” is not one of {sorts}; the rows are "
        "sorted by relevance.",
        "url_empty_range": "No stored batch falls in the link's range {value}; every batch is "
        "shown.",
        "url_range": "The link's range {value} shows the stored batches inside it: {low} to "
        "{high}.",
        "url_read_as": "The link's “{param}={value}” is read as {values}.",
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
        "choose_company": "Choose or type a company, short name or group",
        "choose_company_hint": "Choose a company above, or use “Open company page” on the "
        "search page.",
        "unknown_company": "No company is named “{name}”.",
        "variants": "Spellings in the lists: {names}",
        "metric_rows": "List rows",
        "metric_filings": "Filing numbers (distinct)",
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
        "metric_list_rows": "List rows",
        "metric_distinct": "Distinct filings",
        "overview_counting": (
            "The lists hold **{rows:,}** rows naming **{filings:,}** distinct filings: a filing "
            "listed more than once counts once, in the batch of its first listing; cancellation "
            "notices are not list rows."
        ),
        "category_chart": "Filings per algorithm category (first listing)",
        "genai_chart": "Generative-AI services to date: the table against the official totals",
        "genai_caption": (
            "Lines: distinct services filed and registered in the table up to each period; "
            "dots: the CAC's published cumulative totals (at {cutoffs})."
        ),
        "new_vs_listed": "Rows per batch: new filings and filings listed before",
        "new_vs_listed_caption": (
            "New: the filing number's first listing; listed before: the number appeared in an "
            "earlier batch."
        ),
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
        "page_filing": "Filing",
        "filing_title": "Filing",
        "filing_input": "Filing number",
        "filing_hint": (
            "Type a filing number (its digits alone will do, e.g. 110108823483901230031), or "
            "use “Details” in the search results."
        ),
        "unknown_filing": "No list row has the filing number “{number}”.",
        "filing_candidates": "Filing numbers starting with “{number}”:",
        "no_candidates": "No filing number starts with it either.",
        "filing_active": "Status: **active** (no cancellation notice or 已注销 remark names it)",
        "filing_cancelled": "Status: **cancelled** ({date})",
        "filing_cancelled_undated": (
            "Status: **cancelled** (a list's remark marks it 已注销; the CAC published no date)"
        ),
        "cancellation_notice": "Cancellation notice ↗",
        "decoded_title": "What the number says",
        "appearances": "Where it is listed ({rows:,} rows)",
        "events_title": "Events the remarks record",
        "no_events": "The lists' remarks record no events.",
        "filing_company": "Company: {company}",
        "company_link": "Company page: {company}",
        "group_link": "Group page: {group}",
        "documents_title": "Source documents",
        "document_line": "**{batch}** · {list_type} · {filename}",
        "notice_link": "Notice page ↗",
        "download_original": "Download the stored copy ({filename})",
        "sha256_checked": "SHA-256 `{sha256}`, checked against the stored file",
        "stored_copy_error": "No stored copy of {filename} can be served ({error}).",
        "copy_unrecorded": "the manifest records no stored file",
        "copy_missing": "the stored file is missing: {path}",
        "copy_mismatch": "the stored file's SHA-256 is not the one recorded: {path}",
        "company_candidates": "“{name}” matches {count:,} companies; choose one:",
        "former_names": "Former names (from the lists' remarks): {names}",
        "alias_note": (
            "{group}: {listed:,} entities in the alias list (index/aliases.csv), {present:,} of "
            "them in the lists: {names}"
        ),
        "group_entities": "Entities of the group",
        "group_option": "{group} (group)",
        "metric_entities": "Entities",
        "rows_vs_filings": (
            "“List rows” counts rows of the lists; one filing number can appear in several lists "
            "(a later cancellation notice, say), so there can be more rows than “Filing numbers "
            "(distinct)”."
        ),
        "feed_title": "Follow new filings",
        "feed_download": "Download the Atom feed",
        "feed_show_command": "Show the cron command",
        "feed_caption": "Run this after each `cacfilings refresh`; the feed lists new filings:",
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
        "filing_page": "详情",
        "when": "时间",
        "kind": "事件",
        "field": "字段",
        "old": "原为",
        "new": "变更为（新增）",
        "text": "备注原文",
        "filename": "文件名",
        "sha256": "SHA-256",
        "matched": "匹配之处",
        "label": "简称",
        "series": "数据",
        "listing": "记录类型",
        "period": "截至",
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
        "filing_page": "Details",
        "when": "When",
        "kind": "Event",
        "field": "Field",
        "old": "From",
        "new": "To (added)",
        "text": "Remark as printed",
        "filename": "File name",
        "sha256": "SHA-256",
        "matched": "Why it matched",
        "label": "Short name",
        "series": "Series",
        "listing": "Listing",
        "period": "Up to",
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
        "link": {"notice_url": "公告 ↗", "attachment_url": "附件 ↗", "filing_page": "详情"},
        "kind": {
            "cancelled": "已注销",
            "renamed": "主体更名",
            "product_added": "新增产品",
            "changed": "变更",
        },
        "role": {},
        "category": {},
        "province": {},
        "series": {"table": "表中", "official": "官方公布"},
        "listing": {"new": "新增备案", "relisted": "此前已列出"},
    },
    "en": {
        "list_type": list_type_glosses(),
        "status": {"active": "active", "cancelled": "cancelled", "cancellation": "cancellation"},
        "sort": {
            "relevance": "Relevance",
            "date": "Batch, newest first",
            "date_asc": "Batch, oldest first",
        },
        "link": {
            "notice_url": "notice ↗",
            "attachment_url": "attachment ↗",
            "filing_page": "Details",
        },
        "kind": {
            "cancelled": "cancelled",
            "renamed": "company renamed",
            "product_added": "product added",
            "changed": "changed",
        },
        "role": glosses(ROLES),
        "category": glosses(CATEGORIES),
        "province": province_glosses(),
        "series": {"table": "in the table", "official": "official total"},
        "listing": {"new": "new filings", "relisted": "listed before"},
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
