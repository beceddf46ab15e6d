"""The query language: words, `field:value`, quoted phrases, AND/OR/NOT, `-word`, parentheses.

Words are AND-ed; operators are upper-case (AND, OR, NOT; NOT binds tightest, then AND, then
OR). A plain word is a substring of name, company, product, purpose, role, category (算法类别)
or scenario (适用场景), or a prefix of the filing number or one of its runs; a word that looks
like a filing number (网信算备…, Beijing-YunQue-2023…) is a filing-number prefix. Fields:

    company: name: product: purpose: role:   substring of that column
    category: scenario:                      substring (category:个性化 -> 个性化推送类)
    filing_no: (also filing:, no:)           filing-number prefix
    type: (list_type:)                       list type, exact or prefix (type:genai), or 深度合成…
    province:                                part of the province (北京 -> 北京市; beijing too)
    year: (filing_year:)                     filing year, exact
    batch:                                   batch month, prefix (batch:2024 -> every 2024 batch)
    status:                                  active | cancelled (注销)

A word or quoted phrase equal to a company alias (ByteDance, 字节, "Ant Group") also finds that
group's entities. Malformed input never raises: it is searched as plain words, with a message.
Parentheses and NOTs nest at most MAX_DEPTH levels (deeper is malformed), and a query longer
than MAX_QUERY_CHARS is refused with a message and matches nothing.
"""

import re
from dataclasses import dataclass, field
from typing import Final, Literal, NamedTuple, TypeAlias

from crawler.constants import LIST_TYPES
from index.aliases import MAX_WORDS, Aliases
from index.schema import (
    PLAIN_FIELDS,
    TEXT_FIELDS,
    fold,
    has_cjk,
    normalize_filing_no,
    normalize_text,
)
from index.vocab import LIST_TYPE_NAMES, PROVINCE_NAMES, STATUS_NAMES

_FILING_NO: Final = re.compile(r"^(网信算备[\w-]*|[a-z]+-[a-z][a-z0-9]*-\d[\w-]*)$")
_QUOTES: Final = str.maketrans({"“": '"', "”": '"', "「": '"', "」": '"', "『": '"', "』": '"'})
_TOKEN: Final = re.compile(
    r"""(?P<paren>[()])
    | (?P<neg>-(?=[^\s\-()]))?
      (?: (?P<field>[a-z_]+):\s*(?:"(?P<fquoted>[^"]*)"|(?P<fvalue>[^\s()"]*))
        | "(?P<quoted>[^"]*)"
        | (?P<word>[^\s()"]+) )""",
    re.VERBOSE | re.IGNORECASE,
)
_OPERATORS: Final = ("AND", "OR", "NOT")
MAX_DEPTH: Final = 32  # nested parentheses and NOTs
MAX_QUERY_CHARS: Final = 1000
TEXT_FIELD_NAMES: Final = {name: name for name in TEXT_FIELDS}
FILING_FIELD_NAMES: Final = frozenset({"filing_no", "filing", "no"})
KEYWORD_FIELD_NAMES: Final = {
    "type": "list_type",
    "list_type": "list_type",
    "province": "province",
    "year": "filing_year",
    "filing_year": "filing_year",
    "batch": "batch",
    "status": "status",
}


@dataclass(frozen=True)
class TextTerm:
    """A normalised string found in any of `fields`, or a company among `entities` (aliases)."""

    text: str
    fields: tuple[str, ...] = PLAIN_FIELDS
    entities: tuple[str, ...] = ()


@dataclass(frozen=True)
class FilingTerm:
    """A normalised filing-number prefix."""

    prefix: str


@dataclass(frozen=True)
class KeywordTerm:
    """A value test on a coded column: exact, prefix or contains, on normalised values."""

    field: str
    value: str
    mode: Literal["exact", "prefix", "contains"]

    def accepts(self, label: str) -> bool:
        """Whether a column value (as stored) passes this test."""
        label = normalize_text(label)
        if self.mode == "exact":
            return label == self.value
        return label.startswith(self.value) if self.mode == "prefix" else self.value in label


@dataclass(frozen=True)
class AllOf:
    """Rows matching every child."""

    children: tuple["Node", ...]


@dataclass(frozen=True)
class AnyOf:
    """Rows matching any child (none when there are no children)."""

    children: tuple["Node", ...]


@dataclass(frozen=True)
class NotOf:
    """Rows not matching the child."""

    child: "Node"


Node: TypeAlias = TextTerm | FilingTerm | KeywordTerm | AllOf | AnyOf | NotOf
NOTHING: Final = AnyOf(())  # matches no row


