"""Words folded for search, so that whoever types without ë, ç, č, š, ž (or in the other script) still finds.

Minutes are written in Albanian, Serbian (Latin and Cyrillic) and Turkish, and read on phones whose
keyboards lack half of those letters. Both the stored text and the query are folded the same way:
- Serbian Cyrillic is read through its Latin form (ђорђе → đorđe);
- case is folded (İ, I, ı and i are one letter, as Turkish readers type them);
- diacritics are dropped: ë=e, ç=c, č=ć=c, š=s, ž=z, ş=s, ğ=g, ö=o, ü=u;
- đ stands for both d and dj: a stored word holding đ is indexed in both spellings, so `dorde`,
  `djordje` and `đorđe` all find Đorđe.

`index_text` makes the stored column (one space before every word, so a word's start can be matched
with a plain substring test on any database); `query_terms` makes the words to look for.
"""

import re
import unicodedata

from forum_site.lib.transliteration import cyrillic_to_latin

# Letters that Unicode does not decompose into a base letter and a mark.
_UNDECOMPOSED = str.maketrans({"ı": "i", "ø": "o", "ł": "l", "æ": "ae", "œ": "oe", "ß": "ss", "ħ": "h"})
_WORD = re.compile(r"[^\W_]+")
# A query of more words than this is cut: each word is one more condition on every version.
MAX_TERMS = 8


def _plain(word: str) -> str:
    decomposed = unicodedata.normalize("NFKD", word.translate(_UNDECOMPOSED))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def fold_word(word: str) -> list[str]:
    """The spellings a word is found by: one, or two when it holds đ (d and dj)."""
    word = cyrillic_to_latin(word).casefold()
    if "đ" in word:
        return [_plain(word.replace("đ", "d")), _plain(word.replace("đ", "dj"))]
    return [_plain(word)]


def words(text: str) -> list[str]:
    """The words of a text as written (letters and digits), in order."""
    return _WORD.findall(unicodedata.normalize("NFC", text))


def index_text(text: str) -> str:
    """The folded words of a text, each after a space: what the search column stores."""
    return "".join(f" {spelling}" for word in words(text) for spelling in fold_word(word))


def query_terms(query: str) -> list[str]:
    """The folded words to look for (each the start of a word), without repeats, at most MAX_TERMS."""
    terms: list[str] = []
    for word in words(query):
        term = fold_word(word)[0]
        if term and term not in terms:
            terms.append(term)
    return terms[:MAX_TERMS]


def matches(word: str, terms: list[str]) -> bool:
    """Whether a word as written starts with one of the folded terms (for highlighting)."""
    return any(spelling.startswith(term) for spelling in fold_word(word) for term in terms)
