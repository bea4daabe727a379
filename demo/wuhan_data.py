"""Reference data for the Wuhan organisation tree (DOMAIN.md section 6), kept apart from the generator.

Real: the city and district codes, the functional zones, the named streets of five districts, the four
townships, and the places the seed article names. Everything else (the other districts' street names,
most community and village names) is generated and marked ``name_is_generated``.
"""

CITY = ("武汉市", "420100")

# name, code, street count (streets + townships), kind: "urban" districts are mostly communities,
# "suburban" ones mostly villages.
DISTRICTS = [
    ("江岸区", "420102", 17, "urban"),
    ("江汉区", "420103", 13, "urban"),
    ("硚口区", "420104", 11, "urban"),
    ("汉阳区", "420105", 11, "urban"),
    ("武昌区", "420106", 14, "urban"),
    ("青山区", "420107", 9, "urban"),
    ("洪山区", "420111", 10, "mixed"),
    ("东西湖区", "420112", 9, "suburban"),
    ("汉南区", "420113", 3, "suburban"),
    ("蔡甸区", "420114", 10, "suburban"),
    ("江夏区", "420115", 11, "suburban"),
    ("黄陂区", "420116", 13, "suburban"),
    ("新洲区", "420117", 12, "suburban"),
]

# Functional zones have no division code of their own; these codes are system-made (4201 9x).
FUNCTIONAL_ZONES = [
    ("东湖新技术开发区", "420191", 6, "mixed"),
    ("武汉经开区", "420192", 3, "mixed"),
    ("东湖生态旅游风景区", "420193", 1, "mixed"),
    ("武汉化学工业区", "420194", 2, "mixed"),
    ("武汉临空港经开区", "420195", 1, "mixed"),
    ("武汉新港", "420196", 0, "mixed"),
]

TOTAL_STREETS = 156
TOTAL_COMMUNITIES = 1431
TOTAL_VILLAGES = 1805
TOTAL_BRIGADES = 149

# Streets known by name [W2].
NAMED_STREETS = {
    "江岸区": "塔子湖 大智 一元 车站 四唯 永清 西马 球场 劳动 二七 新村 丹水池 台北 花桥 谌家矶 后湖".split(),
    "江汉区": "北湖 民族 花楼 水塔 民权 满春 民意 新华 万松 唐家墩 前进 常青 汉兴".split(),
    "硚口区": "韩家墩 古田 宗关 汉水桥 宝丰 荣华 汉中 汉正 六角亭 长丰 易家".split(),
    "汉阳区": "建桥 晴川 鹦鹉 洲头 五里墩 琴断口 江汉二桥 永丰 江堤 四新 龙阳".split(),
    "武昌区": "积玉桥 杨园 徐家棚 粮道 中华路 黄鹤楼 紫阳 白沙洲 首义路 中南路 水果湖 珞珈山 石洞 南湖".split(),
    # Streets the seed article names in districts whose list is otherwise generated.
    "新洲区": ["邾城", "阳逻"],
}

# The townships that remain [W1]: full names, in their districts.
TOWNSHIPS = {"江岸区": ["天兴乡"], "蔡甸区": ["消泗乡"], "黄陂区": ["木兰乡"], "新洲区": ["凤凰镇"]}

# Communities (社区) and villages (村) the seed names, by district and street (short names).
NAMED_COMMUNITIES = {
    ("武昌区", "水果湖"): ["东亭"],
    ("硚口区", "宗关"): ["发展", "井南", "双墩", "金阳", "海工"],
    ("硚口区", "宝丰"): ["永宁", "五彩", "多福"],
    ("汉阳区", "江堤"): ["江欣苑", "江堤", "老龙头"],
    ("江岸区", "后湖"): ["百步亭"],
    ("江岸区", "塔子湖"): ["同安"],
}
NAMED_VILLAGES = {("新洲区", "邾城"): ["东港"]}

# 汉正街 has exactly 16 communities (the 商会妇委会 radiates to all of them).
FIXED_COMMUNITY_COUNTS = {("硚口区", "汉正"): 16}

# Farm brigades (农场大队) lie in these districts, in proportion to the weights.
BRIGADE_DISTRICTS = {"东西湖区": 6, "汉南区": 3, "江夏区": 1, "蔡甸区": 1}

# Average communities and villages per street by the district's kind (jittered by the generator, then
# scaled so the city totals come out exact).
KIND_WEIGHTS = {"urban": (13.0, 0.0), "mixed": (8.0, 6.0), "suburban": (3.0, 30.0)}
# Urban districts with a few villages left (洪山's and 青山's edges).
URBAN_WITH_VILLAGES = {"青山区": 2.0}

# Grid groups for the named communities (demo scale). 百步亭 has four levels: 妇联分会 → 妇女小组
# (→ 妇女管理员 → 妇女信息员, which are people, in cadres).
BAIBUTING_BRANCHES = ["安居苑", "百步亭花园", "幸福时代", "现代城", "后湖苑"]

# Characters for generated place names (two syllables from these).
NAME_FIRST = "东西南北新华兴安和平永长丰盛泰宁康福吉祥瑞金玉青红白翠碧文武仁义礼德光明清秀云龙凤桃李杏梅竹松柏荷"
NAME_SECOND = "湖山河桥港园林湾岭坡冲畈岗台洲塘堤坪庄园苑亭家门口店铺集坊墩湾洼场阁楼港坝"

# The other cities of Hubei used at the "province" scale (each its own tree), with their real codes.
OTHER_CITIES = [
    ("黄石市", "420200"),
    ("十堰市", "420300"),
    ("宜昌市", "420500"),
    ("襄阳市", "420600"),
    ("鄂州市", "420700"),
    ("荆门市", "420800"),
    ("孝感市", "420900"),
    ("荆州市", "421000"),
    ("黄冈市", "421100"),
]
