"""The 37 matter types (准入事项) and 82 items (事项清单) of the demo, with their time limits.

Each item carries what the incident generator needs: how common it is, how its frequency moves
with the seasons and between town and country, how often a grid worker settles it on the spot,
which department handles it when it becomes a case, and how urgent it tends to be.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

# Groups (zh, en).
PARTY = ("党的建设", "Party building")
SECURITY = ("社会治安", "Public security")
DISPUTES = ("矛盾纠纷", "Disputes")
SAFETY = ("安全隐患", "Safety hazards")
ENVIRONMENT = ("环境卫生", "Environment and sanitation")
FACILITIES = ("城市管理", "Urban management")
SERVICES = ("民生服务", "Services to the elderly and disabled")
SPECIAL = ("特殊人群", "Special groups")
FRAUD = ("反诈宣传", "Fraud prevention")
EMERGENCY = ("突发事件", "Emergencies")

# Departments (zh, en); a case's handling unit is "<district name><department>".
CITY_MGMT = ("城市管理局", "urban management bureau")
HOUSING = ("住房和城乡建设局", "housing and construction bureau")
POLICE = ("公安分局", "public security sub-bureau")
MARKET = ("市场监督管理局", "market regulation bureau")
ECOLOGY = ("生态环境分局", "ecology and environment sub-bureau")
CIVIL = ("民政局", "civil affairs bureau")
EMERGENCY_MGMT = ("应急管理局", "emergency management bureau")
JUSTICE = ("司法局", "justice bureau")
HEALTH = ("卫生健康局", "health commission")
WATER = ("水务局", "water affairs bureau")
FIRE = ("消防救援大队", "fire and rescue brigade")
LABOUR = ("人力资源和社会保障局", "human resources and social security bureau")
LAND = ("规划和自然资源局", "planning and natural resources bureau")
STREET = ("街道办事处", "street office")  # handled by the street (town) office itself
ORGANISATION = ("党群服务中心", "Party and public service centre")

# Seasonal profiles: a multiplier per month (Jan … Dec).
FLAT = (1,) * 12
WINTER = (1.8, 1.6, 1.2, 0.7, 0.5, 0.4, 0.4, 0.4, 0.5, 0.8, 1.4, 1.8)
HEATING = (2.0, 1.6, 1.0, 0.2, 0.05, 0.05, 0.05, 0.05, 0.1, 0.6, 2.6, 2.2)
SUMMER = (0.5, 0.5, 0.7, 0.9, 1.1, 1.4, 1.6, 1.6, 1.2, 0.9, 0.6, 0.5)
RAIN = (0.05, 0.05, 0.2, 0.5, 1.0, 2.5, 4.0, 3.5, 1.5, 0.4, 0.1, 0.05)
SNOW = (3.0, 2.5, 0.8, 0.1, 0, 0, 0, 0, 0, 0.1, 1.2, 2.5)
FIRE_SEASON = (1.0, 1.5, 3.0, 3.5, 1.0, 0.3, 0.2, 0.2, 0.5, 1.5, 2.0, 1.2)
BURNING = (0.8, 0.6, 0.8, 0.6, 0.4, 0.8, 0.4, 0.4, 1.2, 2.8, 2.4, 1.0)


@dataclass(frozen=True)
class Item:
    code: str
    category_code: str
    name_zh: str
    name_en: str
    weight: float  # relative frequency in an urban grid
    rural: float = 1.0  # frequency multiplier in a rural grid
    season: tuple = FLAT
    on_spot: float = 0.5  # chance a grid worker settles it on the spot, when found on patrol
    urgent: float = 0.03  # share of urgent cases


@dataclass(frozen=True)
class Category:
    code: str
    name_zh: str
    name_en: str
    group: tuple[str, str]
    limit_hours_urgent: float
    limit_hours_normal: float
    department: tuple[str, str]
    # Median handling time as a share of the normal time limit (sets how often cases run late).
    pace: float = 0.3


# (category, [items]) — item tuples: (zh, en, weight, keyword options).
_SPEC = [
    (
        ("C01", "基层党建", "Grassroots Party building", PARTY, 24, 168, ORGANISATION, 0.2),
        [
            ("党员联系群众", "Party members' liaison with residents", 1.2, dict(on_spot=0.9)),
            ("党建活动报备", "Party activity report", 0.5, dict(on_spot=0.9)),
            ("党员报到", "Party member registration", 0.4, dict(on_spot=0.95)),
        ],
    ),
    (
        ("C02", "党员志愿服务", "Party volunteer service", PARTY, 24, 168, ORGANISATION, 0.25),
        [("志愿服务需求", "Volunteer service request", 0.8, dict(on_spot=0.6))],
    ),
    (
        ("C03", "治安隐患", "Public order risks", SECURITY, 2, 24, POLICE, 0.3),
        [
            ("可疑人员", "Suspicious persons", 0.6, dict(on_spot=0.2, urgent=0.15)),
            ("聚众滋事苗头", "Signs of a brawl brewing", 0.2, dict(on_spot=0.1, urgent=0.4)),
            ("盗窃线索", "Theft lead", 0.4, dict(on_spot=0.05, urgent=0.1)),
        ],
    ),
    (
        ("C04", "出租房屋管理", "Rental housing", SECURITY, 24, 120, POLICE, 0.3),
        [
            ("出租房屋未登记", "Unregistered rental", 1.4, dict(rural=0.3, on_spot=0.7)),
            ("群租房", "Overcrowded rental", 0.4, dict(rural=0.2, on_spot=0.2)),
        ],
    ),
    (
        ("C05", "流动人口管理", "Migrant population", SECURITY, 24, 120, POLICE, 0.2),
        [
            ("流动人口信息变动", "Migrant information change", 1.5, dict(on_spot=0.95)),
            ("流动人口未登记", "Unregistered migrant", 0.6, dict(on_spot=0.8)),
        ],
    ),
    (
        ("C06", "寄递物流安全", "Delivery and logistics safety", SECURITY, 24, 72, POLICE, 0.3),
        [("寄递网点隐患", "Courier outlet hazard", 0.3, dict(rural=0.4, on_spot=0.4))],
    ),
    (
        ("C07", "校园周边安全", "School surroundings", SECURITY, 2, 48, POLICE, 0.3),
        [
            ("校园周边治安", "Public order near schools", 0.3, dict(on_spot=0.3, urgent=0.1)),
            ("校园周边交通", "Traffic near schools", 0.4, dict(on_spot=0.3)),
        ],
    ),
    (
        ("C08", "邻里纠纷", "Neighbour disputes", DISPUTES, 2, 72, JUSTICE, 0.35),
        [
            ("噪音扰邻", "Noise nuisance", 1.6, dict(on_spot=0.5, season=SUMMER)),
            ("公共空间占用", "Occupied shared space", 1.0, dict(on_spot=0.4)),
            ("宠物扰民", "Pet nuisance", 0.6, dict(on_spot=0.5)),
        ],
    ),
    (
        ("C09", "家庭纠纷", "Family disputes", DISPUTES, 2, 72, JUSTICE, 0.35),
        [
            ("婚姻家庭矛盾", "Marital and family conflict", 0.7, dict(on_spot=0.4, urgent=0.05)),
            ("赡养抚养纠纷", "Elder or child support dispute", 0.4, dict(rural=1.6, on_spot=0.3)),
        ],
    ),
    (
        ("C10", "物业纠纷", "Property management disputes", DISPUTES, 24, 168, HOUSING, 0.3),
        [
            ("物业服务投诉", "Property service complaint", 1.5, dict(rural=0.1, on_spot=0.2)),
            ("物业费纠纷", "Property fee dispute", 0.6, dict(rural=0.1, on_spot=0.1)),
        ],
    ),
    (
        ("C11", "劳资纠纷", "Wage disputes", DISPUTES, 4, 168, LABOUR, 0.4),
        [
            (
                "拖欠农民工工资",
                "Unpaid migrant workers' wages",
                0.4,
                dict(on_spot=0.05, season=WINTER, urgent=0.05),
            )
        ],
    ),
    (
        ("C12", "土地权属纠纷", "Land disputes", DISPUTES, 24, 360, LAND, 0.4),
        [
            ("宅基地纠纷", "Homestead dispute", 0.08, dict(rural=12, on_spot=0.1)),
            ("承包地纠纷", "Contracted farmland dispute", 0.05, dict(rural=12, on_spot=0.1)),
        ],
    ),
    (
        ("C13", "消防安全", "Fire safety", SAFETY, 2, 24, FIRE, 0.25),
        [
            ("消防通道堵塞", "Blocked fire lane", 1.6, dict(on_spot=0.7)),
            ("电动车违规充电", "Illegal e-bike charging", 2.0, dict(on_spot=0.8, season=WINTER)),
            ("消防设施损坏", "Damaged fire equipment", 0.6, dict(on_spot=0.1)),
            ("楼道堆物", "Clutter in stairwells", 1.5, dict(rural=0.3, on_spot=0.8)),
        ],
    ),
    (
        ("C14", "燃气安全", "Gas safety", SAFETY, 2, 24, EMERGENCY_MGMT, 0.25),
        [
            ("燃气泄漏隐患", "Gas leak risk", 0.4, dict(on_spot=0.1, urgent=0.6, season=HEATING)),
            (
                "瓶装液化气违规使用",
                "Improper LPG cylinder use",
                0.5,
                dict(rural=1.5, on_spot=0.5, season=WINTER),
            ),
        ],
    ),
    (
        ("C15", "房屋安全", "Building safety", SAFETY, 4, 72, HOUSING, 0.35),
        [
            ("危房隐患", "Dangerous building", 0.3, dict(rural=2.5, on_spot=0.05, season=RAIN)),
            ("外墙脱落", "Falling facade", 0.3, dict(rural=0.2, on_spot=0.05, urgent=0.3)),
        ],
    ),
    (
        ("C16", "道路交通安全", "Road safety", SAFETY, 4, 48, CITY_MGMT, 0.3),
        [
            ("交通设施损坏", "Damaged traffic facility", 0.6, dict(on_spot=0.05)),
            ("路面塌陷", "Road subsidence", 0.2, dict(on_spot=0.02, urgent=0.5, season=RAIN)),
        ],
    ),
    (
        ("C17", "特种设备安全", "Special equipment safety", SAFETY, 2, 48, MARKET, 0.2),
        [
            (
                "电梯故障困人",
                "Elevator failure or entrapment",
                0.5,
                dict(rural=0.05, on_spot=0.05, urgent=0.5),
            )
        ],
    ),
    (
        ("C18", "食品药品安全", "Food and drug safety", SAFETY, 4, 120, MARKET, 0.3),
        [
            ("无证经营食品", "Unlicensed food business", 0.5, dict(on_spot=0.3, season=SUMMER)),
            ("过期食品", "Expired food on sale", 0.3, dict(on_spot=0.4)),
        ],
    ),
    (
        ("C19", "森林防火", "Forest fire prevention", SAFETY, 2, 24, EMERGENCY_MGMT, 0.2),
        [
            (
                "野外违规用火",
                "Illegal outdoor fire",
                0.03,
                dict(rural=40, on_spot=0.6, urgent=0.4, season=FIRE_SEASON),
            )
        ],
    ),
    (
        ("C20", "市容环境", "City appearance", ENVIRONMENT, 24, 72, CITY_MGMT, 0.3),
        [
            ("垃圾乱堆", "Dumped garbage", 3.0, dict(on_spot=0.6)),
            ("小广告", "Illegal flyers", 2.5, dict(rural=0.3, on_spot=0.9)),
            ("乱搭乱建", "Illegal structures", 1.0, dict(on_spot=0.1)),
            ("建筑垃圾", "Construction waste", 0.8, dict(on_spot=0.2, season=SUMMER)),
        ],
    ),
    (
        ("C21", "垃圾分类", "Waste sorting", ENVIRONMENT, 24, 72, CITY_MGMT, 0.25),
        [
            ("垃圾满溢", "Overflowing bins", 2.0, dict(on_spot=0.5, season=SUMMER)),
            ("分类投放不规范", "Improper sorting", 1.2, dict(rural=0.3, on_spot=0.9)),
        ],
    ),
    (
        ("C22", "大气污染", "Air pollution", ENVIRONMENT, 4, 72, ECOLOGY, 0.3),
        [
            ("露天焚烧", "Open burning", 0.3, dict(rural=8, on_spot=0.6, season=BURNING)),
            ("扬尘污染", "Dust pollution", 0.6, dict(on_spot=0.2, season=SUMMER)),
        ],
    ),
    (
        ("C23", "水环境", "Water environment", ENVIRONMENT, 24, 120, WATER, 0.3),
        [
            ("河道垃圾", "River litter", 0.4, dict(rural=2.5, on_spot=0.4, season=SUMMER)),
            ("污水外溢", "Sewage overflow", 0.5, dict(on_spot=0.05, season=RAIN)),
            ("违规排污口", "Illegal outfall", 0.15, dict(rural=2, on_spot=0.05)),
        ],
    ),
    (
        ("C24", "占道经营", "Street vending", ENVIRONMENT, 4, 48, CITY_MGMT, 0.25),
        [
            ("占道经营", "Street stalls", 2.2, dict(rural=0.3, on_spot=0.7, season=SUMMER)),
            ("店外经营", "Business outside the shopfront", 1.4, dict(rural=0.3, on_spot=0.8)),
        ],
    ),
    (
        ("C25", "市政设施", "Municipal facilities", FACILITIES, 24, 72, CITY_MGMT, 0.35),
        [
            ("井盖缺失", "Missing manhole cover", 0.4, dict(on_spot=0.02, urgent=0.4)),
            ("路灯不亮", "Street light out", 1.0, dict(on_spot=0.02, season=WINTER)),
            ("道路破损", "Damaged pavement", 0.8, dict(on_spot=0.02, season=RAIN)),
        ],
    ),
    (
        ("C26", "供水供热", "Water and heating supply", FACILITIES, 4, 24, WATER, 0.3),
        [
            ("停水", "Water outage", 0.4, dict(on_spot=0.02, urgent=0.3, season=SUMMER)),
            (
                "供暖不热",
                "Insufficient heating",
                1.0,
                dict(rural=0.2, on_spot=0.02, season=HEATING),
            ),
            ("管网漏水", "Leaking water main", 0.4, dict(on_spot=0.02, urgent=0.3, season=WINTER)),
        ],
    ),
    (
        ("C27", "停车秩序", "Parking order", FACILITIES, 24, 72, CITY_MGMT, 0.25),
        [
            ("乱停乱放", "Illegal parking", 2.6, dict(rural=0.2, on_spot=0.7)),
            ("僵尸车", "Abandoned vehicle", 0.5, dict(rural=0.3, on_spot=0.05)),
        ],
    ),
    (
        ("C28", "园林绿化", "Greenery", FACILITIES, 24, 168, CITY_MGMT, 0.3),
        [
            ("绿地破坏", "Damaged green space", 0.5, dict(on_spot=0.4)),
            ("树木倒伏", "Fallen tree", 0.3, dict(on_spot=0.05, urgent=0.4, season=RAIN)),
            ("毁绿种菜", "Vegetable plots on green space", 0.4, dict(on_spot=0.5, season=SUMMER)),
        ],
    ),
    (
        ("C29", "养老服务", "Elderly services", SERVICES, 24, 120, CIVIL, 0.25),
        [
            (
                "独居老人探访",
                "Visit to an elderly person living alone",
                2.0,
                dict(rural=1.5, on_spot=0.9, season=WINTER),
            ),
            ("助餐助浴需求", "Meal or bathing assistance", 0.6, dict(on_spot=0.3)),
            ("老年人走失", "Missing elderly person", 0.08, dict(on_spot=0.2, urgent=0.9)),
        ],
    ),
    (
        ("C30", "残疾人服务", "Disability services", SERVICES, 24, 120, CIVIL, 0.3),
        [
            ("残疾人帮扶", "Assistance for a disabled person", 0.6, dict(on_spot=0.5)),
            ("无障碍设施", "Accessibility facility", 0.3, dict(rural=0.3, on_spot=0.05)),
        ],
    ),
    (
        ("C31", "社会救助", "Social assistance", SERVICES, 24, 168, CIVIL, 0.3),
        [
            (
                "低保申请协助",
                "Help applying for minimum living allowance",
                0.5,
                dict(rural=1.8, on_spot=0.3),
            ),
            ("临时救助", "Emergency relief", 0.3, dict(rural=1.5, on_spot=0.2, urgent=0.2)),
            (
                "困难群众走访",
                "Visit to a family in hardship",
                0.8,
                dict(rural=1.5, on_spot=0.9, season=WINTER),
            ),
        ],
    ),
    (
        ("C32", "社区矫正", "Community correction", SPECIAL, 4, 72, JUSTICE, 0.25),
        [("社区矫正对象动态", "Community-correction subject update", 0.4, dict(on_spot=0.8))],
    ),
    (
        ("C33", "重点人员关爱", "Care for key persons", SPECIAL, 4, 72, HEALTH, 0.25),
        [
            (
                "严重精神障碍患者随访",
                "Follow-up of a patient with severe mental disorder",
                0.5,
                dict(on_spot=0.7, urgent=0.05),
            ),
            ("留守儿童关爱", "Care for a left-behind child", 0.3, dict(rural=4, on_spot=0.8)),
        ],
    ),
    (
        ("C34", "反电诈", "Anti-fraud", FRAUD, 4, 48, POLICE, 0.2),
        [
            ("反诈宣传入户", "Door-to-door anti-fraud visit", 1.8, dict(on_spot=0.95)),
            ("疑似被骗预警", "Suspected fraud victim alert", 0.3, dict(on_spot=0.3, urgent=0.7)),
            ("涉诈线索", "Fraud lead", 0.15, dict(on_spot=0.05, urgent=0.3)),
        ],
    ),
    (
        ("C35", "自然灾害", "Natural disasters", EMERGENCY, 1, 12, EMERGENCY_MGMT, 0.3),
        [
            ("积水内涝", "Waterlogging", 0.3, dict(on_spot=0.1, urgent=0.7, season=RAIN)),
            ("冰雪灾害", "Snow and ice", 0.3, dict(on_spot=0.3, urgent=0.5, season=SNOW)),
            (
                "地质灾害隐患",
                "Geological hazard",
                0.03,
                dict(rural=20, on_spot=0.05, urgent=0.5, season=RAIN),
            ),
        ],
    ),
    (
        ("C36", "公共卫生", "Public health", EMERGENCY, 2, 24, HEALTH, 0.25),
        [
            (
                "传染病疫情线索",
                "Infectious disease lead",
                0.1,
                dict(on_spot=0.05, urgent=0.6, season=WINTER),
            ),
            ("病媒生物", "Pests and vectors", 0.4, dict(on_spot=0.3, season=SUMMER)),
        ],
    ),
    (
        ("C37", "群体性事件", "Mass incidents", EMERGENCY, 1, 12, STREET, 0.35),
        [("群体聚集上访", "Group petition gathering", 0.05, dict(on_spot=0.05, urgent=0.9))],
    ),
]

CATEGORIES: tuple[Category, ...] = tuple(Category(*spec) for spec, _ in _SPEC)
ITEMS: tuple[Item, ...] = tuple(
    Item(f"{spec[0]}-{i + 1:02d}", spec[0], zh, en, w, **opts)
    for spec, items in _SPEC
    for i, (zh, en, w, opts) in enumerate(items)
)
CATEGORY_BY_CODE = {c.code: c for c in CATEGORIES}

assert len(CATEGORIES) == 37, len(CATEGORIES)
assert len(ITEMS) == 82, len(ITEMS)


def item_arrays() -> dict[str, np.ndarray]:
    """Per-item parameter arrays (index = position in ITEMS) for vectorised sampling."""
    cats = [CATEGORY_BY_CODE[i.category_code] for i in ITEMS]
    return {
        "weight": np.array([i.weight for i in ITEMS]),
        "rural": np.array([i.rural for i in ITEMS]),
        "season": np.array([i.season for i in ITEMS], dtype=float),  # item × month
        "on_spot": np.array([i.on_spot for i in ITEMS]),
        "urgent": np.array([i.urgent for i in ITEMS]),
        "limit_urgent_h": np.array([c.limit_hours_urgent for c in cats], dtype=float),
        "limit_normal_h": np.array([c.limit_hours_normal for c in cats], dtype=float),
        "pace": np.array([c.pace for c in cats]),
        "category_index": np.array([CATEGORIES.index(c) for c in cats]),
    }
