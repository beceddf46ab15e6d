"""Scrapy settings for the cacfilings crawler: polite defaults for a slow government site."""

from crawler.constants import REAL_NOTICE_API, REAL_SITE

BOT_NAME = "cacfilings"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"

USER_AGENT = (
    "cacfilings/0.1 (+https://github.com/cacfilings/cacfilings; filing-list research crawler)"
)
ROBOTSTXT_OBEY = True

CONCURRENT_REQUESTS = 4
CONCURRENT_REQUESTS_PER_DOMAIN = 1
DOWNLOAD_DELAY = 2.0
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 2.0
AUTOTHROTTLE_MAX_DELAY = 60.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
DOWNLOAD_TIMEOUT = 90
RETRY_ENABLED = True
RETRY_TIMES = 4
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]

ITEM_PIPELINES = {
    "crawler.pipelines.ValidationPipeline": 100,
    "crawler.pipelines.AttachmentsPipeline": 200,
    "crawler.pipelines.ManifestPipeline": 300,
}
FILES_STORE = "data/raw/files"
FILES_EXPIRES = 3650
MEDIA_ALLOW_REDIRECTS = True

FEED_EXPORT_ENCODING = "utf-8"
LOG_LEVEL = "INFO"

# Where to look for notices. `cacfilings crawl --site URL` rewrites the site and API.
CAC_SITE = REAL_SITE
CAC_NOTICE_API = REAL_NOTICE_API
CAC_LIST_PAGES = ["/wxzw/A0937index_1.htm"]
CAC_KNOWN_NOTICES = [
    "/2023-06/20/c_1688910683316256.htm",
    "/2023-09/01/c_1695224377544009.htm",
    "/2026-07/17/c_1786032856662750.htm",
    "/2022-08/12/c_1661927474338504.htm",
    "/2024-04/02/c_1713729983803145.htm",
]
# Where the manifest is written; set from the data directory at run time.
CAC_MANIFEST = "data/raw/manifest.json"