@dataclass(frozen=True)
class ParsedQuery:
    """The query tree (None matches every row) and a message when the input was malformed."""

    node: Node | None
    message: str | None = None
    aliases: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def positive_terms(self) -> list[TextTerm | FilingTerm]:
        """Text and filing terms not under a NOT: what ranking and highlighting look for."""
        return list(_positive(self.node))


def _positive(node: Node | None) -> list[TextTerm | FilingTerm]:
    if isinstance(node, TextTerm | FilingTerm):
        return [node]
    if isinstance(node, AllOf | AnyOf):
        return [term for child in node.children for term in _positive(child)]
    return []


class QuerySyntaxError(ValueError):
    """The query is malformed; the message says why."""


class Token(NamedTuple):
    """One lexical token of a query."""

    kind: str  # "(", ")", "AND", "OR", "NOT" or "term"
    text: str = ""
    field: str | None = None
    quoted: bool = False
    negated: bool = False


def looks_like_filing_no(text: str) -> bool:
    """Whether `text` is (a prefix of) a filing number such as 网信算备11010… or Beijing-X-2023…."""
    return _FILING_NO.match(normalize_filing_no(text)) is not None


def _token(match: re.Match[str]) -> Token:
    if match["paren"]:
        return Token(match["paren"])
    if match["word"] in _OPERATORS and not match["neg"]:
        return Token(match["word"])
    if match["field"]:
        value = match["fquoted"] if match["fquoted"] is not None else match["fvalue"]
        quoted = match["fquoted"] is not None
        return Token("term", value, match["field"].lower(), quoted, bool(match["neg"]))
    if match["quoted"] is not None:
        return Token("term", match["quoted"], None, True, bool(match["neg"]))
    return Token("term", match["word"], None, False, bool(match["neg"]))


def tokenize(query: str) -> list[Token]:
    """Tokens of a query (already NFKC-folded); raises QuerySyntaxError on an unpaired quote."""
    tokens, pos = [], 0
    while pos < len(query):
        if query[pos].isspace():
            pos += 1
            continue
        match = _TOKEN.match(query, pos)
        if match is None or match.end() == pos:
            raise QuerySyntaxError("a quote is not closed")
        tokens.append(_token(match))
        pos = match.end()
    return tokens


def _mergeable(token: Token) -> bool:
    return token.kind == "term" and token.field is None and not token.quoted and not token.negated


def merge_aliases(tokens: list[Token], aliases: Aliases) -> list[Token]:
    """Join adjacent plain words that together name an alias (Ant Group, Qihoo 360)."""
    out, i = [], 0
    while i < len(tokens):
        for width in range(MAX_WORDS, 1, -1):
            window = tokens[i : i + width]
            if len(window) == width and all(map(_mergeable, window)):
                text = " ".join(token.text for token in window)
                if aliases.entities(text):
                    out.append(Token("term", text, None, True))
                    i += width
                    break
        else:
            out.append(tokens[i])
            i += 1
    return out


class _Parser:
    """Recursive descent over tokens: or := and (OR and)*; and := unary (AND? unary)*."""

    def __init__(self, tokens: list[Token], aliases: Aliases) -> None:
        self.tokens, self.pos, self.aliases = tokens, 0, aliases
        self.depth = 0
        self.expanded: dict[str, tuple[str, ...]] = {}

    def peek(self) -> str | None:
        return self.tokens[self.pos].kind if self.pos < len(self.tokens) else None

    def take(self) -> Token:
        if self.pos >= len(self.tokens):
            raise QuerySyntaxError("the query ends after an operator or parenthesis")
        self.pos += 1
        return self.tokens[self.pos - 1]

    def parse(self) -> Node | None:
        if not self.tokens:
            return None
        node = self.any_of()
        if self.pos < len(self.tokens):
            raise QuerySyntaxError("a closing parenthesis has no opening one")
        return node

    def any_of(self) -> Node | None:
        nodes = [self.all_of()]
        while self.peek() == "OR":
            self.take()
            nodes.append(self.all_of())
        return _combine(AnyOf, nodes)

    def all_of(self) -> Node | None:
        nodes = [self.unary()]
        while self.peek() not in (None, ")", "OR"):
            if self.peek() == "AND":
                self.take()
            nodes.append(self.unary())
        return _combine(AllOf, nodes)

    def unary(self) -> Node | None:
        token = self.take()
        if token.kind in ("NOT", "("):
            return self.nested(token.kind)
        if token.kind != "term":
            raise QuerySyntaxError(f"“{token.kind}” has no term to work on")
        node = self.term(token)
        return _negate(node) if token.negated else node

    def nested(self, kind: str) -> Node | None:
        """The operand of a NOT or the inside of a parenthesis, one level deeper."""
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise QuerySyntaxError(f"parentheses and NOTs nest deeper than {MAX_DEPTH} levels")
        node = _negate(self.unary()) if kind == "NOT" else self.group()
        self.depth -= 1
        return node

    def group(self) -> Node | None:
        """The expression inside a parenthesis, up to its closing one."""
        node = self.any_of()
        if self.peek() != ")":
            raise QuerySyntaxError("a parenthesis is not closed")
        self.take()
        return node

    def term(self, token: Token) -> Node | None:
        name = token.field
        if name and token.text.strip() == "" and not token.quoted:
            raise QuerySyntaxError(f"{name}: has no value")
        if name in TEXT_FIELD_NAMES:
            return self.text_term(token.text, (name,))
        if name in FILING_FIELD_NAMES:
            prefix = normalize_filing_no(token.text)
            return FilingTerm(prefix) if prefix else None
        if name in KEYWORD_FIELD_NAMES:
            return keyword_term(KEYWORD_FIELD_NAMES[name], normalize_text(token.text))
        text = f"{name}:{token.text}" if name else token.text
        return self.plain_term(text)

    def plain_term(self, text: str) -> Node | None:
        if looks_like_filing_no(text):
            return FilingTerm(normalize_filing_no(text))
        return self.text_term(text, PLAIN_FIELDS)

    def text_term(self, text: str, fields: tuple[str, ...]) -> TextTerm | None:
        norm = normalize_text(text)
        if not norm:
            return None
        entities = self.aliases.entities(norm) if _expands(norm, fields) else ()
        if entities:
            self.expanded[text] = entities
        return TextTerm(norm, fields, entities)


