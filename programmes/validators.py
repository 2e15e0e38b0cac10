"""Format checks for what editors type: phone numbers and web addresses.

The phone rule is written from the numbers in the real source documents, which mix
Swedish area-code styles ("0322-63 70 00", "076- 770 76 50", "0303 33 07 82") with
international ones ("+45 33 12 34 56").
"""

import re

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

# Digits in groups separated by one space, one hyphen or a hyphen and a space; an optional
# leading "+" and an area code in brackets ("(0)8 ...") are allowed.
_DIGIT_GROUP = r"(?:\(\d+\)\s?)?\d+"
PHONE_PATTERN = re.compile(rf"^\+?{_DIGIT_GROUP}(?:(?:-\s?|\s){_DIGIT_GROUP})*$")
PHONE_MIN_DIGITS = 6
# ITU-T E.164: at most 15 digits.
PHONE_MAX_DIGITS = 15


def validate_phone(value):
    """Reject letters, stray punctuation and numbers too short or long to be dialled."""
    digits = sum(character.isdigit() for character in value)
    if not PHONE_PATTERN.match(value.strip()) or not (
        PHONE_MIN_DIGITS <= digits <= PHONE_MAX_DIGITS
    ):
        raise ValidationError(
            _(
                "Enter a phone number of digits, spaces and hyphens, e.g. 0322-63 70 00 "
                "or +45 33 12 34 56."
            ),
            code="invalid_phone",
        )


validate_web_url = URLValidator(
    schemes=["http", "https"],
    message=_("Enter a web address starting with http:// or https://."),
    # Not "invalid": form fields replace an error with that code by their generic message.
    code="invalid_web_address",
)
