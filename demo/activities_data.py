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
TITLES = {
    "PARTY_THEME_DAY": ["主题党日活动", "巾帼心向党主题党日", "重温入党誓词主题党日"],
    "RED_SONG": ["唱红歌比赛", "红色歌曲合唱比赛"],
    "OUTING": ["户外踏青", "巾帼健步行", "春季踏青赏花"],
    "SKILLS_TRAINING": ["插花技艺培训", "手工编织培训", "巾帼就业技能培训", "家政服务技能培训", "烘焙技能培训"],
    "PARENT_CHILD": ["亲子茶艺培训", "亲子读书会", "亲子手工课堂", "亲子运动会"],
    "TRADITIONAL_CULTURE": ["古琴赏析", "金秋茶会", "传统剪纸体验", "端午包粽子"],
    "FAMILY_TRADITION_EXHIBITION": ["“家风展展”", "家家训书画展", "最美家庭事迹展"],
    "VALUES_EXHIBITION": ["核心价值观漫画展", "文明家庭宣传展"],
    "REPRESENTATIVE_CONGRESS": ["妇女代表大会", "妇女议事会"],
    "READING_REST": ["巾帼读书分享会", "妇女之家阅读沙龙"],
}
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
