"""Place names in Latin letters for the English interface: 迎泽区 → Yingze District.

The English pages, map labels, kiosk and the English weekly PDF name places through these
functions; the data, the downloads, the console's results and `brief --json` keep the Chinese.

- `place_en(name)`: a district, street/town, community/village or grid name. The specific part is
  written in pinyin without tones, its syllables joined into one capitalised word (小店 →
  Xiaodian, not Xiao Dian), with an apostrophe before a syllable that starts with a, o or e
  (晋安 → Jin'an), as in the national rules for romanising place names (GB/T 16159); the generic
  part is translated (区 District, 街道 Subdistrict, 社区 Community, 第15网格 Grid 15 …, the
  `SUFFIXES` table). A trailing numeral is a word of its own (汾西三社区 → Fenxi San Community).
  A residents' or villagers' committee (…社区居委会, …村委会) is named as its place: the screen
  names places, not the bodies that run them.
- `unit_en(name)`: a handling unit, "<place><organisation>" (小店区城市管理局 → Xiaodian District
  Urban Management Bureau), by the `ORGANISATIONS` table; a unit whose organisation is not in
  the table stays Chinese rather than becoming pinyin nobody can read.
- `place_name(name, lang)`, `unit_name(name, lang)`: the Chinese in zh, the above in en.

Both are cached: the same few thousand names come back on every page.
"""

from __future__ import annotations

import re
from functools import lru_cache

from pypinyin import Style, lazy_pinyin

from dashboard.core.i18n import normalize_lang

# Generic endings of place names → English, longest first so 开发区 wins over 区 and 街道 over 道.
SUFFIXES: tuple[tuple[str, str], ...] = (
    ("开发区", "Development Zone"),
    ("示范区", "Demonstration Zone"),
    ("街道", "Subdistrict"),
    ("社区", "Community"),
    ("区", "District"),
    ("市", "City"),
    ("县", "County"),
    ("镇", "Town"),
    ("乡", "Township"),
    ("村", "Village"),
)

# Committees named as their place (see the module docstring): ending → what replaces it.
_COMMITTEES: tuple[tuple[str, str], ...] = (
    ("社区居民委员会", "社区"),
    ("社区居委会", "社区"),
    ("居民委员会", "社区"),
    ("居委会", "社区"),
    ("村民委员会", "村"),
    ("村委会", "村"),
)

# Dedicated grids (专属网格) by what they cover; the generator's kinds and a few more.
GRID_KINDS: dict[str, str] = {
    "学校": "School",
    "医院": "Hospital",
    "公园": "Park",
    "产业园区": "Industrial Park",
    "交通枢纽": "Transport Hub",
    "商业综合体": "Shopping Complex",
    "景区": "Scenic Area",
    "市场": "Market",
}

# Organisations of handling units → English, matched at the end of the unit's name, longest
# first. The place before it is romanised by place_en.
ORGANISATIONS: tuple[tuple[str, str], ...] = tuple(
    sorted(
        (
            ("城市管理局", "Urban Management Bureau"),
            ("住房和城乡建设局", "Housing and Urban-Rural Development Bureau"),
            ("公安分局", "Public Security Sub-bureau"),
            ("公安局", "Public Security Bureau"),
            ("市场监督管理局", "Market Regulation Bureau"),
            ("生态环境分局", "Ecology and Environment Sub-bureau"),
            ("生态环境局", "Ecology and Environment Bureau"),
            ("民政局", "Civil Affairs Bureau"),
            ("应急管理局", "Emergency Management Bureau"),
            ("司法局", "Justice Bureau"),
            ("卫生健康局", "Health Commission"),
            ("水务局", "Water Affairs Bureau"),
            ("消防救援大队", "Fire and Rescue Brigade"),
            ("人力资源和社会保障局", "Human Resources and Social Security Bureau"),
            ("规划和自然资源局", "Planning and Natural Resources Bureau"),
            ("交通运输局", "Transport Bureau"),
            ("教育局", "Education Bureau"),
            ("街道办事处", "Subdistrict Office"),
            ("办事处", "Office"),
            ("党群服务中心", "Party and Public Service Centre"),
            ("综治中心", "Governance Centre"),
            ("网格站", "Grid Station"),
            ("居民委员会", "Residents' Committee"),
            ("居委会", "Residents' Committee"),
            ("村民委员会", "Village Committee"),
            ("村委会", "Village Committee"),
            ("人民政府", "People's Government"),
            ("城管局", "Urban Management Bureau"),
            ("城管科", "Urban Management Section"),
            ("城管执法中队", "Urban Management Enforcement Squad"),
            ("派出所", "Police Station"),
            ("司法所", "Justice Office"),
            ("市场监管所", "Market Regulation Office"),
            ("消防救援站", "Fire and Rescue Station"),
            ("消防救援支队", "Fire and Rescue Detachment"),
            ("社区卫生服务中心", "Community Health Service Centre"),
            ("卫生健康委员会", "Health Commission"),
            ("信访局", "Petitions Bureau"),
            ("委组织部", "Party Committee Organisation Department"),
        ),
        key=lambda pair: -len(pair[0]),
    )
)

