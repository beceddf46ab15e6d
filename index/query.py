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
group's entities; one equal to a glossary term (face swap, "digital human") also finds its
Chinese words (index/glossary.py). Malformed input never raises and every repair is a Notice
(index/notices.py): an operator with nothing to work on, a field without a value and an unpaired
parenthesis are left out; a field that does not exist is read as its value, a plain word; a
value a coded field cannot take (type:foo, year:abc, batch:2024-13, status:maybe) matches
nothing; an unclosed quote or nesting deeper than MAX_DEPTH levels makes the query plain words;
a query longer than MAX_QUERY_CHARS is refused and matches nothing.
"""

import re
from dataclasses import dataclass, field
from typing import Final, Literal, NamedTuple, TypeAlias

from crawler.constants import LIST_TYPES, STATUSES
from crawler.families import FAMILY_BY_KEY
from index.aliases import MAX_WORDS, Aliases
from index.glossary import Glossary
from index.notices import Notice, describe, unique, warning_text
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
_JOINERS: Final = ("AND", "OR")
_YEAR: Final = re.compile(r"^\d{4}$")
_BATCH: Final = re.compile(r"^\d{4}(-(0[1-9]|1[0-2]))?$")
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
    """The query tree (None matches every row), what was done to read it, aliases used."""

    node: Node | None
    notices: tuple[Notice, ...] = ()
    aliases: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def message(self) -> str | None:
        """The English text of the warning notices (None when the query was read as typed)."""
        return warning_text(self.notices)

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
    """The query is malformed; the notice says why."""

    def __init__(self, code: str, **values: str) -> None:
        self.notice = Notice(code, values)
        super().__init__(describe(self.notice, "en"))


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
            raise QuerySyntaxError("unclosed_quote")
        tokens.append(_token(match))
        pos = match.end()
    return tokens


def _mergeable(token: Token) -> bool:
    return token.kind == "term" and token.field is None and not token.quoted and not token.negated


def merge_terms(tokens: list[Token], aliases: Aliases, glossary: Glossary) -> list[Token]:
    """Join adjacent plain words that together name an alias or a glossary term (Ant Group)."""
    out, i = [], 0
    while i < len(tokens):
        for width in range(MAX_WORDS, 1, -1):
            window = tokens[i : i + width]
            if len(window) == width and all(map(_mergeable, window)):
                text = " ".join(token.text for token in window)
                if aliases.entities(text) or glossary.words(text):
                    out.append(Token("term", text, None, True))
                    i += width
                    break
        else:
            out.append(tokens[i])
            i += 1
    return out


def _drop_empty_fields(tokens: list[Token]) -> tuple[list[Token], list[Notice]]:
    """Tokens without the fields that have no value (`company:` before a parenthesis)."""
    kept, notices = [], []
    for token in tokens:
        if token.kind == "term" and token.field and not token.quoted and not token.text.strip():
            notices.append(dropped_field(token.field))
        else:
            kept.append(token)
    return kept, notices


def dropped_field(name: str) -> Notice:
    """The notice for a field left out for want of a value; a coded field names its values."""
    takes = FIELD_VALUES.get(KEYWORD_FIELD_NAMES.get(name, ""))
    if takes is None:
        return Notice("dropped_field", {"field": name})
    return Notice("dropped_field_values", {"field": name, "values": takes})


def _balance_parentheses(tokens: list[Token]) -> tuple[list[Token], list[Notice]]:
    """Tokens without the parentheses that have no partner."""
    opened: list[int] = []
    unopened: list[int] = []
    for i, token in enumerate(tokens):
        if token.kind == "(":
            opened.append(i)
        elif token.kind == ")":
            (opened.pop() if opened else unopened.append(i))
    notices = [Notice("unopened_paren")] * len(unopened) + [Notice("unclosed_paren")] * len(opened)
    dropped = set(opened) | set(unopened)
    return [token for i, token in enumerate(tokens) if i not in dropped], notices


def _dangling(tokens: list[Token], i: int) -> bool:
    """Whether the operator at `i` has nothing to work on (AND at the end, NOT before OR)."""
    kind = tokens[i].kind
    before = tokens[i - 1].kind if i else None
    after = tokens[i + 1].kind if i + 1 < len(tokens) else None
    if kind == "NOT":
        return after in (None, ")", *_JOINERS)
    if kind in _JOINERS:
        return before in (None, "(", *_OPERATORS) or after in (None, ")", *_JOINERS)
    return False


def _drop_dangling(tokens: list[Token]) -> tuple[list[Token], list[Notice]]:
    """Tokens without operators that have nothing to work on and without empty `()`."""
    tokens, notices, i = list(tokens), [], 0
    while i < len(tokens):
        if _dangling(tokens, i):
            notices.append(Notice("dropped_operator", {"operator": tokens.pop(i).kind}))
        elif tokens[i].kind == "(" and i + 1 < len(tokens) and tokens[i + 1].kind == ")":
            del tokens[i : i + 2]
            notices.append(Notice("empty_parens"))
        else:
            i += 1
            continue
        i = max(i - 1, 0)  # the token before may dangle now
    return tokens, notices


def repair(tokens: list[Token]) -> tuple[list[Token], list[Notice]]:
    """Tokens that parse, and a notice for each one left out."""
    notices: list[Notice] = []
    for step in (_drop_empty_fields, _balance_parentheses, _drop_dangling):
        tokens, dropped = step(tokens)
        notices += dropped
    return tokens, notices


class _Parser:
    """Recursive descent over tokens: or := and (OR and)*; and := unary (AND? unary)*."""

    def __init__(self, tokens: list[Token], aliases: Aliases, glossary: Glossary) -> None:
        self.tokens, self.pos, self.aliases, self.glossary = tokens, 0, aliases, glossary
        self.depth = 0
        self.expanded: dict[str, tuple[str, ...]] = {}
        self.notices: list[Notice] = []

    def peek(self) -> str | None:
        return self.tokens[self.pos].kind if self.pos < len(self.tokens) else None

    def take(self) -> Token:
        if self.pos >= len(self.tokens):
            raise QuerySyntaxError("malformed")
        self.pos += 1
        return self.tokens[self.pos - 1]

    def parse(self) -> Node | None:
        if not self.tokens:
            return None
        node = self.any_of()
        if self.pos < len(self.tokens):
            raise QuerySyntaxError("malformed")
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
            raise QuerySyntaxError("malformed")
        node = self.term(token)
        return _negate(node) if token.negated else node

    def nested(self, kind: str) -> Node | None:
        """The operand of a NOT or the inside of a parenthesis, one level deeper."""
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise QuerySyntaxError("too_deep", limit=str(MAX_DEPTH))
        node = _negate(self.unary()) if kind == "NOT" else self.group()
        self.depth -= 1
        return node

    def group(self) -> Node | None:
        """The expression inside a parenthesis, up to its closing one."""
        node = self.any_of()
        if self.peek() != ")":
            raise QuerySyntaxError("malformed")
        self.take()
        return node

    def term(self, token: Token) -> Node | None:
        name = token.field
        if name in TEXT_FIELD_NAMES:
            return self.text_term(token.text, (name,))
        if name in FILING_FIELD_NAMES:
            prefix = normalize_filing_no(token.text)
            return FilingTerm(prefix) if prefix else None
        if name in KEYWORD_FIELD_NAMES:
            return self.keyword(KEYWORD_FIELD_NAMES[name], token.text)
        if name and token.text.startswith("//"):  # a web address: http://…
            return self.plain_term(f"{name}:{token.text}")
        if name:
            values = {"field": name, "value": token.text, "fields": FIELD_LIST}
            self.notices.append(Notice("unknown_field", values))
        return self.plain_term(token.text)

    def keyword(self, column: str, text: str) -> Node:
        """The keyword test, or NOTHING (with a notice) for a value the column cannot take."""
        term = keyword_term(column, normalize_text(text))
        problem = bad_value(term, text)
        if problem is None:
            return term
        self.notices.append(problem)
        return NOTHING

    def plain_term(self, text: str) -> Node | None:
        if looks_like_filing_no(text):
            return FilingTerm(normalize_filing_no(text))
        return self.text_term(text, PLAIN_FIELDS)

    def text_term(self, text: str, fields: tuple[str, ...]) -> Node | None:
        norm = normalize_text(text)
        if not norm:
            return None
        entities = self.aliases.entities(norm) if _expands(norm, fields) else ()
        if entities:
            self.expanded[text] = entities
            self.notices.append(alias_notice(text, entities))
        term = TextTerm(norm, fields, entities)
        words = self.glossary.words(norm) if fields != ("company",) else ()
        if not words:
            return term
        self.notices.append(Notice("glossary", {"term": text, "words": "、".join(words)}))
        return AnyOf((term, *(TextTerm(word, fields) for word in words)))


FIELD_LIST: Final = ", ".join(
    f"{name}:"
    for name in (*TEXT_FIELDS, "filing_no", "type", "province", "year", "batch", "status")
)
_FAMILY_PREFIXES: Final = ", ".join(sorted(set(FAMILY_BY_KEY) - set(LIST_TYPES)))
# What a coded field takes, as the notices for an empty one say (language-neutral).
FIELD_VALUES: Final = {
    "list_type": " | ".join([*LIST_TYPES, *sorted(set(FAMILY_BY_KEY) - set(LIST_TYPES))]),
    "filing_year": "YYYY",
    "batch": "YYYY | YYYY-MM",
    "status": " | ".join(STATUSES),
}


def alias_notice(alias: str, entities: tuple[str, ...]) -> Notice:
    """The notice that `alias` also matched its group's entities."""
    values = {"alias": alias, "count": str(len(entities)), "entities": "、".join(entities)}
    return Notice("alias", values)


