"""The Chinese vocabulary of generated groups (``manage.py generate_group``): data, as the demo's is."""

from sanjian.org.models import NetworkType

SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国志红玉梅海波"
PLACES = [
    "阳邑",
    "康城",
    "郭二庄",
    "万年",
    "新屯",
    "峰峰",
    "云驾岭",
    "陶二",
    "羊东",
    "九龙",
    "梧桐庄",
    "薛村",
    "大淑村",
    "牛儿庄",
    "孙庄",
]
NETWORKS = [
    (NetworkType.CANTEEN, "职工食堂", ["售饭窗口", "面食窗口", "清真窗口", "小炒窗口"]),
    (NetworkType.APARTMENT, "职工公寓", ["公寓前台", "洗衣房"]),
    (NetworkType.PROPERTY, "物业服务", ["报修窗口", "收费窗口"]),
    (NetworkType.MEDICAL, "医疗服务", ["门诊窗口", "取药窗口"]),
    (NetworkType.MINE_AREA, "矿区服务", ["澡堂", "灯房", "服装房"]),
]
COMPANY = "{}矿业集团"
COMMUNITY = "{}社区{}"
GENERAL_BRANCH = "{}党总支"
WINDOW = "{}{}号"
