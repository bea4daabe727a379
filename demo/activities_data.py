"""Reference data for the activities demo data: kinds' weights, titles, name patterns, the seed's named
organisations."""

from zoneinfo import ZoneInfo

from django.conf import settings

from activities.choices import SocialOrgField, TeamKind

TZ = ZoneInfo(settings.TIME_ZONE)
BATCH = 20_000
CULTIVATION_GAPS = 0.01  # share of regional federations deliberately left without a social organisation
INTRODUCTION_GAPS = 3  # demonstration homes deliberately left without one
BAIBUTING_TEAMS = 108

KIND_WEIGHTS = {
    "PARTY_THEME_DAY": 10,
    "RED_SONG": 5,
    "OUTING": 8,
    "SKILLS_TRAINING": 16,
    "PARENT_CHILD": 14,
    "TRADITIONAL_CULTURE": 10,
    "FAMILY_TRADITION_EXHIBITION": 7,
    "VALUES_EXHIBITION": 5,
    "REPRESENTATIVE_CONGRESS": 2,
    "READING_REST": 9,
}
# Titles by kind: a title alone, or (title, the months it fits) for the seasonal ones (端午 in May or June,
# not in December). The community's name goes in front of some of them (demo.activities.title_for).
SPRING, AUTUMN = {3, 4, 5}, {9, 10, 11}
TITLES = {
    "PARTY_THEME_DAY": [
        "主题党日活动",
        "“巾帼心向党”主题党日",
        "重温入党誓词主题党日",
        "红色教育基地参观学习",
        ("“七一”主题党日", {6, 7}),
    ],
    "RED_SONG": ["唱红歌比赛", "红色歌曲合唱比赛", "“唱支山歌给党听”歌咏会", ("国庆红歌会", {9, 10})],
    "OUTING": [
        ("春季踏青", SPRING),
        ("踏青赏花", {3, 4}),
        "巾帼健步行",
        ("金秋登高", AUTUMN),
        ("东湖绿道骑行", {4, 5, 9, 10}),
    ],
    "SKILLS_TRAINING": [
        "插花技艺培训",
        "手工编织培训",
        "巾帼就业技能培训",
        "家政服务技能培训",
        "烘焙技能培训",
        "电商直播技能培训",
    ],
    "PARENT_CHILD": [
        "亲子茶艺培训",
        "亲子读书会",
        "亲子手工课堂",
        ("亲子运动会", {3, 4, 5, 9, 10, 11}),
        ("“六一”亲子游园会", {5, 6}),
        ("暑期亲子课堂", {7, 8}),
        ("寒假亲子手工课", {1, 2}),
    ],
    "TRADITIONAL_CULTURE": [
        "古琴赏析",
        "传统剪纸体验",
        ("金秋茶会", AUTUMN),
        ("端午包粽子", {5, 6}),
        ("中秋做月饼", {9, 10}),
        ("元宵猜灯谜", {1, 2, 3}),
        ("重阳敬老茶话会", {10}),
        ("迎新春写春联", {1, 2, 12}),
    ],
    "FAMILY_TRADITION_EXHIBITION": ["家风展", "家风家训书画展", "最美家庭事迹展"],
    "VALUES_EXHIBITION": ["核心价值观漫画展", "文明家庭宣传展"],
    "REPRESENTATIVE_CONGRESS": ["妇女代表大会", "妇女议事会"],
    "READING_REST": ["巾帼读书分享会", "妇女之家阅读沙龙"],
}
# Share of the titles that start with the community's name ("东亭社区亲子读书会").
TITLE_WITH_PLACE = 0.35
SOCIAL_PATTERNS = [
    ("巧手坊", SocialOrgField.HANDICRAFT),
    ("茶韵社", SocialOrgField.TEA),
    ("花语工作室", SocialOrgField.FLOWERS),
    ("书香读书会", SocialOrgField.READING),
    ("家风讲堂", SocialOrgField.FAMILY_EDUCATION),
    ("古琴雅集", SocialOrgField.GUQIN),
    ("巾帼创业服务社", SocialOrgField.EMPLOYMENT),
    ("姐妹维权服务站", SocialOrgField.RIGHTS),
    ("暖心关爱服务社", SocialOrgField.CARE),
    ("舞韵文体社", SocialOrgField.CULTURE_SPORTS),
]
FIELD_WORDS = [
    ("茶", SocialOrgField.TEA),
    ("花", SocialOrgField.FLOWERS),
    ("琴", SocialOrgField.GUQIN),
    ("手工", SocialOrgField.HANDICRAFT),
    ("粘土", SocialOrgField.HANDICRAFT),
    ("艺", SocialOrgField.HANDICRAFT),
    ("读书", SocialOrgField.READING),
    ("书", SocialOrgField.READING),
    ("家", SocialOrgField.FAMILY_EDUCATION),
    ("创业", SocialOrgField.EMPLOYMENT),
    ("维权", SocialOrgField.RIGHTS),
    ("关爱", SocialOrgField.CARE),
]
TEAM_WORDS = [
    ("舞", TeamKind.DANCE),
    ("合唱", TeamKind.CHOIR),
    ("歌", TeamKind.CHOIR),
    ("戏", TeamKind.OPERA),
    ("太极", TeamKind.TAICHI),
    ("健身", TeamKind.FITNESS),
    ("操", TeamKind.FITNESS),
    ("书画", TeamKind.CALLIGRAPHY),
    ("读书", TeamKind.READING),
    ("志愿", TeamKind.VOLUNTEER),
    ("手工", TeamKind.HANDICRAFT),
]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蔡蒋余杜叶程魏苏吕丁任沈"
GIVEN = "秀英桂兰玉梅丽华红芳敏静燕娟霞萍婷慧琴云莉凤琳洁丹雪春月"


# The seed article's organisations: (name, field, district, federation name inside it, description).
NAMED_SOCIAL = [
    (
        "晓茶会",
        SocialOrgField.TEA,
        "武昌区妇联",
        "水果湖街妇联",
        "以茶艺为主，武汉市第一家以茶文化体验为主的特色妇女之家",
    ),
    ("花蒂艺坊", SocialOrgField.FLOWERS, "武昌区妇联", "中南路街妇联", "以花艺为主"),
    ("初舍", SocialOrgField.GUQIN, "武昌区妇联", "首义路街妇联", "以古琴培训为主"),
    ("“巧妇靓家”手工坊", SocialOrgField.HANDICRAFT, "硚口区妇联", "海工社区妇联", "凝聚对手工制作感兴趣的女性"),
    ("“随艺”手工生活馆", SocialOrgField.HANDICRAFT, "江岸区妇联", "同安社区妇联", "手工生活馆，开展创业就业技能培训"),
    ("王玲粘土艺术工作室", SocialOrgField.HANDICRAFT, "东西湖区妇联", None, "粘土艺术培训，提升创业就业技能"),
]