def bad_value(term: KeywordTerm, text: str) -> Notice | None:
    """The notice for a value its column cannot take (type:foo, year:abc), else None."""
    value = term.value
    if term.field == "list_type" and not (value and any(t.startswith(value) for t in LIST_TYPES)):
        types = ", ".join(LIST_TYPES)
        return Notice("bad_type", {"value": text, "types": types, "families": _FAMILY_PREFIXES})
    if term.field == "filing_year" and not _YEAR.match(value):
        return Notice("bad_year", {"value": text})
    if term.field == "batch" and not _BATCH.match(value):
        return Notice("bad_batch", {"value": text})
    if term.field == "status" and value not in STATUSES:
        return Notice("bad_status", {"value": text, "statuses": " | ".join(STATUSES)})
    return None


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
        raise QuerySyntaxError("malformed")
    return NotOf(node)


def _prepare(query: str) -> str:
    """Full-width forms folded (：（）＂ become ASCII), curly and corner quotes made straight."""
    return fold(query).translate(_QUOTES)


def plain_words(query: str) -> list[str]:
    """The fallback's words: split at whitespace, with quotes and parentheses dropped."""
    return re.sub(r'[()"]', " ", _prepare(query)).split()


def _fallback(query: str, parser: "_Parser", reason: Notice) -> ParsedQuery:
    """Plain words (operators left out), with notices; nothing matches when no word is left."""
    words = [word for word in plain_words(query) if word not in _OPERATORS]
    node = _combine(AllOf, [parser.plain_term(word) for word in words])
    if node is None:
        return ParsedQuery(NOTHING, (reason, Notice("nothing_left")))
    notices = (reason, Notice("plain_words", {"words": " ".join(words)}), *parser.notices)
    return ParsedQuery(node, unique(notices), parser.expanded)


