"""Facts about the city the dashboard serves: Taiyuan (太原市, 1401).

District facts are from DESIGN.md (2020 census population, counts of streets/towns and of
residents' + village committees). The city envelope is what the validator calls "the city":
incident and grid coordinates outside it are quarantined as outside_city.
"""

from __future__ import annotations

from dataclasses import dataclass

CITY_CODE = "1401"
CITY_NAME_ZH = "太原市"
CITY_NAME_EN = "Taiyuan"
TOTAL_GRIDS = 8967
TOTAL_WORKERS = 8650

# lon_min, lat_min, lon_max, lat_max (WGS84). Taiyuan spans about 111°30'–113°09' E and
# 37°27'–38°25' N; the envelope adds a few kilometres so boundary grids' points stay inside.
BBOX = (111.40, 37.35, 113.30, 38.55)


@dataclass(frozen=True)
class District:
    code: str
    name_zh: str
    name_en: str
    seat_lon: float
    seat_lat: float
    population: int
    towns: int  # streets (街道) + towns/townships (乡镇)
    communities: int  # residents' committees (社区)
    villages: int  # village committees (村)


DISTRICTS: tuple[District, ...] = (
    District("140105", "小店区", "Xiaodian", 112.564, 37.818, 1357242, 10, 130, 25),
    District("140106", "迎泽区", "Yingze", 112.559, 37.856, 594238, 7, 102, 10),
    District("140107", "杏花岭区", "Xinghualing", 112.561, 37.879, 779479, 12, 125, 20),
    District("140108", "尖草坪区", "Jiancaoping", 112.487, 37.940, 530499, 14, 76, 58),
    District("140109", "万柏林区", "Wanbailin", 112.522, 37.863, 951238, 14, 123, 15),
    District("140110", "晋源区", "Jinyuan", 112.478, 37.716, 316445, 6, 52, 57),
    District("140121", "清徐县", "Qingxu", 112.358, 37.607, 344472, 9, 28, 128),
    District("140122", "阳曲县", "Yangqu", 112.674, 38.059, 128483, 10, 22, 98),
    District("140123", "娄烦县", "Loufan", 111.794, 38.066, 91208, 7, 14, 102),
    District("140181", "古交市", "Gujiao", 112.174, 37.909, 210757, 13, 52, 110),
)

DISTRICT_BY_CODE = {d.code: d for d in DISTRICTS}


def inside_city(lon: float, lat: float) -> bool:
    """True where a WGS84 point lies within the city envelope BBOX."""
    lon_min, lat_min, lon_max, lat_max = BBOX
    return lon_min <= lon <= lon_max and lat_min <= lat <= lat_max
