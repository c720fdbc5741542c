"""Synthetic geography of Taiyuan: districts → streets → communities → grids.

Real codes, names and counts for the 10 districts (dashboard.core.city); synthetic names for streets,
communities and grids except the places DESIGN.md names; or, when a deployment supplies them, real
division names (`--divisions`) and district outlines (`--boundaries`).

Boundaries are nested Voronoi tessellations: each district outline is cut into street cells, each
street into community cells, each community into grid cells, so every level tiles the one above
without overlap. Urban streets are seeded close to the district seat, so urban cells are small and
rural ones large.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import shapely
from shapely.geometry import MultiPoint, Point, Polygon, shape

from dashboard.core import city

# A rough outline of the city (WGS84), drawn for the demo: it is not a surveyed boundary.
CITY_OUTLINE = (
    (111.62, 38.28), (111.85, 38.35), (112.30, 38.34), (112.70, 38.38), (113.03, 38.31),
    (113.10, 38.15), (112.93, 38.00), (112.78, 37.87), (112.74, 37.72), (112.62, 37.62),
    (112.55, 37.50), (112.35, 37.46), (112.17, 37.53), (112.08, 37.66), (111.93, 37.77),
    (111.80, 37.84), (111.64, 37.98), (111.59, 38.14),
)  # fmt: skip

# Extra Voronoi seeds that pull each district's cell outward, so that the synthetic outlines
# resemble the real arrangement (urban core in the middle, counties around it).
DISTRICT_ANCHORS = {
    "140105": ((112.64, 37.73), (112.70, 37.80)),
    "140106": ((112.66, 37.855),),
    "140107": ((112.68, 37.92),),
    "140108": ((112.44, 38.02), (112.55, 37.99)),
    "140109": ((112.42, 37.88),),
    "140110": ((112.39, 37.77), (112.46, 37.66)),
    "140121": ((112.24, 37.56), (112.50, 37.53)),
    "140122": ((112.90, 38.20), (112.60, 38.27), (113.00, 38.07)),
    "140123": ((111.70, 38.25), (111.66, 37.96)),
    "140181": ((112.04, 37.80), (112.26, 38.07)),
}

# Places named in the press: (district, street name, community name). They replace synthetic names.
NAMED_PLACES = (
    ("140105", "北营街道", "万科城社区"),
    ("140105", "龙城街道", "保利香槟社区"),
    ("140107", "黄陵街道", "黄陵社区"),
    ("140109", "东社街道", "圪嶛沟村"),
    ("140106", "桥东街道", "滨体社区"),
)

_STREET_STEMS = (
    "坞城", "营盘", "北营", "平阳", "黄陵", "亲贤", "龙城", "许坦", "东社", "桥东", "柳巷", "文庙",
    "庙前", "迎泽", "老军营", "郝庄", "大东关", "涧河", "巨轮", "三桥", "鼓楼", "杏花岭", "坝陵桥",
    "敦化坊", "职工新村", "中涧河", "汇丰", "柴村", "光社", "新城", "和平", "万柏林", "千峰", "兴华",
    "晋祠", "义井", "罗城", "金胜", "姚村", "晋源", "徐沟", "东于", "孟封", "集义", "黄寨", "大盂",
    "东黄水", "杜交曲", "静游", "马家庄", "庙湾", "米峪", "邢家社", "屯兰", "河口", "西曲", "桃园",
    "东曲", "古交", "阁上", "镇城", "岔口", "常安", "原相", "嘉节", "梁泉", "侯村", "高村", "向阳",
    "泥屯", "凌井店", "西凌井", "北小店", "清源", "王答", "西谷", "柳杜", "马峪", "阳兴", "长风",
)  # fmt: skip
_COMMUNITY_STEMS = (
    "春晖", "康乐", "和顺", "安泰", "福馨", "锦绣", "丽华", "新华", "长治", "滨河", "阳光", "育才",
    "友谊", "鑫源", "华苑", "学府", "体育", "南内环", "北大街", "西矿", "化工", "钢园", "兴业",
    "金桥", "建设", "朝阳", "光明", "振兴", "富民", "东岗", "晋阳", "龙湾", "双塔", "青年", "平安",
    "桃园", "文源", "泰山", "裕德", "嘉园", "翠微", "御景", "星河", "汾东", "汾西", "柏杨", "上兰",
)  # fmt: skip
_VILLAGE_STEMS = (
    "王", "李", "张", "刘", "赵", "郭", "杨", "高", "孟", "武", "任", "段", "阎", "贾", "乔", "白",
    "东", "西", "南", "北", "上", "下", "前", "后", "大", "小", "新", "古", "石", "柳", "河", "庄",
)  # fmt: skip
_VILLAGE_SUFFIXES = ("家庄村", "家堡村", "峪村", "沟村", "村", "家寨村", "庄村", "坪村", "湾村")
_DEDICATED_KINDS = ("学校", "医院", "公园", "产业园区", "交通枢纽", "商业综合体")


@dataclass
class Community:
    code: str  # 12 digits
    name: str
    street_code: str
    street_name: str
    district_code: str
    rural: bool
    population: int = 0
    polygon: object = None


def district_outlines(boundaries_geojson: Path | None = None) -> dict[str, Polygon]:
    """District code → outline polygon (lon/lat).

    From a GeoJSON whose features carry `adcode` when given, else a synthetic tessellation of the
    city outline around the real district seats.
    """
    if boundaries_geojson is not None:
        features = json.loads(Path(boundaries_geojson).read_text(encoding="utf-8"))["features"]
        found = {str(f["properties"].get("adcode")): shape(f["geometry"]) for f in features}
        missing = [d.code for d in city.DISTRICTS if d.code not in found]
        if missing:
            raise ValueError(
                f"{boundaries_geojson}: expected a feature with property adcode for every "
                f"district, found none for {', '.join(missing)}"
            )
        return {d.code: shapely.make_valid(found[d.code]) for d in city.DISTRICTS}
    outline = Polygon(CITY_OUTLINE)
    seeds, owners = [], []
    for d in city.DISTRICTS:
        for pt in ((d.seat_lon, d.seat_lat), *DISTRICT_ANCHORS[d.code]):
            seeds.append(pt)
            owners.append(d.code)
    cells = _voronoi_cells(np.array(seeds), outline)
    result = {}
    for d in city.DISTRICTS:
        parts = [c for c, o in zip(cells, owners, strict=True) if o == d.code]
        result[d.code] = shapely.union_all(parts)
    return result


def _voronoi_cells(points: np.ndarray, region) -> list:
    """The Voronoi cell of each point, clipped to `region`, in the order of `points`."""
    if len(points) == 1:
        return [region]
    diagram = shapely.voronoi_polygons(MultiPoint(points), extend_to=region)
    cells = list(shapely.get_parts(diagram))
    # voronoi_polygons does not keep input order: match each cell to the seed inside it.
    seeds = shapely.points(points)
    tree = shapely.STRtree(cells)
    seed_idx, cell_idx = tree.query(seeds, predicate="intersects")
    order = np.full(len(points), -1)
    order[seed_idx] = cell_idx
    out = []
    for i in range(len(points)):
        cell = cells[order[i]] if order[i] >= 0 else Point(points[i]).buffer(1e-4)
        clipped = shapely.intersection(cell, region)
        out.append(clipped)
    return out


def _sample_in(polygon, n: int, rng: np.random.Generator, centre=None, spread=None) -> np.ndarray:
    """n distinct points inside polygon: uniform, or normal around `centre` with sd `spread`."""
    minx, miny, maxx, maxy = polygon.bounds
    shapely.prepare(polygon)  # speeds up the repeated containment tests
    prepared = polygon
    got = np.empty((0, 2))
    for _ in range(200):
        m = max(4 * n, 16)
        if centre is None:
            cand = np.column_stack([rng.uniform(minx, maxx, m), rng.uniform(miny, maxy, m)])
        else:
            cand = rng.normal(centre, spread, size=(m, 2))
        inside = shapely.contains_xy(prepared, cand[:, 0], cand[:, 1])
        got = np.vstack([got, cand[inside]])
        if len(got) >= n:
            break
        if centre is not None:
            spread = spread * 1.5  # the outline is narrower than the spread: widen
    if len(got) < n:  # a sliver: fall back to points along its interior
        extra = [polygon.representative_point().coords[0]] * (n - len(got))
        got = np.vstack([got, np.array(extra)])
    # Break exact ties (Voronoi needs distinct seeds).
    got = got[:n] + rng.normal(0, 1e-7, size=(n, 2))
    return got


def _read_divisions(divisions_csv: Path) -> dict[str, list[dict]]:
    """Parent code → child rows of a division list (code,name,level,parent_code)."""
    children: dict[str, list[dict]] = {}
    with open(divisions_csv, newline="", encoding="utf-8-sig") as fh:
        reader = csv.DictReader(fh)
        expected = {"code", "name", "level", "parent_code"}
        if not expected <= set(reader.fieldnames or ()):
            raise ValueError(
                f"{divisions_csv}: expected columns code,name,level,parent_code, "
                f"found {','.join(reader.fieldnames or [])}"
            )
        for row in reader:
            children.setdefault(row["parent_code"], []).append(row)
    return children


def _synthetic_divisions(rng: np.random.Generator) -> dict[str, list[dict]]:
    """Street and community rows for every district, with the real counts of DESIGN.md."""
    children: dict[str, list[dict]] = {}
    used_streets: set[str] = set()
    named = {}
    for dcode, street, community in NAMED_PLACES:
        named.setdefault((dcode, street), []).append(community)
    # Beyond the real-sounding stems, fall back to road names ("春晖路街道").
    stems = list(_STREET_STEMS) + [c + "路" for c in _COMMUNITY_STEMS]
    # The named streets keep their names for their own districts.
    used_streets |= {street for _, street, _ in NAMED_PLACES}
    stems = [s for s in stems if s + "街道" not in used_streets]
    for d in city.DISTRICTS:
        n_comm, n_vill = d.communities, d.villages
        # Streets (街道) hold the urban communities, towns (镇/乡) the villages.
        n_streets = max(1, round(d.towns * n_comm / (n_comm + n_vill)))
        n_streets = min(n_streets, d.towns - (1 if n_vill and d.towns > 1 else 0))
        wanted = [s for (dc, s) in named if dc == d.code]
        streets = []
        for i in range(d.towns):
            is_street = i < n_streets
            if is_street and wanted:
                name = wanted.pop(0)
            else:
                # Road-name stems suit urban streets only: a town is "安泰镇", not "安泰路镇".
                suffix = "街道" if is_street else ("镇" if i % 3 else "乡")
                stem = next(
                    s for s in stems
                    if (s if is_street else s.removesuffix("路")) + suffix not in used_streets
                )  # fmt: skip
                stems.remove(stem)
                name = (stem if is_street else stem.removesuffix("路")) + suffix
            used_streets.add(name)
            # NBS street codes: 001–099 streets, 100–199 towns, 200+ townships.
            num = i + 1 if is_street else (100 + i - n_streets + 1 if name.endswith("镇") else
                                           200 + i - n_streets + 1)  # fmt: skip
            code = f"{d.code}{num:03d}"
            streets.append({"code": code, "name": name, "level": "town", "rural": not is_street})
        children[d.code] = streets
        # Share communities over streets and villages over towns, unevenly.
        urban = [s for s in streets if not s["rural"]]
        named_villages = {st for (dc, st), names in named.items()
                          if dc == d.code and any(n.endswith("村") for n in names)}  # fmt: skip
        rural = [s for s in streets if s["rural"] or s["name"] in named_villages] or urban
        for group, count, is_village in ((urban, n_comm, False), (rural, n_vill, True)):
            weights = rng.dirichlet(np.full(len(group), 4.0))
            counts = _apportion(count, weights, minimum=1 if count >= len(group) else 0)
            for s, k in zip(group, counts, strict=True):
                rows = children.setdefault(s["code"], [])
                for _ in range(k):
                    rows.append({"village": is_village})
    # Names and codes of committees.
    for d in city.DISTRICTS:
        for s in children[d.code]:
            kids = children.get(s["code"], [])
            fixed = list(named.get((d.code, s["name"]), []))
            n_res = n_vil = 0
            for row in kids:
                if row["village"]:
                    n_vil += 1
                    num = 199 + n_vil
                    if fixed and fixed[0].endswith("村"):
                        row["name"] = fixed.pop(0)
                    else:
                        row["name"] = _village_name(rng)
                else:
                    n_res += 1
                    num = n_res
                    if fixed and not fixed[0].endswith("村"):
                        row["name"] = fixed.pop(0)
                    else:
                        row["name"] = rng.choice(_COMMUNITY_STEMS) + f"{_cn_ordinal(n_res)}社区"
                row["code"] = f"{s['code']}{num:03d}"
                row["level"] = "village"
    return children


def _village_name(rng: np.random.Generator) -> str:
    return (
        str(rng.choice(_VILLAGE_STEMS))
        + str(rng.choice(_VILLAGE_STEMS))
        + str(rng.choice(_VILLAGE_SUFFIXES))
    )


def _cn_ordinal(n: int) -> str:
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    if n < 20:
        return "十" + (digits[n % 10] if n % 10 else "")
    return digits[n // 10] + "十" + (digits[n % 10] if n % 10 else "")


def _apportion(total: int, weights: np.ndarray, minimum: int = 0) -> np.ndarray:
    """Share `total` integers in proportion to `weights` (largest remainder), each ≥ minimum."""
    weights = np.asarray(weights, dtype=float)
    n = len(weights)
    base = np.full(n, minimum, dtype=np.int64)
    rest = total - base.sum()
    if rest <= 0:
        return base
    quota = rest * weights / weights.sum()
    whole = np.floor(quota).astype(np.int64)
    left = int(rest - whole.sum())
    order = np.argsort(-(quota - whole), kind="stable")
    whole[order[:left]] += 1
    return base + whole


def build_communities(
    rng: np.random.Generator,
    outlines: dict[str, Polygon],
    divisions_csv: Path | None = None,
) -> list[Community]:
    """Every community/village with its street, population and polygon.

    Population: the district's census figure shared over its committees, villages holding far fewer
    residents than urban communities.
    """
    children = _read_divisions(divisions_csv) if divisions_csv else _synthetic_divisions(rng)
    communities: list[Community] = []
    for d in city.DISTRICTS:
        streets = [s for s in children.get(d.code, []) if len(s["code"]) == 9]
        if not streets:
            raise ValueError(f"divisions: expected streets/towns under {d.code}, found none")
        outline = outlines[d.code]
        seat = np.array([d.seat_lon, d.seat_lat])
        # Towns (code ≥ 100) spread over the district, streets gather around the seat.
        street_rural = [int(s["code"][6:]) >= 100 for s in streets]
        spread = 0.2 * np.sqrt(outline.area)
        seeds = np.empty((len(streets), 2))
        urban_idx = [i for i, r in enumerate(street_rural) if not r]
        rural_idx = [i for i, r in enumerate(street_rural) if r]
        if urban_idx:
            seeds[urban_idx] = _sample_in(outline, len(urban_idx), rng, seat, spread)
        if rural_idx:
            pts = _sample_in(outline, len(rural_idx) * 6, rng)
            far = np.argsort(-np.hypot(*(pts - seat).T))[: len(rural_idx) * 3]
            seeds[rural_idx] = pts[rng.choice(far, len(rural_idx), replace=False)]
        street_cells = _voronoi_cells(seeds, outline)
        district_comms: list[Community] = []
        for s, cell in zip(streets, street_cells, strict=True):
            kids = [c for c in children.get(s["code"], []) if len(c["code"]) == 12]
            if not kids:  # a street without committees still has its territory: one community
                kids = [{"code": s["code"] + "001", "name": s["name"] + "社区"}]
            comm_seeds = _sample_in(cell, len(kids), rng)
            comm_cells = _voronoi_cells(comm_seeds, cell)
            for k, ccell in zip(kids, comm_cells, strict=True):
                village = int(k["code"][9:]) >= 200
                district_comms.append(
                    Community(
                        k["code"], k["name"], s["code"], s["name"], d.code, village, polygon=ccell
                    )  # fmt: skip
                )
        # Population: lognormal weights, villages about a fifth of a community.
        w = rng.lognormal(0.0, 0.45, len(district_comms))
        w *= np.where([c.rural for c in district_comms], 0.2, 1.0)
        pops = _apportion(d.population, w)
        for c, p in zip(district_comms, pops, strict=True):
            c.population = int(p)
        communities.extend(district_comms)
    return communities


def km2(polygons, lat: np.ndarray) -> np.ndarray:
    """Approximate area in km² of lon/lat polygons (equirectangular at each polygon's latitude)."""
    return shapely.area(polygons) * 111.32 * 110.57 * np.cos(np.radians(lat))


def build_grids(rng: np.random.Generator, communities: list[Community]) -> dict[str, np.ndarray]:
    """Exactly city.TOTAL_GRIDS grids shared over communities by population, rural ones larger.

    Returns column arrays of the `grids` table (boundary_wkt as WKT strings).
    """
    pops = np.array([c.population for c in communities], dtype=float)
    rural = np.array([c.rural for c in communities])
    # A rural grid covers fewer residents than an urban one but far more ground.
    weight = pops * np.where(rural, 1.6, 1.0)
    counts = _apportion(city.TOTAL_GRIDS, weight, minimum=1)
    cols: dict[str, list] = {k: [] for k in (
        "grid_code", "grid_name", "grid_type", "district_code", "district_name", "street_code",
        "street_name", "community_code", "community_name", "households", "population",
        "boundary", "center_lon", "center_lat")}  # fmt: skip
    for c, n in zip(communities, counts, strict=True):
        n = int(n)
        seeds = _sample_in(c.polygon, n, rng)
        cells = _voronoi_cells(seeds, c.polygon)
        # One urban grid in ~25 is a dedicated grid (school, hospital, park …), with few residents.
        dedicated = (~np.full(n, c.rural)) & (rng.random(n) < 0.04) & (np.arange(n) > 0)
        share = rng.dirichlet(np.full(n, 6.0)) if n > 1 else np.array([1.0])
        pop = _apportion(c.population, share * np.where(dedicated, 0.15, 1.0))
        dname = city.DISTRICT_BY_CODE[c.district_code].name_zh
        for i in range(n):
            kind = "dedicated" if dedicated[i] else ("rural" if c.rural else "urban")
            label = (
                f"{c.name}{rng.choice(_DEDICATED_KINDS)}专属网格"
                if kind == "dedicated"
                else f"{c.name}第{i + 1}网格"
            )
            people = int(pop[i])
            cols["grid_code"].append(f"{c.code}{i + 1:04d}")
            cols["grid_name"].append(label)
            cols["grid_type"].append(kind)
            cols["district_code"].append(c.district_code)
            cols["district_name"].append(dname)
            cols["street_code"].append(c.street_code)
            cols["street_name"].append(c.street_name)
            cols["community_code"].append(c.code)
            cols["community_name"].append(c.name)
            cols["population"].append(people)
            cols["households"].append(int(round(people / (2.6 if c.rural else 2.45))))
            cols["boundary"].append(cells[i])
            # The cell's centroid, as a real export's centre is (the seed can sit in a corner
            # of a cell clipped by its community: a grid's map then showed its heat there).
            middle = shapely.centroid(cells[i])
            if not shapely.contains_xy(cells[i], middle.x, middle.y):
                middle = shapely.point_on_surface(cells[i])
            cols["center_lon"].append(float(middle.x))
            cols["center_lat"].append(float(middle.y))
    out = {k: np.array(v) for k, v in cols.items() if k != "boundary"}
    boundary = np.array(cols["boundary"], dtype=object)
    out["area_km2"] = np.round(km2(boundary, out["center_lat"]), 4)
    out["boundary_wkt"] = shapely.to_wkt(boundary, rounding_precision=6)
    # The centroid is the centre, unless rounding the outline moved an edge past it.
    rounded = shapely.from_wkt(out["boundary_wkt"])
    lon, lat = np.round(out["center_lon"], 6), np.round(out["center_lat"], 6)
    moved = ~shapely.contains_xy(rounded, lon, lat)
    surface = shapely.get_coordinates(shapely.point_on_surface(rounded[moved]))
    lon[moved], lat[moved] = surface[:, 0], surface[:, 1]
    out["center_lon"], out["center_lat"] = lon, lat
    return out