def _parsed(node: Node | None, repairs: list[Notice], parser: "_Parser") -> ParsedQuery:
    """The result of a parse; a query whose every token was left out matches nothing."""
    notices = [*repairs, *parser.notices]
    if node is None and repairs:
        node, notices = NOTHING, [*notices, Notice("nothing_left")]
    return ParsedQuery(node, unique(notices), parser.expanded)


def parse_query(
    query: str, aliases: Aliases | None = None, glossary: Glossary | None = None
) -> ParsedQuery:
    """The query tree; what cannot be read is left out or read as plain words, with notices."""
    if len(query) > MAX_QUERY_CHARS:
        return ParsedQuery(NOTHING, (too_long(len(query)),))
    aliases, glossary = aliases or Aliases(), glossary or Glossary()
    try:
        tokens, repairs = repair(tokenize(_prepare(query)))
        parser = _Parser(merge_terms(tokens, aliases, glossary), aliases, glossary)
        return _parsed(parser.parse(), repairs, parser)
    except QuerySyntaxError as error:
        return _fallback(query, _Parser([], aliases, glossary), error.notice)


def too_long(length: int) -> Notice:
    """The refusal of an over-long query (it is not echoed back)."""
    return Notice("too_long", {"length": f"{length:,}", "limit": f"{MAX_QUERY_CHARS:,}"})
