"""Serbian Latin ↔ Cyrillic: names entered once in Latin read right in Cyrillic, and search matches both."""

_DIGRAPHS = {
    "Lj": "Љ",
    "LJ": "Љ",
    "lj": "љ",
    "Nj": "Њ",
    "NJ": "Њ",
    "nj": "њ",
    "Dž": "Џ",
    "DŽ": "Џ",
    "dž": "џ",
}
_LETTERS = dict(
    zip(
        "ABVGDĐEŽZIJKLMNOPRSTĆUFHCČŠabvgdđežzijklmnoprstćufhcčš",
        "АБВГДЂЕЖЗИЈКЛМНОПРСТЋУФХЦЧШабвгдђежзијклмнопрстћуфхцчш",
        strict=True,
    )
)


def latin_to_cyrillic(text: str) -> str:
    """Transliterate Serbian Latin script to Cyrillic; other characters pass through."""
    out = []
    i = 0
    while i < len(text):
        pair = text[i : i + 2]
        if pair in _DIGRAPHS:
            out.append(_DIGRAPHS[pair])
            i += 2
            continue
        out.append(_LETTERS.get(text[i], text[i]))
        i += 1
    return "".join(out)


_LATIN = {cyrillic: latin for latin, cyrillic in _LETTERS.items()}
_LATIN.update({"Љ": "Lj", "љ": "lj", "Њ": "Nj", "њ": "nj", "Џ": "Dž", "џ": "dž"})


def cyrillic_to_latin(text: str) -> str:
    """Transliterate Serbian Cyrillic script to Latin; other characters pass through."""
    return "".join(_LATIN.get(character, character) for character in text)
