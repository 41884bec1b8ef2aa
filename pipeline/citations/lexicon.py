"""Domain knowledge the citation parser relies on: what names, places and publishers look like.

Free-text citations often run fields together without punctuation (``京都三一书房``,
``Nonlinear Physics Birkhauser,1997``); telling a place or a publisher from a title then needs
knowledge of the world, as every citation parser keeps (GROBID's and AnyStyle's lexicons).
The lists are general (common surnames, publishing cities, major academic publishers), not the
strings of any particular article.
"""
from __future__ import annotations

import re

CJK = "\u3400-\u9fff\uf900-\ufaff"
CJK_CHAR = re.compile(f"[{CJK}]")
LATIN_LETTER = re.compile(r"[A-Za-zÀ-ÿ]")

# Common Chinese surnames (simplified and traditional forms) and the compound ones.
SURNAMES = set(
    "王李张張刘劉陈陳杨楊黄黃赵趙吴吳周徐孙孫马馬朱胡郭何林高罗羅郑鄭梁谢謝宋唐许許韩韓冯馮邓鄧"
    "曹彭曾肖萧蕭田董潘袁蔡蒋蔣余于杜叶葉程魏苏蘇吕呂丁任卢盧姚沈钟鍾姜崔谭譚陆陸范汪廖石金贾賈"
    "韦韋夏付傅方邹鄒熊白孟秦邱侯江尹薛闫閻阎段雷龙龍黎史陶贺賀毛郝顾顧龚龔邵万萬覃武钱錢戴严嚴"
    "莫孔向常汤湯康易乔喬赖賴文施洪辛柯庄莊樊殷詹聂聶兰蘭牛温溫葛季安齐齊倪伍左童翟欧歐蒙关關申"
    "包华華单單鲁魯窦竇柏岳尚谷简簡解麦麥凌祝项項裴宁寧骆駱甘鲍鮑阮俞明穆纪紀边邊饶饒盛查商滕"
    "房路宫宮连連祁卜焦游巫涂塗舒霍储儲丛叢冉卫衛褚柳鲍梅仇娄婁糜郎虞荣榮封屈臧车車窦蓝藍"
    "曲晏阳陽戚景符支卓蔺藺池乐樂喻苗时時鄢隋毕畢佟管贝貝井鞠晋晉柴冷燕艾凌纪季鲁伏牟仲习習朴"
    "翁奚浦耿邢裘缪繆闵閔桂芮宗宣杭荀惠甄靳邴糜巫班蒲邰鄂屠胥莘姬扈冀茹庾匡寇晁敖辛阚闞竺桓"
)
COMPOUND_SURNAMES = (
    "欧阳", "歐陽", "司马", "司馬", "诸葛", "諸葛", "上官", "东方", "東方", "皇甫", "令狐", "端木",
    "公孙", "公孫", "慕容", "司徒", "夏侯", "轩辕", "軒轅", "钟离", "鍾離", "宇文", "长孙", "長孫",
    "尉迟", "尉遲", "澹台", "淳于", "单于", "單于", "申屠", "赫连", "赫連", "呼延", "独孤", "獨孤",
)

# Characters that spell foreign names in Chinese and are rare in Chinese given names: a three-character
# name whose given part is made of them is a transliteration (李奇微 Ridgway, 李约瑟 Needham), one name.
TRANSLITERATION_CHARS = set(
    "斯克尔爾特夫姆顿頓恩蒂娜迪尼罗羅维維瓦科卡纳納諾诺塞萨薩索戈格赫霍菲弗普布贝貝皮佩帕欧歐奥奧"
    "埃阿伊约約乔喬莫曼茨兹茲奇契库庫坎肯柯鲁魯洛伦倫微威瑟兰蘭芬伯巴莱萊凯凱宾賓孙孫都思逊遜"
)
# Second characters of common two-character Japanese family names (田中, 山本, 佐藤, 宮崎): a kanji
# name with one of them second is read family-first as Japanese, not as a Chinese surname + given name.
JAPANESE_SURNAME_ENDINGS = set(
    "田山川藤木村井野原島嶋崎本中松口部上下谷沢澤岡橋林森内西東江浦尾坂塚宮瀬瀨葉竹能良地吉生出羽利倍"
)
# Shinjitai: kanji of Japanese's own simplification, written neither in simplified nor in traditional
# Chinese (戦, 広, 発): a kanji-only title, publisher or name holding one is Japanese.
JAPANESE_KANJI = re.compile(
    "[戦広沢発売図県駅営鉄関転経済労働辺気歳実専対拡両伝価児剤帰恵悪払浅渓縦読検権験黒総続囲聴応亜仏仮"
    "軽穏隠雑覚観歓桜郷庁帯満徳斎斉従歩渉隣齢稲揺謡拝姫弾挙誉覧抜脳悩蔵臓巻圏乗剰剣険倹効駆砕粋酔醸譲壌"
    "嬢縄畳廃髪浜瀬頼栄単厳戻涙弐々]")
