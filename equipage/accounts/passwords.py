"""Password rules after the CNIL's recommendation on passwords (délibération n° 2022-100 du 21 juillet 2022).

The CNIL measures a password's strength by its entropy: the number of characters times the bits each
brings, which depend on the kinds of characters used. With a password as the only factor it asks for at
least 80 bits (its examples: 12 characters mixing capitals, small letters, digits and special characters;
14 characters of capitals, small letters and digits; a passphrase of 7 words). Entropy only holds for a
password that is not trivial, so trivial ones (one repeated character, a keyboard run, a few characters
repeated) are refused on their own.
"""

from __future__ import annotations

import math
import string

from django.core.exceptions import ValidationError

# The CNIL counts the 37 special characters of a French keyboard; other letters (accents) count as special.
ALPHABETS = (
    (set(string.ascii_lowercase), 26),
    (set(string.ascii_uppercase), 26),
    (set(string.digits), 10),
)
SPECIAL_SIZE = 37
RUNS = ("abcdefghijklmnopqrstuvwxyz", "0123456789", "azertyuiopqsdfghjklmwxcvbn", "qwertyuiopasdfghjklzxcvbnm")


def entropy_bits(password: str) -> float:
    """Length × log2(size of the alphabets the password draws from), as the CNIL computes it."""
    size = 0
    rest = set(password)
    for alphabet, alphabet_size in ALPHABETS:
        if rest & alphabet:
            size += alphabet_size
            rest -= alphabet
    if rest:
        size += SPECIAL_SIZE
    return len(password) * math.log2(size) if size else 0.0


class CnilEntropyValidator:
    """At least `min_bits` of entropy (80 by default: the CNIL's case of a password used alone)."""

    def __init__(self, min_bits: int = 80):
        self.min_bits = min_bits

    def validate(self, password: str, user=None) -> None:
        # Rounded as the CNIL does: its 12-character example (alphabet of 99) is counted as 80 bits.
        if round(entropy_bits(password)) < self.min_bits:
            raise ValidationError(
                "Ce mot de passe est trop faible. Utilisez au moins 12 caractères mêlant majuscules, minuscules, "
                "chiffres et caractères spéciaux, 14 caractères sans caractère spécial, ou une phrase de "
                "passe de plusieurs mots (recommandation de la CNIL).",
                code="password_too_weak",
            )

    def get_help_text(self) -> str:
        return (
            "Au moins 12 caractères mêlant majuscules, minuscules, chiffres et caractères spéciaux, ou 14 sans "
            "caractère spécial, ou une phrase de passe (recommandation de la CNIL sur les mots de passe)."
        )


def is_trivial(password: str) -> bool:
    lowered = password.lower()
    if len(set(lowered)) < max(5, len(lowered) // 4):
        return True  # "aaaaaaaaaaaa", "abababababab", "abcabcabcabc"
    for run in RUNS:
        for sequence in (run, run[::-1]):
            if len(lowered) >= 8 and lowered in (sequence * 3):
                return True  # "abcdefghijkl", "azertyuiopqs", "9876543210987"
    return False


class TrivialPasswordValidator:
    """Refuse passwords built from one or a few repeated characters, or an alphabet or keyboard run."""

    def validate(self, password: str, user=None) -> None:
        if is_trivial(password):
            raise ValidationError(
                "Ce mot de passe est trop prévisible (caractères répétés ou suite du clavier ou de l’alphabet).",
                code="password_trivial",
            )

    def get_help_text(self) -> str:
        return "Ni caractères répétés, ni suite du clavier ou de l’alphabet."
