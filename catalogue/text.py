"""Text helpers shared by the apps."""

from django.utils.text import slugify

# slugify() drops letters it cannot decompose (ø, æ, đ); spell them out first so that
# "København" becomes "kobenhavn", not "kbenhavn".
NORDIC_LETTERS = str.maketrans({"æ": "ae", "Æ": "Ae", "ø": "o", "Ø": "O", "ß": "ss", "đ": "d"})


def nordic_slugify(value: str) -> str:
    return slugify(value.translate(NORDIC_LETTERS))
