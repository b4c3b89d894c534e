"""Hostile inputs for the fuzz tests, drawn from real text wherever there is real text."""

from __future__ import annotations

from functools import cache

from hypothesis import strategies as st

from corpus import PYDOCS, altman_files

#: encodings a file of real text may arrive in without saying so
WRONG_ENCODINGS = ("gb18030", "gbk", "big5", "latin-1", "cp1252", "utf-16", "utf-16-le",
                   "utf-16-be", "utf-32", "shift_jis", "koi8-r")
#: characters with no visible form that may sit inside a word
INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad\u200e\u2066\ufe0f"
#: characters that break naive text handling: invisible, joining, direction, line breaks
TRICKY = (
    "\u200b\u200c\u200d\u2060\ufeff\u00ad"  # zero-width and soft hyphen
    "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2069"  # direction marks
    "\u2028\u2029\u0085\x0b\x0c\r\n\t "  # line and paragraph separators
    "\u0301\u0308\u20dd\u3099"  # combining marks
    "?()（）!！,，:：;；。「」『』【】《》…—·"  # punctuation the repairs read
    "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü"  # pinyin tone marks
    "ÃÂâ€™œž¤¦§¨©ª«¬®¯°±²³´µ¶·¸¹º»¼½¾¿"  # classic mojibake debris
    "&<>\"'#*_`~[]|\\/=-+"  # markup of HTML and Markdown
)


@cache
def corpus_texts() -> tuple[str, ...]:
    """The Chinese interview transcripts, decoded (real mojibake and pinyin included)."""
    return tuple(p.read_text(encoding="utf-8") for p in altman_files())


@cache
def real_files() -> tuple[tuple[str, bytes], ...]:
    """(suffix, bytes) of real corpus files: every transcript, a few HTML pages."""
    pages = [PYDOCS / "tutorial" / "appetite.html", PYDOCS / "faq" / "general.html",
             PYDOCS / "library" / "pathlib.html"]
    files = [(".txt", p.read_bytes()) for p in altman_files()]
    return tuple(files + [(".html", p.read_bytes()) for p in pages])


def mixed_characters() -> st.SearchStrategy[str]:
    """One character: CJK, Latin, Cyrillic, Arabic, Hebrew, Devanagari, emoji, or tricky."""
    return st.one_of(
        st.sampled_from(TRICKY),
        st.sampled_from(INVISIBLE),
        st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF),  # CJK ideographs
        st.characters(min_codepoint=0x3000, max_codepoint=0x30FF),  # CJK punctuation, kana
        st.characters(min_codepoint=0xFF01, max_codepoint=0xFF5E),  # full width
        st.characters(min_codepoint=0x20, max_codepoint=0x7E),  # ASCII
        st.characters(min_codepoint=0xC0, max_codepoint=0x24F),  # Latin with accents
        st.characters(min_codepoint=0x400, max_codepoint=0x4FF),  # Cyrillic
        st.characters(min_codepoint=0x590, max_codepoint=0x6FF),  # Hebrew, Arabic
        st.characters(min_codepoint=0x900, max_codepoint=0x97F),  # Devanagari
        st.characters(min_codepoint=0x1F300, max_codepoint=0x1FAFF),  # emoji
        st.characters(codec="utf-8", exclude_categories=("Cs",)),  # anything at all
    )


def mixed_text(max_size: int = 600) -> st.SearchStrategy[str]:
    """Text that mixes scripts, in runs (words, sentences) as well as character by character."""
    word = st.text(mixed_characters(), min_size=1, max_size=12)
    return st.lists(st.one_of(word, real_slices(max_size=80)), max_size=max_size // 10).map(
        "".join
    )


@st.composite
def real_slices(draw: st.DrawFn, max_size: int = 4000) -> str:
    """A slice of a real transcript, cut anywhere (mid-word, mid-mojibake, mid-annotation)."""
    text = draw(st.sampled_from(corpus_texts()))
    start = draw(st.integers(0, len(text) - 1))
    return text[start : start + draw(st.integers(1, max_size))]


@st.composite
def truncated_real_bytes(draw: st.DrawFn) -> tuple[str, bytes]:
    """(suffix, bytes) of a real file cut at both ends anywhere, mid-character included."""
    suffix, data = draw(st.sampled_from(real_files()))
    start = draw(st.one_of(st.just(0), st.integers(0, len(data) - 1)))
    end = draw(st.integers(start + 1, min(len(data), start + 60_000)))
    return suffix, data[start:end]


@st.composite
def wrongly_encoded(draw: st.DrawFn) -> bytes:
    """Real text in an encoding nobody declared, or mis-decoded and saved again."""
    text = draw(real_slices(max_size=3000))
    how = draw(st.sampled_from(("encode", "mojibake", "gbk-shift")))
    if how == "mojibake":  # UTF-8 read as cp1252 and saved as UTF-8
        return text.encode("utf-8").decode("cp1252", "replace").encode("utf-8")
    encoding = draw(st.sampled_from(WRONG_ENCODINGS))
    data = text.encode(encoding, "replace")
    if how == "gbk-shift" and data:  # one byte lost: a frame shift for double-byte codecs
        cut = draw(st.integers(0, len(data) - 1))
        data = data[:cut] + data[cut + 1 :]
    return data