# Simplified Chinese characters that Japanese does not write (its forms differ: 战/戦, 东/東, 发/発):
# a title holding one is Chinese even when published in Tokyo.
SIMPLIFIED_ONLY = re.compile(
    "[们这为说时现战历关东车马鲜书长门问间业报论传动记认识语见过还进远连边选达运龙华协单卖卫员团围场处备"
    "复头夺妇宝实审宁宾对寻导层岁岛币师带帮广庆库应废开异张弹归录总恶户执扩扫扬护担拥择挥损换据杂杀杰极构"
    "标树样桥检欢气汉汤沟没泽洁济浅测浓润涨渐满灭灵灾炼烟热爱爷牵犹环电监盘础确离种积窃竞笔笼类粮紧红约级"
    "纪纯纲纳纵纷纸线组细织终经绍结绘给络绝统继绩续维综绿编缘网罗罚罢职联听肃脑脚脏节苏药获萝营萧蓝虑虽"
    "补装观规视览觉计订讨让训议讯讲许设访证评诉词译试诗诚话该详误请诸读课谁调谈谊谋谓谢谱贝负贡财责贤败"
    "货质贩贫购贯贵贸费资赋赏赖赛赞赵轨转轮软轻载较辆辈辑输迁违迟适递逻遗邓邮邻郑释钟钢钱铁银链锁锋错锻"
    "镇闪闭闯闲闷闻阀阅队阳阴阵阶际陆陈陕险随隐难页顶项顺须顾顿预领颇频颗题额风飞饭饮馆驱驶驻驾验骑骗鱼"
    "鸟鸡鸣齐齿龟韩]")
# Romanised (pinyin) Chinese surnames: ``Xu Huilin`` and ``Liu Xu`` are written family name first.
PINYIN_SURNAMES = frozenset((
    "wang li zhang liu chen yang huang zhao wu zhou xu sun ma zhu hu guo he lin gao luo zheng liang xie "
    "song tang han feng deng cao peng zeng xiao tian dong pan yuan cai jiang yu du ye cheng wei su lü lv "
    "ding ren lu yao shen zhong cui tan fan jin shi jia xia fu fang zou xiong bai meng qin qiu hou yin "
    "xue yan duan lei long tao mao hao gong shao wan qian dai kong xiang kang yi qiao lai wen hong xin "
    "ke zhuang zhan nie lan niu ge ji an qi ni tong zhai ou guan bao hua shan dou yue shang gu jian mai "
    "ling pei ning gan ruan mu bian rao sheng cha teng jiao you tu shu huo chu cong ran mei lou mi lang "
    "rong qu zang che jing zhuo chi le miao sui bi bei ju chai leng ai mou xi ouyang sima zhuge situ"
).split())
_PINYIN_SYLLABLE = (r"(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?"
                    r"(?:iang|iong|uang|ang|eng|ing|ong|ian|iao|uai|uan|ai|ei|ao|ou|an|en|er|in|un|"
                    r"ia|ie|iu|ua|uo|ui|ue|ve|a|o|e|i|u|v|ü)")
PINYIN_GIVEN = re.compile(rf"{_PINYIN_SYLLABLE}(?:[-']?{_PINYIN_SYLLABLE})?", re.I)