# Readings pypinyin gets wrong in Taiyuan's place names (checked against the NBS division list).
# Phrases first (matched longest first inside a name), then single characters whose reading in
# place names is the same wherever they stand.
PHRASES: dict[str, tuple[str, ...]] = {
    "万柏林": ("wan", "bai", "lin"),  # 柏 bǎi (pypinyin: bó)
    "解家": ("xie", "jia"),  # 解 as a surname is Xiè
}
CHARS: dict[str, str] = {
    "长": "chang",  # 长治, 长风, 长沟: cháng (pypinyin: zhǎng)
    "朝": "chao",  # 朝阳: cháo (pypinyin: zhāo)
    "柏": "bai",  # 柏杨, 柏板: bǎi
    "翟": "zhai",  # a surname in village names: Zhái (pypinyin: dí)
    "都": "du",  # 华都, 名都, 醋都 — a capital: dū (pypinyin: dōu)
    "佛": "fo",  # 千佛, 七佛沟: fó (pypinyin: fú)
    "咀": "zui",  # = 嘴, a spur of land: zuǐ (pypinyin: jǔ)
}

_NUMERALS = "〇零一二三四五六七八九十百两"
_HAN = re.compile(r"[\u3400-\u9fff]")
# A piece of a name: a run of Chinese characters, or of Latin letters and digits.
_PIECE = re.compile(r"[\u3400-\u9fff]+|[0-9A-Za-z]+")
_GRID_NUMBERED = re.compile(r"^(.*?)第([0-9]+|[" + _NUMERALS + r"]+)网格$")
_GRID_KIND = re.compile(r"^(.*?)(" + "|".join(GRID_KINDS) + r")?专属网格$")


def _syllables(han: str) -> list[str]:
    """Toneless pinyin, one syllable per character of `han` (Chinese characters only), with the
    overrides of PHRASES and CHARS; ü as ü (绿 lü)."""
    out: list[str] = []
    i = 0
    while i < len(han):
        phrase = next(
            (p for p in sorted(PHRASES, key=len, reverse=True) if han.startswith(p, i)), ""
        )
        if phrase:
            out.extend(PHRASES[phrase])
            i += len(phrase)
            continue
        j = i  # the run up to the next override phrase goes to pypinyin whole (its own phrases)
        while j < len(han) and not any(han.startswith(p, j) for p in PHRASES):
            j += 1
        run = han[i:j]
        readings = lazy_pinyin(run, style=Style.NORMAL, v_to_u=True, errors="default")
        out.extend(CHARS.get(ch, r) for ch, r in zip(run, readings, strict=True))
        i = j
    return out


def _word(syllables: list[str]) -> str:
    """Syllables as one capitalised word, an apostrophe before a/o/e after the first."""
    text = "".join(s if k == 0 or s[0] not in "aoe" else "'" + s for k, s in enumerate(syllables))
    return text[:1].upper() + text[1:]


