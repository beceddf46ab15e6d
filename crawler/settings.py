"""Scrapy settings for the cacfilings crawler: polite defaults for a slow government site.

Data locations follow $CACFILINGS_DATA_DIR (default ./data), so the spider writes to the same
place whether `cacfilings refresh`, `scrapy crawl cac` or Scrapyd runs it.
"""

import os
from urllib.parse import urlsplit

from crawler.constants import REAL_NOTICE_API, REAL_SITE
from crawler.families import ANNUAL_NOTICE_PATHS
from crawler.official import ALGORITHM_PAGE, DEEP_SYNTHESIS_BATCHES, GENAI_PAGE, ON_DEVICE_PAGE
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
# Scrapy's cookie middleware builds a tldextract splitter when it is imported, after these
# settings load: with no URLs to fetch it uses the public suffix list bundled with tldextract
# instead of trying to download one (offline, that logged a traceback per attempt).
os.environ.setdefault("TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS", "")
# Quiet by default: `cacfilings -v` turns the stats dump (and DEBUG lines) on (crawler/run.py).
STATS_DUMP = False
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

# Where to look for notices: the site (www.cac.gov.cn), the filing system (beian.cac.gov.cn)
# and its notice API. `--site URL` puts all three on one host (crawler/run.py).
CAC_SITE = REAL_SITE
CAC_FILING_SITE = "{0.scheme}://{0.netloc}".format(urlsplit(REAL_NOTICE_API))
CAC_NOTICE_API = REAL_NOTICE_API
CAC_LIST_PAGES = ["/wxzw/A0937index_1.htm"]
# The notices the API snapshot may miss: every deep-synthesis batch, the algorithm page, the
# generative-AI page, the on-device notice and the annual notices (crawler/official.py,
# crawler/families.py). Period notices of generative AI are found on the list pages.
CAC_KNOWN_NOTICES = [
    *(path for _, path, _, _ in DEEP_SYNTHESIS_BATCHES.values()),
    ALGORITHM_PAGE,
    GENAI_PAGE,
    ON_DEVICE_PAGE,
    *ANNUAL_NOTICE_PATHS,
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