# Endings of organisation names, longest first so that 委员会 wins over 会.
ORGANISATION_SUFFIXES = tuple(sorted((
    "委员会", "委員會", "研究会", "研究會", "编写组", "編寫組", "编辑部", "編輯部", "编委会", "研究所",
    "研究部", "研究院", "研究室", "联络部", "聯絡部", "大使馆", "大使館", "公所", "大学", "大學",
    "政府", "协会", "協會", "学会", "學會", "中心", "集团", "集團", "公司", "报社", "報社", "新华社",
    "通讯社", "通訊社", "史所", "出版社", "科学院", "科學院", "部", "社", "所", "组", "組", "会", "會", "院",
    "局", "处", "處", "馆", "館", "署", "厅", "廳", "办公室", "辦公室", "务省", "務省", "电视台", "電視台",
    "电台", "電台", "政协", "政協",
), key=len, reverse=True))
WESTERN_ORGANISATION_WORDS = re.compile(
    r"\b(?:Institute|University|Office|Department|Committee|Commission|Museum|Society|Association|"
    r"Program(?:me)?|Council|Agency|Bureau|Center|Centre|Academy|Foundation|Government|Ministry|"
    r"Corporation|Service|Library|Archives?|Command|Army|Navy|Force)\b"
)

# Chinese place names that head a "place：publisher" pair, and the foreign cities that are run
# together with a publisher's name (``平壤外国文出版社``). Mainland presses carry their city in
# their name (上海人民出版社), so only foreign cities are split off a publisher.
CHINESE_PLACES = (
    "北京", "上海", "天津", "重庆", "重慶", "广州", "廣州", "南京", "杭州", "武汉", "武漢", "成都",
    "西安", "长沙", "長沙", "郑州", "鄭州", "合肥", "济南", "濟南", "沈阳", "瀋陽", "长春", "長春",
    "哈尔滨", "福州", "厦门", "廈門", "昆明", "贵阳", "南昌", "太原", "石家庄", "兰州", "南宁",
    "台北", "臺北", "台中", "臺中", "台南", "臺南", "高雄", "新北", "香港", "澳门", "澳門", "新加坡",
    "河南", "河北", "山东", "山東", "山西", "湖南", "湖北", "广东", "廣東", "江苏", "江蘇", "浙江",
    "安徽", "福建", "江西", "四川", "云南", "雲南", "贵州", "貴州", "陕西", "陝西", "甘肃", "吉林",
    "辽宁", "遼寧", "黑龙江", "台湾", "臺灣", "台灣",
) + ("东京", "東京", "京都", "大阪", "平壤", "首尔", "首爾", "汉城", "漢城", "莫斯科", "伦敦", "倫敦",
     "纽约", "紐約", "巴黎", "柏林")
FOREIGN_CITIES = ("东京", "東京", "京都", "大阪", "平壤", "首尔", "首爾", "汉城", "漢城", "莫斯科",
                  "伦敦", "倫敦", "纽约", "紐約", "巴黎", "柏林")

WESTERN_PLACES = frozenset((
    "London", "New York", "Oxford", "Cambridge", "Boston", "Chicago", "Washington", "Princeton",
    "Berkeley", "Stanford", "Paris", "Berlin", "Tokyo", "Beijing", "Shanghai", "Zhengzhou", "Nanjing",
    "Hong Kong", "Taipei", "Seoul", "Aldershot", "Chapel Hill", "Lincoln", "Annapolis", "Westport",
    "New Haven", "Ithaca", "Honolulu", "Leiden", "Amsterdam", "Toronto", "Sydney", "Melbourne",
    "Philadelphia", "Baltimore", "Los Angeles", "San Francisco", "Durham", "Lanham", "Armonk",
    "Boulder", "Abingdon", "Basingstoke", "Singapore", "Moscow", "Edinburgh", "Manchester",
    "Harmondsworth", "Santa Barbara", "Novato", "Minneapolis", "Lawrence", "Bloomington", "Madison",
    "Ann Arbor", "Seattle", "Austin", "Atlanta", "Pittsburgh", "Hoboken", "Malden", "Heidelberg",
    "Dordrecht", "Boca Raton", "Amsterdam", "Munich", "Vienna", "Rome", "Milan", "Madrid", "Geneva",
    "Zurich", "Basel", "Stockholm", "Copenhagen", "Canberra", "Delhi", "New Delhi", "Kyoto", "Osaka",
))
US_STATE_OR_COUNTY = re.compile(
    r"^(?:[A-Z]\.?\s?[A-Z]\.?|Hants|Oxon|Surrey|Kent|Mass\.?|Conn\.?|Calif\.?|Colo\.?|Md\.?|Va\.?|"
    r"Alabama|Alaska|Arizona|Arkansas|California|Colorado|Connecticut|Delaware|Florida|Georgia|"
    r"Hawaii|Idaho|Illinois|Indiana|Iowa|Kansas|Kentucky|Louisiana|Maine|Maryland|Massachusetts|"
    r"Michigan|Minnesota|Mississippi|Missouri|Montana|Nebraska|Nevada|New Hampshire|New Jersey|"
    r"New Mexico|New York|North Carolina|North Dakota|Ohio|Oklahoma|Oregon|Pennsylvania|"
    r"Rhode Island|South Carolina|South Dakota|Tennessee|Texas|Utah|Vermont|Virginia|Washington|"
    r"West Virginia|Wisconsin|Wyoming|England|Scotland|Canada|Australia)$"
)