def _stem_words(stem: str) -> list[str]:
    """The specific part of a name as words: Chinese runs as one pinyin word each, Latin letters
    and digits as they are, a trailing numeral after other characters as a word of its own."""
    words: list[str] = []
    for piece in _PIECE.findall(stem):
        if not _HAN.match(piece):
            words.append(piece)
            continue
        numeral = re.search(r"[" + _NUMERALS + r"]+$", piece)
        if numeral and numeral.start() > 0:
            words.append(_word(_syllables(piece[: numeral.start()])))
            words.append(_word(_syllables(numeral.group())))
        else:
            words.append(_word(_syllables(piece)))
    return words


def _cn_number(text: str) -> int | None:
    """一 … 九十九 (and Arabic digits) as a number; None for anything else."""
    if text.isdigit():
        return int(text)
    digits = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"〇": 0, "两": 2}
    if "十" in text:
        tens, _, ones = text.partition("十")
        if len(tens) > 1 or len(ones) > 1 or any(c not in digits for c in tens + ones):
            return None
        return (digits[tens] if tens else 1) * 10 + (digits[ones] if ones else 0)
    if len(text) == 1 and text in digits:
        return digits[text]
    return None


@lru_cache(maxsize=65_536)
def place_en(name: str) -> str:
    """A place name in Latin letters: 迎泽区 → Yingze District, 柳巷街道 → Liuxiang Subdistrict,
    汾西三社区第15网格 → Fenxi San Community Grid 15, 学府二社区学校专属网格 → Xuefu Er Community
    School Grid. A name with nothing Chinese in it comes back as it is; names joined with 、 come
    back joined with ", "."""
    name = name.strip()
    if not _HAN.search(name):
        return name
    if "、" in name:  # a list of places (a worker's grids): each one, joined the English way
        return ", ".join(place_en(part) for part in name.split("、") if part)
    numbered = _GRID_NUMBERED.match(name)
    if numbered:
        owner, number = numbered.groups()
        n = _cn_number(number)
        tail = f"Grid {n if n is not None else _word(_syllables(number))}"
        return f"{place_en(owner)} {tail}" if owner else tail
    dedicated = _GRID_KIND.match(name)
    if dedicated:
        owner, kind = dedicated.groups()
        tail = f"{GRID_KINDS[kind]} Grid" if kind else "Dedicated Grid"
        return f"{place_en(owner)} {tail}" if owner else tail
    if name.endswith("网格") and len(name) > 2:
        return f"{place_en(name[:-2])} Grid"
    for ending, place_word in _COMMITTEES:
        if name.endswith(ending) and len(name) > len(ending):
            name = name[: -len(ending)]
            # 南翟村村委会: the village is 南翟村, not 南翟村村
            if not name.endswith(place_word):
                name += place_word
            break
    for suffix, english in SUFFIXES:
        if name == suffix:  # a bare generic: 社区 → Community
            return english
        if name.endswith(suffix):
            return " ".join([*_stem_words(name[: -len(suffix)]), english])
    return " ".join(_stem_words(name))


@lru_cache(maxsize=16_384)
def unit_en(name: str) -> str:
    """A handling unit in English: "<place><organisation>" with the organisation from
    ORGANISATIONS (小店区城市管理局 → Xiaodian District Urban Management Bureau, 三桥街道街道办事处
    → Sanqiao Subdistrict Office); the name unchanged when its organisation is not there."""
    name = name.strip()
    if name.startswith("中共") and len(name) > 2:  # the Communist Party of China's …
        inner = unit_en(name[2:])
        return name if inner == name[2:] else f"CPC {inner}"
    for org, english in ORGANISATIONS:
        if name.endswith(org):
            place = name[: -len(org)]
            if not place:
                return english
            # A committee of a community whose name repeats in the district carries its
            # street's name in front (坞城街道汾西三社区居委会): each part romanised.
            words = " ".join(place_en(p) for p in _path_parts(place)).split(" ")
            # 三桥街道 + 街道办事处: the level is said once (Sanqiao Subdistrict Office)
            if words[-1] == english.split(" ")[0]:
                words = words[:-1]
            return " ".join([*words, english])
    return name


