"""The directory's text search: one function, `search_organisations`, for the list, its exports and any caller.

On PostgreSQL it is a French full-text search (stemming: « logements » finds « logement »), accent-blind (« hopital »
finds « Hôpital », through the `unaccent` extension) and tolerant of typos (trigram word similarity, `pg_trgm`:
« Armantieres » finds « Armentières »), the best matches first. Elsewhere (the SQLite demo) it is a case-insensitive
substring search. Both extensions are created by migration 0003 (PostgreSQL only).

Searches stay within one council (a few hundred organisations), whose rows the (council, name) index already narrows:
the vectors are computed on the fly, and a GIN index would only pay for a search across councils (docs/scaling.md)."""

from django.contrib.postgres.lookups import Unaccent
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector, TrigramWordSimilarity
from django.db import connections
from django.db.models import Exists, OuterRef, Q, QuerySet, Value
from django.db.models.functions import Greatest

from concerto.directory.models import Contact

CONFIG = "french"
# Below pg_trgm's default for word similarity (0.6): one wrong letter in a ten-letter word stays above it.
TYPO_THRESHOLD = 0.5
RANK = "search_rank"


def search_organisations(queryset: QuerySet, text: str) -> QuerySet:
    """`queryset` narrowed to the organisations matching `text` (name, city, services or a contact's name). On
    PostgreSQL each row carries a relevance, `search_rank`, to order by (`ordering_for`)."""
    text = " ".join(text.split())
    if not text:
        return queryset
    if connections[queryset.db].vendor == "postgresql":
        return _full_text(queryset, text)
    return queryset.filter(
        Q(name__icontains=text)
        | Q(city__icontains=text)
        | Q(services__icontains=text)
        | Exists(Contact.objects.filter(organisation=OuterRef("pk"), name__icontains=text))
    )


def ordering_for(queryset: QuerySet) -> tuple[str, ...]:
    """The best matches first when the queryset was searched on PostgreSQL, then by name (stable pages)."""
    return (f"-{RANK}", "name", "id") if RANK in queryset.query.annotations else ("name", "id")


def _full_text(queryset: QuerySet, text: str) -> QuerySet:
    typed = Unaccent(Value(text))
    query = SearchQuery(typed, config=CONFIG, search_type="websearch")
    vector = (
        SearchVector(Unaccent("name"), config=CONFIG, weight="A")
        + SearchVector(Unaccent("city"), config=CONFIG, weight="B")
        + SearchVector(Unaccent("services"), config=CONFIG, weight="C")
    )
    similarity = Greatest(*(TrigramWordSimilarity(typed, Unaccent(field)) for field in ("name", "city")))
    contacts = Contact.objects.alias(_name=Unaccent("name")).filter(organisation=OuterRef("pk"), _name__icontains=typed)
    return (
        queryset.alias(
            _vector=vector,
            _similarity=similarity,
            _name=Unaccent("name"),
            _city=Unaccent("city"),
            _services=Unaccent("services"),
        )
        .filter(
            Q(_vector=query)
            | Q(_similarity__gte=TYPO_THRESHOLD)
            # What the list always found: a part of a word (« domicil »), accents ignored on both sides.
            | Q(_name__icontains=typed)
            | Q(_city__icontains=typed)
            | Q(_services__icontains=typed)
            | Exists(contacts)
        )
        .annotate(**{RANK: SearchRank(vector, query) + similarity})
    )