WESTERN_PUBLISHER_WORDS = re.compile(
    r"\b(?:Press|Books|Publishing|Publishers?|Publications|Verlag|[ÉE]ditions|Group|Inc\.?|Ltd\.?|"
    r"House|Company|& Co\.?|Program(?:me)?|Office)\b|^University of\b|\bUniversity$", re.I
)
# The names of newspapers and news agencies end so (Orange County Register, San Diego Union).
WESTERN_NEWSPAPER = re.compile(
    r"\b(?:Times|Post|News|Herald|Tribune|Register|Gazette|Daily|Chronicle|Union|Guardian|Telegraph|Observer|"
    r"Standard|Associated Press|Reuters|Independent|Mail|Star|Events|Journal-Constitution)$")
WESTERN_PERIODICAL = re.compile(
    r"\b(?:Journal|Review|Quarterly|Affairs|Studies|Magazine|Bulletin|Annals|Monthly|Weekly|Commentary|"
    r"History|Survey|Letters|Transactions)\b")
# Creators that make a publication a report: governments, legislatures, their committees and offices.
GOVERNMENT = re.compile(
    r"\b(?:Senate|Congress|Parliament|Committee|Commission|Department of|Ministry|Government|Bureau|Agency|"
    r"Office of|Council)\b|委员会|委員會|公所|政府|[^学]署$|局$")
WESTERN_PUBLISHERS = frozenset((
    "Springer", "Birkhauser", "Birkhäuser", "Routledge", "Elsevier", "Wiley", "Blackwell",
    "Macmillan", "Palgrave", "Penguin", "Scribner", "Scribner's", "Norton", "Knopf", "Doubleday",
    "Garland", "Greenwood", "Praeger", "Ashgate", "Variorum", "Brill", "Sage", "Longman", "Harper",
    "HarperCollins", "Random House", "Simon & Schuster", "Houghton Mifflin", "Little, Brown",
    "Pergamon", "Kluwer", "Dover", "McGraw-Hill", "Prentice Hall", "Addison-Wesley", "Westview",
    "Secker & Warburg", "Hurst", "Zed", "Verso", "Bloomsbury", "Continuum", "Pearson", "Faber",
    "Collins", "Hutchinson", "Allen Lane", "Cassell", "Jonathan Cape", "Chatto & Windus",
    "Heinemann", "Weidenfeld & Nicolson", "Viking", "Vintage", "Anchor", "Bantam", "Ballantine",
    "St Martin's", "St. Martin's", "Scarecrow", "Rowman & Littlefield", "ABC-CLIO", "Harvard",
    "USNI", "CRC", "Polity", "Plenum", "Academic",
))

CHINESE_PUBLISHER = re.compile(
    f"[{CJK}A-Za-z·]{{1,20}}?(?:出版社|出版公司|出版集团|出版集團|书局|書局|印书馆|印書館|书房|書房|书店|書店|文化事业|文化事業|出版)(?:有限公司)?"
)

# Words that announce who made the work, in Chinese citations.
ROLE_WORDS = {
    "编著": "authors", "編著": "authors", "原著": "authors", "著": "authors", "撰": "authors", "作者": "authors",
    "主编": "editors", "主編": "editors", "编": "editors", "編": "editors", "编辑": "editors",
    "改编": "editors", "改編": "editors", "校注": "editors", "校註": "editors", "点校": "editors",
    "點校": "editors", "校点": "editors", "校點": "editors", "整理": "editors",
    "译": "translators", "譯": "translators", "翻译": "translators", "翻譯": "translators",
    "编译": "translators", "編譯": "translators",
}
ROLE_PATTERN = "|".join(sorted(ROLE_WORDS.keys() - {"作者"}, key=len, reverse=True))

