"""Full-text search over programmes, on PostgreSQL's built-in text search only.

The embedded server has no unaccent or pg_trgm, so diacritics are folded by an IMMUTABLE SQL
function, ``programmes_fold`` (``translate(lower(x), …)``), created by migration 0002 together
with the triggers that keep ``Programme.search_vector`` up to date. Each programme's document is:

* its title (weight A), summary (B) and description (C), stemmed with the configuration of the
  programme's language (``programmes_search_config``: swedish, danish or english), and again
  folded with the ``simple`` configuration so that prefixes and diacritic-free spellings match;
* the names of its municipalities, their regions and its organisations, folded (weight D).

Triggers refresh the document when the programme's text changes, when municipalities or
organisations are linked or unlinked, and when a municipality, region or organisation is
renamed, so it stays right whatever writes the data (admin, loaddata, a migration).

A query matches a programme when every word does, each word either by its Swedish or Danish
stem or as a folded prefix (so ``hälsofr`` and ``halsofr`` both find "Hälsofrämjande").
"""

import re

from django.contrib.postgres.search import SearchQueryField
from django.db.models import BooleanField, Expression, F, FloatField, Func, TextField, Value
from django.db.models.functions import Concat
from django.utils.html import escape
from django.utils.safestring import mark_safe

# Keep in step with programmes_fold() in migration 0002 (a test checks they agree).
FOLD_FROM = "åäàáâãæöøòóôõéèêëüúùûíìîïñçýÅÄÀÁÂÃÆÖØÒÓÔÕÉÈÊËÜÚÙÛÍÌÎÏÑÇÝ"
FOLD_TO = "aaaaaaaooooooeeeeuuuuiiiincy" * 2
_FOLD_TABLE = str.maketrans(FOLD_FROM, FOLD_TO)

# Letters and digits only: what survives is safe inside tsquery syntax as a quoted prefix.
_WORD = re.compile(r"[^\W_]+")
MAX_TERMS = 8
MAX_TERM_LENGTH = 40

# Private-use characters cannot come from the database's text in practice; they mark where
# ts_headline put a highlight before the text is escaped.
_START, _STOP = "\ue000", "\ue001"
HEADLINE_OPTIONS = (
    f"StartSel={_START}, StopSel={_STOP}, MaxWords=30, MinWords=12, ShortWord=2, "
    'MaxFragments=2, FragmentDelimiter=" … "'
)


def fold(text):
    """The Python twin of the database's programmes_fold()."""
    return text.lower().translate(_FOLD_TABLE)


def search_terms(text):
    """The words of a user's query, lower-cased, capped in number and length."""
    words = _WORD.findall(text.lower())
    return [word[:MAX_TERM_LENGTH] for word in words[:MAX_TERMS]]


class TermsQuery(Expression):
    """A tsquery requiring every term, each by Swedish or Danish stem or as a folded prefix.

    Terms go to the database as parameters; only letters and digits reach the ':*' prefix.
    """

    output_field = SearchQueryField()
    _TERM_SQL = (
        "(plainto_tsquery('swedish'::regconfig, %s) || plainto_tsquery('danish'::regconfig, %s)"
        " || to_tsquery('simple'::regconfig, programmes_fold(%s) || ':*'))"
    )

    def __init__(self, terms):
        super().__init__()
        self.terms = list(terms)

    def as_sql(self, compiler, connection):
        sql = " && ".join([self._TERM_SQL] * len(self.terms))
        params = [term for term in self.terms for _ in range(3)]
        return f"({sql})", params


def matches(terms):
    """A boolean expression: the programme's document matches all the terms."""
    return Func(
        F("search_vector"),
        TermsQuery(terms),
        template="%(expressions)s",
        arg_joiner=" @@ ",
        output_field=BooleanField(),
    )


def in_title(terms):
    """Whether the title (weight A) alone matches. Sorted on before rank, so that a title
    match always comes above a description that merely repeats the words many times."""
    title_only = Func(
        F("search_vector"), template="""ts_filter(%(expressions)s, '{a}'::"char"[])"""
    )
    return Func(
        title_only,
        TermsQuery(terms),
        template="%(expressions)s",
        arg_joiner=" @@ ",
        output_field=BooleanField(),
    )


def rank(terms):
    # Default weights {D 0.1, C 0.2, B 0.4, A 1.0}.
    return Func(
        F("search_vector"), TermsQuery(terms), function="ts_rank", output_field=FloatField()
    )


def headline(terms):
    """Raw ts_headline of summary and description, highlights marked by sentinel characters."""
    return Func(
        Func(F("language"), function="programmes_search_config"),
        Concat(F("summary"), Value("\n"), F("description"), output_field=TextField()),
        TermsQuery(terms),
        Value(HEADLINE_OPTIONS),
        function="ts_headline",
        output_field=TextField(),
    )


def highlight(raw, terms):
    """Escape a ts_headline result and wrap its highlights in <mark>.

    ts_headline stems with the programme's language, so a diacritic-free query ("gallivare")
    leaves "Gällivare" unmarked there; words whose folded form starts with a folded term are
    marked here too.
    """
    folded_terms = [fold(term) for term in terms]
    parts = []
    for i, piece in enumerate(re.split(f"{_START}|{_STOP}", raw)):
        if i % 2:
            parts.append(f"<mark>{escape(piece)}</mark>")
            continue
        last = 0
        for word in _WORD.finditer(piece):
            if any(fold(word.group()).startswith(t) for t in folded_terms):
                parts.append(escape(piece[last : word.start()]))
                parts.append(f"<mark>{escape(word.group())}</mark>")
                last = word.end()
        parts.append(escape(piece[last:]))
    return mark_safe("".join(parts))
