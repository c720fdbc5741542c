"""Handling units: who handles a case at each level, how fast, and how readily they return it.

A case that a grid worker cannot settle on the spot goes to a unit at one of four levels:

- community: the residents' (village) committee — mediation, care and small matters;
- street: the street office (街道办事处, in a town 镇/乡人民政府) or the department's station in the
  street (派出所, 司法所, 城管执法中队, 市场监管所, 消防救援站, 社区卫生服务中心, 党群服务中心);
- district: the district department (小店区住房和城乡建设局 …);
- city: the city department (太原市水务局 …), for city-wide matters and escalations.

Each matter's department sets how its cases split over the levels (police matters mostly go to
the station, civil affairs mostly to the committee, utilities more to the district and the city);
a case escalates one level up now and then. Every unit has a lasting pace of its own (a few units
are clearly slow, so the league table of on-time rates spreads from about 70 % to 98 %) and a
lasting readiness to send back cases it thinks are not its own (returns).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from dashboard.pipeline.generate import catalogue

LEVELS = ("community", "street", "district", "city")
COMMUNITY, STREET, DISTRICT, CITY = range(4)

# Per department (by its zh name): its station in a street or town (None: the street office
# handles its cases itself), its name in a district (appended to the district name) and in the
# city, and how its dispatched cases split over community, street, district and city (before
# escalation). Shares are set so that most cases stay at community and street level, as a
# grid system intends ("小事不出社区, 大事不出街道").
_DEPARTMENTS = {
    "城市管理局": ("城管执法中队", "城市管理局", "太原市城市管理局", (0.32, 0.50, 0.16, 0.02)),
    "住房和城乡建设局": (
        None,
        "住房和城乡建设局",
        "太原市住房和城乡建设局",
        (0.50, 0.22, 0.26, 0.02),
    ),
    "公安分局": ("派出所", "公安分局", "太原市公安局", (0.12, 0.70, 0.16, 0.02)),
    "市场监督管理局": (
        "市场监管所",
        "市场监督管理局",
        "太原市市场监督管理局",
        (0.08, 0.64, 0.26, 0.02),
    ),
    "生态环境分局": (None, "生态环境分局", "太原市生态环境局", (0.15, 0.40, 0.41, 0.04)),
    "民政局": (None, "民政局", "太原市民政局", (0.58, 0.30, 0.12, 0.0)),
    "应急管理局": (None, "应急管理局", "太原市应急管理局", (0.15, 0.50, 0.31, 0.04)),
    "司法局": ("司法所", "司法局", "太原市司法局", (0.58, 0.34, 0.08, 0.0)),
    "卫生健康局": (
        "社区卫生服务中心",
        "卫生健康局",
        "太原市卫生健康委员会",
        (0.42, 0.35, 0.20, 0.03),
    ),
    "水务局": (None, "水务局", "太原市水务局", (0.10, 0.40, 0.42, 0.08)),
    "消防救援大队": ("消防救援站", "消防救援大队", "太原市消防救援支队", (0.30, 0.42, 0.28, 0.0)),
    "人力资源和社会保障局": (
        None,
        "人力资源和社会保障局",
        "太原市人力资源和社会保障局",
        (0.18, 0.48, 0.32, 0.02),
    ),
    "规划和自然资源局": (
        None,
        "规划和自然资源局",
        "太原市规划和自然资源局",
        (0.12, 0.40, 0.46, 0.02),
    ),
    "街道办事处": (None, "信访局", "太原市信访局", (0.20, 0.70, 0.10, 0.0)),
    "党群服务中心": ("党群服务中心", "委组织部", "中共太原市委组织部", (0.50, 0.50, 0.0, 0.0)),
}

# A case goes one level up (the next level's unit of the same department) this often, by level.
ESCALATE = np.array([0.12, 0.07, 0.04, 0.0])
# A case is first sent to a wrong unit that sends it back this often, by the level it belongs to
# (times the wrong unit's own readiness to return): the higher the level, the more cases are
# disputed between departments.
RETURN = np.array([0.04, 0.09, 0.16, 0.22])
# Handling time by level: committees act on small matters quickly, city departments slowly.
LEVEL_PACE = np.array([0.8, 1.0, 1.1, 1.3])


@dataclass
class Units:
    """Every handling unit of the city, and per place and department the unit at each level."""

    name: np.ndarray  # unit → name
    level: np.ndarray  # unit → level index (LEVELS)
    pace: np.ndarray  # unit → handling-time multiplier, lasting
    returns: np.ndarray  # unit → readiness to send a misdirected case back, lasting (mean ≈ 1)
    community_unit: np.ndarray  # grid → its community's committee
    street_unit: np.ndarray  # grid × department → street office or station
    district_unit: np.ndarray  # grid × department → district department
    city_unit: np.ndarray  # department → city department
    split: np.ndarray  # department × level → share of its cases first sent to that level

    def at(self, level: np.ndarray, grid: np.ndarray, dept: np.ndarray) -> np.ndarray:
        """The unit of each case's department at each case's level, for its grid."""
        return np.select(
            [level == COMMUNITY, level == STREET, level == DISTRICT],
            [
                self.community_unit[grid],
                self.street_unit[grid, dept],
                self.district_unit[grid, dept],
            ],
            self.city_unit[dept],
        )

    def wrong(self, level: np.ndarray, grid: np.ndarray, dept: np.ndarray) -> np.ndarray:
        """The unit a case of `level` is wrongly sent to first: for a committee's case, the
        department's street unit (which sends it down again); at street level, the station of
        another department or the street office; above, another department of the same level."""
        other = WRONG_DEPARTMENT[dept]
        street_wrong = self.street_unit[grid, other]
        return np.select(
            [level == COMMUNITY, level == STREET, level == DISTRICT],
            [self.street_unit[grid, dept], street_wrong, self.district_unit[grid, other]],
            self.city_unit[other],
        )


DEPARTMENTS = tuple(dict.fromkeys(c.department[0] for c in catalogue.CATEGORIES))
DEPARTMENT_OF_CATEGORY = np.array(
    [DEPARTMENTS.index(c.department[0]) for c in catalogue.CATEGORIES]
)


# The department a case is wrongly sent to first: one whose duties border on it (城管 and 住建
# over illegal building, 公安 and 城管 over parking and stalls …). At street level the wrong unit
# must differ from the right one: a department the street office stands in for is paired with
# one that keeps a station, and the other way round.
_MISTAKEN_FOR = {
    "城市管理局": "住房和城乡建设局",
    "住房和城乡建设局": "城市管理局",
    "公安分局": "城市管理局",
    "市场监督管理局": "城市管理局",
    "生态环境分局": "城市管理局",
    "民政局": "卫生健康局",
    "应急管理局": "消防救援大队",
    "司法局": "公安分局",
    "卫生健康局": "民政局",
    "水务局": "城市管理局",
    "消防救援大队": "应急管理局",
    "人力资源和社会保障局": "司法局",
    "规划和自然资源局": "城市管理局",
    "街道办事处": "公安分局",
    "党群服务中心": "民政局",
}


def _wrong_departments() -> np.ndarray:
    out = np.array([DEPARTMENTS.index(_MISTAKEN_FOR[d]) for d in DEPARTMENTS])
    station = np.array([_DEPARTMENTS[d][0] is not None for d in DEPARTMENTS])
    assert (station | station[out]).all() and (out != np.arange(len(out))).all()
    return out


WRONG_DEPARTMENT = _wrong_departments()


def build(rng: np.random.Generator, grids: dict) -> Units:
    """The city's handling units with their lasting pace and readiness to return cases."""
    n_dept = len(DEPARTMENTS)
    names: list[str] = []
    levels: list[int] = []

    def add(name: str, level: int) -> int:
        names.append(name)
        levels.append(level)
        return len(names) - 1

    # Committees: one per community. Community names repeat across streets, so a repeated name
    # carries its street to keep units apart in the league table.
    comm_codes, first, comm_of_grid = np.unique(
        grids["community_code"], return_index=True, return_inverse=True
    )
    comm_names = grids["community_name"][first].astype(str)
    street_of_comm = grids["street_name"][first].astype(str)
    village = grids["grid_type"][first] == "rural"
    _, name_count = np.unique(comm_names, return_counts=True)
    repeated = set(np.unique(comm_names)[name_count > 1])
    comm_unit = np.array(
        [
            add(f"{s if n in repeated else ''}{n}{'村委会' if v else '居委会'}", COMMUNITY)
            for n, s, v in zip(comm_names, street_of_comm, village, strict=True)
        ]
    )

    # Streets and towns: the office, and the stations of departments that keep one.
    street_codes, s_first, street_of_grid = np.unique(
        grids["street_code"], return_index=True, return_inverse=True
    )
    street_unit = np.empty((len(street_codes), n_dept), dtype=np.int64)
    for s, gi in enumerate(s_first):
        sname = str(grids["street_name"][gi])
        office = add(sname + ("办事处" if sname.endswith("街道") else "人民政府"), STREET)
        for d, dept in enumerate(DEPARTMENTS):
            station = _DEPARTMENTS[dept][0]
            street_unit[s, d] = office if station is None else add(sname + station, STREET)

    district_codes, d_first, district_of_grid = np.unique(
        grids["district_code"], return_index=True, return_inverse=True
    )
    district_unit = np.empty((len(district_codes), n_dept), dtype=np.int64)
    for k, gi in enumerate(d_first):
        dname = str(grids["district_name"][gi])
        for d, dept in enumerate(DEPARTMENTS):
            district_unit[k, d] = add(dname + _DEPARTMENTS[dept][1], DISTRICT)
    city_unit = np.array([add(_DEPARTMENTS[dept][2], CITY) for dept in DEPARTMENTS])

    n = len(names)
    level = np.array(levels)
    # Pace: most units near the norm, one in eight clearly slow (understaffed, disputed duties).
    pace = rng.lognormal(-0.1, 0.22, n) * np.where(
        rng.random(n) < 0.12, rng.uniform(1.5, 2.1, n), 1.0
    )
    # Readiness to send a case back: some units push back three times as often as most.
    returns = np.clip(rng.lognormal(-0.12, 0.5, n), 0.2, 2.5)
    split = np.array([_DEPARTMENTS[dept][3] for dept in DEPARTMENTS], dtype=float)
    split /= split.sum(axis=1, keepdims=True)
    return Units(
        name=np.array(names),
        level=level,
        pace=pace,
        returns=returns,
        community_unit=comm_unit[comm_of_grid],
        street_unit=street_unit[street_of_grid],
        district_unit=district_unit[district_of_grid],
        city_unit=city_unit,
        split=split,
    )
