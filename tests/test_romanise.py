"""Romanised place names for the English interface (dashboard/core/romanise.py).

Every expected value is written out by hand from the pinyin of the name and the suffix rules,
never taken from the function's output."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from dashboard.core.romanise import (
    district_label_en,
    label_en,
    path_en,
    place_en,
    place_name,
    unit_en,
    unit_name,
)

REFERENCE = Path(__file__).resolve().parents[2] / "shared" / "reference" / "taiyuan_divisions.csv"


@pytest.mark.parametrize(
    ("zh", "en"),
    [
        ("小店区", "Xiaodian District"),
        ("迎泽区", "Yingze District"),
        ("杏花岭区", "Xinghualing District"),
        ("尖草坪区", "Jiancaoping District"),
        ("万柏林区", "Wanbailin District"),  # 柏 bǎi, not bó
        ("晋源区", "Jinyuan District"),
        ("清徐县", "Qingxu County"),
        ("阳曲县", "Yangqu County"),
        ("娄烦县", "Loufan County"),
        ("古交市", "Gujiao City"),
    ],
)
def test_every_district_of_taiyuan(zh, en):
    assert place_en(zh) == en


@pytest.mark.parametrize(
    ("zh", "en"),
    [
        ("柳巷街道", "Liuxiang Subdistrict"),  # 街道
        ("杜交曲镇", "Dujiaoqu Town"),  # 镇
        ("西墕乡", "Xiyan Township"),  # 乡
        ("汾西三社区", "Fenxi San Community"),  # 社区, numeral as a word of its own
        ("新李家庄村", "Xinlijiazhuang Village"),  # 村
        ("太原市", "Taiyuan City"),  # 市
        ("太原中北高新技术产业开发区", "Taiyuanzhongbeigaoxinjishuchanye Development Zone"),
        ("社区", "Community"),  # a bare generic is translated, not spelt
    ],
)
def test_each_suffix(zh, en):
    assert place_en(zh) == en


@pytest.mark.parametrize(
    ("zh", "en"),
    [
        ("汾西三社区第15网格", "Fenxi San Community Grid 15"),
        ("新李家庄村第2网格", "Xinlijiazhuang Village Grid 2"),
        ("第三网格", "Grid 3"),  # a Chinese numeral becomes a number
        ("长治二十五社区第十二网格", "Changzhi Ershiwu Community Grid 12"),
        ("学府二社区学校专属网格", "Xuefu Er Community School Grid"),
        ("御景三社区交通枢纽专属网格", "Yujing San Community Transport Hub Grid"),
        ("建设五社区医院专属网格", "Jianshe Wu Community Hospital Grid"),
        ("滨河七社区专属网格", "Binhe Qi Community Dedicated Grid"),
    ],
)
def test_grid_names(zh, en):
    assert place_en(zh) == en


@pytest.mark.parametrize(
    ("zh", "en"),
    [
        ("长治七社区", "Changzhi Qi Community"),  # 长 cháng (pypinyin alone: zhǎng)
        ("长风镇", "Changfeng Town"),
        ("朝阳九社区", "Chaoyang Jiu Community"),  # 朝 cháo (pypinyin alone: zhāo)
        ("柏杨一社区", "Baiyang Yi Community"),
        ("南翟村村委会", "Nanzhai Village"),  # 翟 Zhái; the village 南翟村, said once
        ("醋都社区", "Cudu Community"),  # 都 dū
        ("千佛路社区居委会", "Qianfolu Community"),  # 佛 fó
        ("石炭咀社区居民委员会", "Shitanzui Community"),  # 咀 zuǐ
        ("解家塔村委会", "Xiejiata Village"),  # 解 Xiè as a surname
        ("嘉乐泉乡", "Jialequan Township"),  # 乐 lè
        ("圪嶛沟村", "Geliaogou Village"),
    ],
)
def test_polyphonic_characters(zh, en):
    assert place_en(zh) == en


@pytest.mark.parametrize(
    ("zh", "en"),
    [
        ("晋安街道", "Jin'an Subdistrict"),  # apostrophe before a syllable starting with a
        ("西安", "Xi'an"),
        ("绿柳村", "Lüliu Village"),  # ü kept
        ("七一社区", "Qiyi Community"),  # all numeral: one word
        ("102社区居委会", "102 Community"),  # digits as they are; the committee is its place
        ("冶峪居委会", "Yeyu Community"),
        ("Binhe", "Binhe"),  # nothing Chinese: unchanged
    ],
)
def test_writing_rules(zh, en):
    assert place_en(zh) == en


@pytest.mark.parametrize(
    ("zh", "en"),
    [
        ("小店区城市管理局", "Xiaodian District Urban Management Bureau"),
        ("古交市公安分局", "Gujiao City Public Security Sub-bureau"),
        ("万柏林区消防救援大队", "Wanbailin District Fire and Rescue Brigade"),
        ("娄烦县住房和城乡建设局", "Loufan County Housing and Urban-Rural Development Bureau"),
        ("三桥街道街道办事处", "Sanqiao Subdistrict Office"),  # the level said once
        ("柳巷街道党群服务中心", "Liuxiang Subdistrict Party and Public Service Centre"),
        ("上北庄村村委会", "Shangbeizhuang Village Committee"),
        ("汾西三社区网格站", "Fenxi San Community Grid Station"),
        ("太原市综治中心", "Taiyuan City Governance Centre"),
        ("坞城街道司法所", "Wucheng Subdistrict Justice Office"),
        ("北格镇人民政府", "Beige Town People's Government"),
        ("坞城街道城管执法中队", "Wucheng Subdistrict Urban Management Enforcement Squad"),
        # a committee whose community's name repeats in the district: its street's in front
        (
            "坞城街道汾西三社区居委会",
            "Wucheng Subdistrict Fenxi San Community Residents' Committee",
        ),
        ("中共太原市委组织部", "CPC Taiyuan City Party Committee Organisation Department"),
        ("太原市卫生健康委员会", "Taiyuan City Health Commission"),
        ("阳曲县某某工程有限公司", "阳曲县某某工程有限公司"),  # not in the table: stays Chinese
    ],
)
def test_handling_units(zh, en):
    assert unit_en(zh) == en


@pytest.mark.parametrize(
    ("zh", "en"),
    [
        ("小店区坞城街道", "Wucheng Subdistrict, Xiaodian District"),
        ("坞城街道汾西三社区", "Fenxi San Community, Wucheng Subdistrict"),
        ("古交市屯兰街道", "Tunlan Subdistrict, Gujiao City"),
        ("汾西三社区第15网格", "Fenxi San Community Grid 15"),  # a grid: its name says it all
        ("阳曲产业园区街道", "Yangquchanyeyuanqu Subdistrict"),  # 园区 is no level of its own
    ],
)
def test_names_written_after_the_level_above(zh, en):
    assert path_en(zh) == en


def test_map_labels_drop_the_generic_below_a_district():
    assert label_en("坞城街道") == "Wucheng"
    assert label_en("汾西三社区") == "Fenxi San"
    assert label_en("新李家庄村") == "Xinlijiazhuang"
    assert label_en("小店区") == "Xiaodian District"
    assert label_en("第3网格") == "Grid 3"
    # the city's map: a district's whole name, its generic word on a second line
    assert district_label_en("小店区") == "Xiaodian\nDistrict"
    assert district_label_en("清徐县") == "Qingxu\nCounty"
    assert district_label_en("古交市") == "Gujiao\nCity"
    assert district_label_en("坞城街道") == "Wucheng Subdistrict"


def test_a_list_of_places():
    assert place_en("坞城街道、营盘街道") == "Wucheng Subdistrict, Yingpan Subdistrict"


def test_chinese_stays_chinese_in_zh():
    assert place_name("迎泽区", "zh") == "迎泽区"
    assert place_name("迎泽区", "en") == "Yingze District"
    assert place_name(None, "en") is None
    assert unit_name("小店区水务局", "zh") == "小店区水务局"
    assert unit_name("小店区水务局", "en") == "Xiaodian District Water Affairs Bureau"


def test_cached():
    place_en.cache_clear()
    place_en("迎泽区")
    place_en("迎泽区")
    assert place_en.cache_info().hits == 1


@pytest.mark.skipif(not REFERENCE.exists(), reason="../shared/reference is not here")
def test_the_real_division_list():
    """Every name of the NBS list comes out in Latin letters only, with the English word of its
    level; the district-level names are the ones hand-written above."""
    rows = list(csv.DictReader(REFERENCE.open(encoding="utf-8")))
    assert len(rows) > 1_500
    ends = {
        "county": ("District", "County", "City", "Zone"),
        "town": ("Subdistrict", "Town", "Township", "Zone"),
        "village": ("Community", "Village"),
    }
    for row in rows:
        en = place_en(row["name"])
        assert re.fullmatch(r"[A-Za-z0-9' ü]+", en), (row["name"], en)
        if row["level"] in ends:
            assert en.endswith(ends[row["level"]]), (row["name"], en)
    by_code = {r["code"]: place_en(r["name"]) for r in rows}
    assert by_code["140109"] == "Wanbailin District"
    assert by_code["140122"] == "Yangqu County"
    assert by_code["140181"] == "Gujiao City"
