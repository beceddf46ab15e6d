"""Scrapy settings for the cacfilings crawler: polite defaults for a slow government site.

Data locations follow $CACFILINGS_DATA_DIR (default ./data), so the spider writes to the same
place whether `cacfilings refresh`, `scrapy crawl cac` or Scrapyd runs it.
"""

from crawler.constants import REAL_NOTICE_API, REAL_SITE
from crawler.paths import data_paths

BOT_NAME = "cacfilings"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"

# Identify ourselves, obey robots.txt, one request at a time, adaptive delays. One in total,
# not just per host: requests queued in the downloader cannot be recalled, so this is what lets
# a blocked crawl stop at once (CAC_BLOCKED_LIMIT) instead of sending what it had queued.
USER_AGENT = (
    "cacfilings/0.1 (+https://github.com/cacfilings/cacfilings; filing-list research crawler)"
)
ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS = 1
CONCURRENT_REQUESTS_PER_DOMAIN = 1
DOWNLOAD_DELAY = 2.0
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 2.0
AUTOTHROTTLE_MAX_DELAY = 60.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0

# The site is slow at times: generous timeouts, retries that back off (5 s, 10 s, 20 s, 40 s).
DOWNLOAD_TIMEOUT = 90
RETRY_ENABLED = True
RETRY_TIMES = 4
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
RETRY_BACKOFF_BASE = 5.0
RETRY_BACKOFF_MAX = 120.0
DOWNLOADER_MIDDLEWARES = {
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "crawler.middlewares.BackoffRetryMiddleware": 550,
}
# No telnet console, and no remote-control HTTP server that runs code sent to it.
TELNETCONSOLE_ENABLED = False
REMOTE_CONTROL_ENABLED = False
# For `scrapy crawl cac` and Scrapyd: with CAC_REFRESH_ON_CLOSE=True a crawl is a whole refresh.
EXTENSIONS = {"crawler.extensions.RefreshOnClose": 500}
CAC_REFRESH_ON_CLOSE = False

ITEM_PIPELINES = {
    "crawler.pipelines.ValidationPipeline": 100,
    "crawler.pipelines.AttachmentsPipeline": 200,
    "crawler.pipelines.ManifestPipeline": 300,
}
_paths = data_paths()
FILES_STORE = str(_paths.files)
FILES_EXPIRES = 3650
MEDIA_ALLOW_REDIRECTS = True

FEED_EXPORT_ENCODING = "utf-8"
LOG_LEVEL = "INFO"

# Where to look for notices. `cacfilings refresh --site URL` rewrites the site and API.
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
# The data directory, the manifest of stored attachments, the fingerprints of notice pages seen.
CAC_DATA_DIR = str(_paths.root)
CAC_MANIFEST = str(_paths.manifest)
CAC_NOTICE_STATE = str(_paths.notice_state)
# True: walk every list page and re-ask every stored attachment (conditional GET).
CAC_RECHECK = False
# Stop the crawl after this many blocked answers (403, challenge page, reset) on pages.
CAC_BLOCKED_LIMIT = 3
# Public URL of data/changes.atom, for the feed's rel="self" link (refresh --feed-url).
CAC_FEED_URL = ""