_LABEL_DROPS = (" Subdistrict", " Town", " Township", " Community", " Village")
_SHORT_DROPS = (*_LABEL_DROPS, " District", " County", " City")


@lru_cache(maxsize=16_384)
def label_en(name: str) -> str:
    """A street's, town's, community's or village's name for a label on a map, where three
    times the width of the Chinese does not fit: place_en without the generic word (坞城街道 →
    Wucheng); the tooltip names it whole. Other names as place_en."""
    return _without_generic(place_en(name), _LABEL_DROPS)


@lru_cache(maxsize=1_024)
def short_label_en(name: str) -> str:
    """The shortest name a map may write for a place: place_en without any generic word (迎泽区 →
    Yingze, 坞城街道 → Wucheng), for a label that fits nowhere whole; the tooltip names it
    whole."""
    return _without_generic(place_en(name), _SHORT_DROPS)


def _without_generic(full: str, words: tuple[str, ...]) -> str:
    """`full` without the first of `words` it ends with (never down to nothing)."""
    for word in words:
        if full.endswith(word) and len(full) > len(word):
            return full[: -len(word)]
    return full


_STACKED_WORDS = (" District", " County", " City")


@lru_cache(maxsize=1_024)
def district_label_en(name: str) -> str:
    """A district's, county's or county-level city's name for a label on the city's map, its
    generic word on a second line (迎泽区 → Yingze, newline, District): the whole name, half as wide
    (on one line the names of the small central districts covered each other and were left out).
    Other names as place_en."""
    full = place_en(name)
    for word in _STACKED_WORDS:
        if full.endswith(word) and len(full) > len(word):
            return full[: -len(word)] + "\n" + word.strip()
    return full


def place_name(name: str | None, lang: str) -> str | None:
    """A place's name in the interface language: as stored in zh, romanised in en."""
    if name is None or normalize_lang(lang) != "en":
        return name
    return place_en(name)


def unit_name(name: str | None, lang: str) -> str | None:
    """A handling unit's name in the interface language: as stored in zh, English in en."""
    if name is None or normalize_lang(lang) != "en":
        return name
    return unit_en(name)


# Levels a name made of the level above's and its own (小店区坞城街道) may be cut between: the
# first part ends with a district's or street's generic, the second with a lower level's.
_UPPER_ENDS = ("区", "县", "市", "街道", "镇", "乡", "社区", "村")
_LOWER_ENDS = ("街道", "镇", "乡", "社区", "村")


def _path_parts(name: str) -> list[str]:
    """A name written as the level above's followed by the place's own (小店区坞城街道) as its
    two parts, cut at the first point where both are names of their own (each with a specific
    part before its generic); [name] where there is no such point, and for a grid, whose name
    already carries its community's (汾西三社区第15网格)."""
    if name.endswith("网格"):
        return [name]
    for i in range(2, len(name) - 2):
        upper, lower = name[:i], name[i:]
        up = next((e for e in _UPPER_ENDS if upper.endswith(e)), None)
        low = next((e for e in _LOWER_ENDS if lower.endswith(e)), None)
        if up and low and len(upper) > len(up) and len(lower) > len(low):
            return [upper, lower]
    return [name]


@lru_cache(maxsize=16_384)
def path_en(name: str) -> str:
    """A name written as the level above's followed by the place's own, as the spike lists write
    them (小店区坞城街道, 坞城街道汾西三社区), in English order: the place first, then the level
    above (Wucheng Subdistrict, Xiaodian District); a name that cannot be cut so (_path_parts)
    is romanised whole (汾西三社区第15网格 → Fenxi San Community Grid 15)."""
    return ", ".join(place_en(part) for part in reversed(_path_parts(name.strip())))


def path_name(name: str | None, lang: str) -> str | None:
    """`path_en` in en, the name as stored in zh."""
    if name is None or normalize_lang(lang) != "en":
        return name
    return path_en(name)