# The chapter (篇名) of a classical book written after it: 《史記‧匈奴列傳》, 《淮南子·人間訓》.
CHAPTER_SUFFIX = re.compile(
    r"(?:传|傳|纪|紀|本纪|本紀|世家|列传|列傳|志|训|訓|篇|序|自序|表|书|書|论|論|卷[^\s]{0,6}|本纪第.+)$")

GENERIC_LINK_TEXT = re.compile(
    r"^(?:\d+|在此|此处|此處|这里|這裡|这儿|链接|連結|链接地址|全文|原文|网页|網頁|网址|網址|here|link|"
    r"online|web|pdf|html|full text|free online revised version|archive[d]?|https?://\S+)$",
    re.I,
)

_CHINESE_DIGITS = {"〇": 0, "○": 0, "零": 0, "一": 1, "二": 2, "两": 2, "兩": 2, "三": 3, "四": 4,
                   "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CHINESE_UNITS = {"十": 10, "百": 100, "千": 1000}


def chinese_number(text: str) -> int | None:
    """``十五`` → 15, ``三`` → 3, ``一九五○`` → 1950, ``14`` → 14; None if not a number."""
    text = text.strip()
    if text.isdigit():
        return int(text)
    if not text or any(ch not in _CHINESE_DIGITS and ch not in _CHINESE_UNITS for ch in text):
        return None
    if not any(ch in _CHINESE_UNITS for ch in text):
        return int("".join(str(_CHINESE_DIGITS[ch]) for ch in text))
    total, current = 0, 0
    for ch in text:
        if ch in _CHINESE_DIGITS:
            current = _CHINESE_DIGITS[ch]
        else:
            total += (current or 1) * _CHINESE_UNITS[ch]
            current = 0
    return total + current


def number_text(text: str) -> str:
    """A volume or issue number written with Arabic digits (``03`` → ``3``), or the text as written."""
    value = chinese_number(text)
    return str(value) if value is not None else text.strip()


_KANA = re.compile("[\u3040-\u30ff]")
_HANGUL = re.compile("[\uac00-\ud7af\u1100-\u11ff]")
_VIETNAMESE = re.compile("[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]", re.I)
_FULL_WIDTH_PUNCTUATION = re.compile("[，。：；、（）《》〈〉「」『』“”]")


def language_of(text: str) -> str | None:
    """The language a title's script tells: Japanese kana, Korean hangul, Chinese characters,
    Vietnamese letters, else English for Latin letters (the articles' only other language)."""
    if _KANA.search(text):
        return "ja"
    if _HANGUL.search(text):
        return "ko"
    if CJK_CHAR.search(text):
        return "zh"
    if _VIETNAMESE.search(text):
        return "vi"
    return "en" if LATIN_LETTER.search(text) else None


def full_width_count(text: str) -> int:
    return len(_FULL_WIDTH_PUNCTUATION.findall(text))


def cjk_count(text: str) -> int:
    return len(CJK_CHAR.findall(text))


def latin_count(text: str) -> int:
    return len(LATIN_LETTER.findall(text))


def is_organisation(name: str) -> bool:
    name = re.sub(r"\s*[（(][^（）()]*[）)]$", "", name.strip())  # 英國廣播公司（BBC）
    if CJK_CHAR.search(name):
        department = name.endswith("系") and re.search("大学|大學|学院|學院", name)  # 上海交通大学科学史系
        return name.endswith(ORGANISATION_SUFFIXES) or bool(department)
    return bool(WESTERN_ORGANISATION_WORDS.search(name))


def chinese_surname(name: str) -> str | None:
    """The surname a Chinese personal name starts with, if it starts with a known one."""
    for compound in COMPOUND_SURNAMES:
        if name.startswith(compound) and len(name) > len(compound):
            return compound
    if len(name) >= 2 and name[0] in SURNAMES:
        return name[0]
    return None


def is_western_publisher(text: str) -> bool:
    text = text.strip(" .,")
    return text in WESTERN_PUBLISHERS or bool(WESTERN_PUBLISHER_WORDS.search(text))


def is_western_place(text: str) -> bool:
    """``London``, ``Chapel Hill, N.C``, ``North Branch, MN``, ``Washington, DC``."""
    text = text.strip(" .,;")
    if text in WESTERN_PLACES:
        return True
    head, _, tail = text.partition(", ")
    return bool(tail) and bool(re.fullmatch(r"[A-Z][a-z]+(?: [A-Z][a-z]+){0,2}", head)) and bool(
        US_STATE_OR_COUNTY.match(tail.strip())
    )
