"""Reference figures and the deliberate gaps of the cadre demo data."""

from cadres.choices import Position

# 会改联 (DOMAIN.md section 2 and 7): done in 48 days over 1,780 villages and 149 brigades.
CONVERSION_VILLAGES = 1780
CONVERSION_BRIGADES = 149
CONVERSION_DAYS = 48
CONVERSION_TOTALS = {"representatives": 60623, "chairs": 1896, "vice_chairs": 6676, "exec_members": 11699}
# Per-election averages used when the tree is not the full city (tests, generated cities).
CONVERSION_AVERAGES = {"representatives": 31.4, "chairs": 0.98, "vice_chairs": 3.46, "exec_members": 6.06}
APPOINTED_COMMUNITY_VICE_CHAIRS = 406

# The deliberate gaps, by federation name in the Wuhan tree: the gap list of the demo data names each of
# these and nothing else (tests/cadres/test_seed.py).
NO_CHAIR_STREETS = ["车站街妇联", "花楼街妇联"]
SMALL_STREET = ("易家街妇联", 19)
SMALL_COMMUNITY = ("五彩社区妇联", 9)
CHAIR_NOT_IN_TWO_COMMITTEES = "多福社区妇联"
NOBODY_IN_TWO_COMMITTEES = "金阳社区妇联"
SMALL_TEAM = ("老龙头社区妇联", 15)
EXPIRED_TERM = "海工社区妇联"

# Training (培训同步管理): every chair and vice chair is trained by the federation one level up (or its
# same-level Party working committee) each year, except these, left on purpose for the training gap list.
UNTRAINED_CHAIR = "老龙头社区妇联"  # her chair missed this year's course altogether
HALF_TRAINED_VICE_CHAIR = "易家街妇联"  # its full-time vice chair missed one of the two 4-hour sessions
EXPECTED_TRAINING_GAPS = {
    ("chair_training_hours", UNTRAINED_CHAIR),
    ("chair_training_hours", HALF_TRAINED_VICE_CHAIR),
}
TRAINING_TITLES = {
    "POLITICAL_THEORY": "学习贯彻党的创新理论专题培训班",
    "RIGHTS": "妇女儿童权益保障培训班",
    "FAMILY_EDUCATION": "家庭教育指导能力提升培训班",
    "MASS_WORK": "妇联干部群众工作方法培训班",
    "DIGITAL": "“互联网+妇联”信息化应用培训班",
}
TRAINING_PLACES = ["党校报告厅", "党群服务中心会议室", "妇女儿童活动中心", "新时代文明实践中心"]
ABSENCE_REASONS = ["因病请假", "值班", "外出开会", "家中有事"]

EXPECTED_GAPS = {
    ("street_has_chair", "车站街妇联"),
    ("street_has_chair", "花楼街妇联"),
    ("street_exec_min", "易家街妇联"),
    ("community_exec_min", "五彩社区妇联"),
    ("chair_in_two_committees", "多福社区妇联"),
    ("woman_in_two_committees", "金阳社区妇联"),
    ("chair_in_two_committees", "金阳社区妇联"),
    ("parttime_vice_chair_team", "老龙头社区妇联"),
    ("term_expired", "海工社区妇联"),
}

SURNAMES = (
    "王李张刘陈杨黄赵周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴"
    "夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段钱汤尹黎易常武乔贺赖龚文"
)
GIVEN_FEMALE = (
    "秀英 桂英 秀兰 玉兰 桂兰 凤英 丽 敏 静 燕 艳 娟 霞 芳 红 丽华 春梅 慧 婷 雪梅 "
    "晓红 海燕 玲 琴 红梅 秀珍 小红 金凤 美玲 淑华 文静 晓燕 丽娟 莉 萍 颖 璐 倩 雯 欣怡 思雨 佳 蕾 晶 洁 瑶 梦 卉"
).split()
GIVEN_MALE = "伟 强 磊 军 勇 杰 涛 斌 超 明 刚 平 辉 鹏 华".split()
TEAMS = [
    "广场舞队",
    "巧手编织队",
    "红色宣讲队",
    "巾帼志愿服务队",
    "腰鼓队",
    "合唱团",
    "太极拳队",
    "读书会",
    "模特队",
    "手工艺坊",
    "家风宣讲团",
    "健身操队",
]
OCCUPATIONS = {
    "PARTY_GOV": "街道办事处干部",
    "PUBLIC_INSTITUTION": "学校教师",
    "STATE_ENTERPRISE": "国企职工",
    "PRIVATE_ENTERPRISE": "企业管理人员",
    "NEW_SOCIAL_ORG": "社会组织负责人",
    "COMMUNITY_WORKER": "社区（村）干部",
    "FARMER": "农民",
    "SELF_EMPLOYED": "个体经营者",
    "RETIRED": "退休职工",
    "OTHER": "居民",
}
IN_SYSTEM_SECTORS = {"PARTY_GOV", "PUBLIC_INSTITUTION", "STATE_ENTERPRISE"}

# 亮身份: the share of new people who agree to show photo and phone, by the post they are created for (the
# representatives are not on the committee and are not asked), and of those the share with a photo in.
PUBLIC_PROFILE_SHARE = {
    Position.CHAIR: 0.8,
    Position.VICE_CHAIR_FULLTIME: 0.75,
    Position.VICE_CHAIR_PARTTIME: 0.55,
    Position.EXEC_MEMBER: 0.4,
}
PHOTO_SHARE = 0.9
