"""Text helpers shared by the apps."""

from django.utils.text import slugify

# slugify() drops letters it cannot decompose (ø, æ, đ); spell them out first so that
# "København" becomes "kobenhavn", not "kbenhavn".
NORDIC_LETTERS = str.maketrans({"æ": "ae", "Æ": "Ae", "ø": "o", "Ø": "O", "ß": "ss", "đ": "d"})


def nordic_slugify(value: str) -> str:
    return slugify(value.translate(NORDIC_LETTERS))


# Where the Nordic letters sort: after z, in each language's own order.
_SORT_TAILS = {
    "sv": str.maketrans({"å": "z\x01", "ä": "z\x02", "æ": "z\x02", "ö": "z\x03", "ø": "z\x03"}),
    "da": str.maketrans({"æ": "z\x01", "ä": "z\x01", "ø": "z\x02", "ö": "z\x02", "å": "z\x03"}),
}


def nordic_sort_key(text: str, language: str = "sv"):
    """Sort key for names in Swedish (… z å ä ö) or Danish (… z æ ø å) alphabetical order."""
    table = _SORT_TAILS.get((language or "sv")[:2], _SORT_TAILS["sv"])
    return text.casefold().translate(table)
