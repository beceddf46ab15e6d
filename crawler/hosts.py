"""Where the CAC is reached: the site (www.cac.gov.cn) and the filing system (beian.cac.gov.cn),
or both on one --site (a replica); which links are followed and how they map onto the hosts."""

from dataclasses import dataclass
from typing import Final
from urllib.parse import quote, urlsplit

# The real host names: pages (and old http:// links) and the filing system.
CAC_HOSTS: Final = frozenset({"www.cac.gov.cn", "cac.gov.cn"})
FILING_HOSTS: Final = frozenset({"beian.cac.gov.cn"})
FILE_DOWNLOAD: Final = "/api/file/fileDownLoad?noticeId={}"
BOARD_NOTICE: Final = "/#/notice/{}"


@dataclass(frozen=True)
class SiteHosts:
    """Where the site (www.cac.gov.cn) and the filing system (beian.cac.gov.cn) are reached:
    the real hosts, or both on one --site (a replica)."""

    site: str
    filing_site: str

    def on_site(self, path: str) -> str:
        """A site-relative path (/2024-04/02/c_1.htm) on the site."""
        return self.site + "/" + path.lstrip("/")

    def map(self, url: str) -> str | None:
        """`url` on the configured hosts (real host names mapped onto them, http:// links
        onto their scheme), or None when it is not an http(s) URL on one of them."""
        parts = urlsplit(url)
        base = self._base(parts.scheme.lower(), (parts.hostname or "").lower(), parts.netloc)
        if base is None:
            return None
        return base + (parts.path or "/") + (f"?{parts.query}" if parts.query else "")

    def refusal(self, url: str) -> str:
        """Why an attachment link `url` is not followed."""
        scheme = urlsplit(url).scheme.lower()
        if scheme not in ("http", "https"):
            return f"link not followed: a {scheme or 'relative'}: link, not an http(s) download"
        hosts = " or ".join(sorted({urlsplit(self.site).netloc, urlsplit(self.filing_site).netloc}))
        return f"link not followed: {urlsplit(url).netloc} is another host than {hosts}"

    def file_download(self, notice_id: str) -> str:
        """The download of a filing-system notice's list (a PDF)."""
        return self.filing_site + FILE_DOWNLOAD.format(quote(notice_id, safe=""))

    def board_notice(self, notice_id: str) -> str:
        """The URL a filing-system notice is recorded under."""
        return self.filing_site + BOARD_NOTICE.format(quote(notice_id, safe=""))

    @property
    def filing_referer(self) -> str:
        """The Referer the filing system's own pages send."""
        return self.filing_site + "/"

    def _base(self, scheme: str, host: str, netloc: str) -> str | None:
        if scheme not in ("http", "https"):
            return None
        if host in CAC_HOSTS:
            return self.site
        if host in FILING_HOSTS:
            return self.filing_site
        bases = (self.site, self.filing_site)
        return next((base for base in bases if urlsplit(base).netloc == netloc), None)