def _expands(text: str, fields: tuple[str, ...]) -> bool:
    """Aliases apply after company:, and to plain words in Latin script (ByteDance, PDD).

    A plain Chinese word keeps its literal meaning (字节 finds the rows containing 字节);
    company:字节 finds every entity of the group.
    """
    return fields == ("company",) or (fields == PLAIN_FIELDS and not has_cjk(text))


def keyword_term(column: str, value: str) -> KeywordTerm:
    """The test a keyword field's value means (synonyms and Chinese names resolved)."""
    if column == "list_type":
        value = LIST_TYPE_NAMES.get(value, value)
        return KeywordTerm(column, value, "exact" if value in LIST_TYPES else "prefix")
    if column == "province":
        return KeywordTerm(column, PROVINCE_NAMES.get(value, value), "contains")
    if column == "status":
        return KeywordTerm(column, STATUS_NAMES.get(value, value), "exact")
    return KeywordTerm(column, value, "prefix" if column == "batch" else "exact")


def _combine(kind: type[AllOf] | type[AnyOf], nodes: list[Node | None]) -> Node | None:
    """One node from several; empty terms (like "") drop out."""
    kept = tuple(node for node in nodes if node is not None)
    if len(kept) <= 1:
        return kept[0] if kept else None
    return kind(kept)


def _negate(node: Node | None) -> Node:
    if node is None:
        raise QuerySyntaxError("NOT has no term to work on")
    return NotOf(node)


def _prepare(query: str) -> str:
    """Full-width forms folded (：（）＂ become ASCII), curly and corner quotes made straight."""
    return fold(query).translate(_QUOTES)


def plain_words(query: str) -> list[str]:
    """The fallback's words: split at whitespace, with quotes and parentheses dropped."""
    return re.sub(r'[()"]', " ", _prepare(query)).split()


def _fallback(query: str, aliases: Aliases, error: QuerySyntaxError) -> ParsedQuery:
    """Plain words, with a message; nothing matches when no word is left."""
    words = plain_words(query)
    parser = _Parser([], aliases)
    node = _combine(AllOf, [parser.plain_term(word) for word in words])
    if not words:
        return ParsedQuery(NOTHING, f"Could not read the query ({error}); nothing to search for")
    message = f"Could not read the query ({error}); searched for the plain words: {' '.join(words)}"
    return ParsedQuery(node, message, parser.expanded)


def parse_query(query: str, aliases: Aliases | None = None) -> ParsedQuery:
    """The query tree; malformed input falls back to plain words, with a message."""
    if len(query) > MAX_QUERY_CHARS:
        return ParsedQuery(NOTHING, _too_long(len(query)))
    aliases = aliases or Aliases()
    try:
        parser = _Parser(merge_aliases(tokenize(_prepare(query)), aliases), aliases)
        return ParsedQuery(parser.parse(), None, parser.expanded)
    except QuerySyntaxError as error:
        return _fallback(query, aliases, error)


def _too_long(length: int) -> str:
    """The refusal of an over-long query (it is not echoed back)."""
    reason = f"it has {length:,} characters, more than the {MAX_QUERY_CHARS:,} a query may have"
    return f"Could not read the query ({reason}); nothing was searched"
