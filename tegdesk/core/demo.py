"""A demonstration database: a plausible TEG roster, two meetings, the BSP
capacity-building database and requests for technical assistance.

:func:`populate_demo` fills an empty database in one unit of work (so the audit
log records every row). Given the same ``seed`` and ``today`` it writes the same
content (the record ids, random UUIDs, differ). The people are invented; their
e-mail addresses use the reserved ``.example`` top-level domain so that nothing
can ever be sent to them.

The roster follows version 1 of the TEG's terms of reference, and is simulated
seat by seat from the first meeting (14 March 2023) up to ``today``:

- each member nominates one or two experts (R1: never more than two serving);
- a term lasts three years (the last day is the day before the third anniversary);
- at the end of a first term, most experts are nominated for a second,
  consecutive term (starting the next day; the first is then "ended"); after a
  second term the member nominates someone else (R3: no third consecutive term);
- a few experts are withdrawn during a term, most of them replaced at once;
- the Chair and the Vice-Chair were elected at the first meeting for three years
  from among the serving experts (R5), and serve a second expert term.

The second meeting is planned a few months after ``today``; its provisional
agenda includes the election of officers when the offices elected at the first
meeting have ended by then.
"""

from __future__ import annotations

import datetime as dt
import random
import time
import unicodedata
import uuid
from dataclasses import dataclass
from typing import Any

from babel import Locale
from babel.dates import format_date
from sqlmodel import Session, func, select

from tegdesk.core.errors import UserError
from tegdesk.core.models import (
    Activity,
    ActivityBspCode,
    ActivityOrganisation,
    ActivityRecipient,
    AgendaItem,
    AgendaItemDocument,
    AgendaItemKind,
    AssistanceRequest,
    Body,
    BspCode,
    Document,
    DocumentDistribution,
    DocumentSeries,
    Expert,
    Level,
    Meeting,
    MeetingMode,
    MeetingStatus,
    MemberState,
    OfficeHolding,
    Organisation,
    Participant,
    ParticipantRole,
    RequestActivity,
    RequestBspCode,
    RequestEvent,
    RequestExpert,
    RequestStatus,
    Term,
    TermStatus,
    TorVersion,
)
from tegdesk.core.refdata import TEG_CODE
from tegdesk.core.rules import last_day, office_last_day, term_end_for
from tegdesk.core.store.database import Store

DEMO_SEED = 2024
ACTIVITY_COUNT = 200
REQUEST_COUNT = 30

TEG1_START = dt.date(2023, 3, 14)
TEG1_END = dt.date(2023, 3, 15)
NOMINATIONS_CALLED = dt.date(2023, 2, 21)  # R11: three weeks before the first meeting
#: The demonstration needs the first meeting to lie in the past.
EARLIEST_TODAY = dt.date(2023, 6, 1)
ONE_DAY = dt.timedelta(days=1)

#: ESCAP's IATI organisation identifier (DAC channel code 41106).
ESCAP_IATI_REF = "XM-DAC-41106"
VENUE = "United Nations Conference Centre, Bangkok"
SECRETARIAT = "Environment and Development Division, ESCAP"
CONTACT = "Secretary of the Technical Expert Group, Environment and Development Division, ESCAP (teg-secretariat@un.example)"


@dataclass(frozen=True)
class DemoSummary:
    today: dt.date
    seed: int
    experts: int
    serving_experts: int
    members_with_experts: int
    terms: int
    office_holdings: int
    meetings: int
    agenda_items: int
    documents: int
    participants: int
    organisations: int
    activities: int
    requests: int
    request_events: int
    seconds: float


def existing_content(store: Store) -> dict[str, int]:
    """Counts of the user data a demonstration must not be mixed with (empty when none)."""
    with store.reader() as session:
        counts = {
            "experts": session.exec(select(func.count()).select_from(Expert)).one(),
            "activities": session.exec(select(func.count()).select_from(Activity)).one(),
            "meetings": session.exec(select(func.count()).select_from(Meeting)).one(),
            "requests": session.exec(select(func.count()).select_from(AssistanceRequest)).one(),
        }
    return {name: n for name, n in counts.items() if n}


def populate_demo(store: Store, *, seed: int = DEMO_SEED, today: dt.date | None = None) -> DemoSummary:
    """Fill an empty database with the demonstration; refuses a database holding data."""
    today = today or dt.date.today()
    if today < EARLIEST_TODAY:
        raise ValueError(f"the demonstration needs a date after {EARLIEST_TODAY}, not {today}")
    held = existing_content(store)
    if held:
        raise UserError(
            f"The database {store.path} already holds data ({', '.join(f'{n} {k}' for k, n in held.items())}); "
            "the demonstration is loaded only into an empty database.")
    started = time.perf_counter()
    with store.session() as session:
        builder = _Builder(session, random.Random(seed), today)
        builder.build()
        counts = builder.counts()
    return DemoSummary(today=today, seed=seed, seconds=round(time.perf_counter() - started, 2), **counts)


# -- people ------------------------------------------------------------------------------

# Each culture: family names, male given names, female given names; "Latin|native" where
# the native script differs, "male/female" where the family name has two forms.
_CULTURES: dict[str, dict[str, Any]] = {
    "zh": {"label": "Chinese", "order": "fg", "family": [
        "Wang|王", "Li|李", "Zhang|张", "Liu|刘", "Chen|陈", "Yang|杨", "Zhao|赵", "Huang|黄", "Zhou|周", "Wu|吴",
        "Xu|徐", "Sun|孙", "Ma|马", "Hu|胡", "Guo|郭", "Lin|林"],
        "male": ["Jianguo|建国", "Wei|伟", "Zhiqiang|志强", "Haitao|海涛", "Ming|明", "Jun|军", "Hao|浩", "Lei|磊",
                 "Tao|涛", "Yong|勇"],
        "female": ["Li|丽", "Jing|静", "Xiaoyan|晓燕", "Min|敏", "Fang|芳", "Xuemei|雪梅", "Ting|婷", "Hong|红",
                   "Yan|艳", "Hui|慧"]},
    "yue": {"label": "Chinese", "order": "fg", "family": [
        "Chan|陳", "Wong|黃", "Lee|李", "Cheung|張", "Lau|劉", "Leung|梁", "Ho|何", "Tsang|曾", "Lam|林"],
        "male": ["Chi-keung|志強", "Kwok-wai|國偉", "Ka-ho|嘉豪", "Wai-man|偉文", "Kin-man|健文"],
        "female": ["Ka-wai|嘉慧", "Wing-yan|詠欣", "Mei-ling|美玲", "Suk-fan|淑芬", "Hoi-yan|凱欣"]},
    "ja": {"label": "Japanese", "order": "fg", "family": [
        "Sato|佐藤", "Suzuki|鈴木", "Takahashi|高橋", "Tanaka|田中", "Watanabe|渡辺", "Ito|伊藤", "Yamamoto|山本",
        "Nakamura|中村", "Kobayashi|小林", "Kato|加藤"],
        "male": ["Hiroshi|浩", "Takeshi|健", "Kenji|健二", "Daisuke|大輔", "Satoshi|聡", "Masato|正人"],
        "female": ["Yuko|裕子", "Akiko|明子", "Keiko|恵子", "Naoko|直子", "Yumi|由美", "Mariko|真理子"]},
    "ko": {"label": "Korean", "order": "fg", "family": [
        "Kim|김", "Lee|이", "Park|박", "Choi|최", "Jung|정", "Kang|강", "Cho|조", "Yoon|윤"],
        "male": ["Min-jun|민준", "Sung-ho|성호", "Jae-won|재원", "Dong-hyun|동현", "Young-soo|영수"],
        "female": ["Ji-young|지영", "Soo-jin|수진", "Hye-jin|혜진", "Eun-ji|은지", "Mi-kyung|미경"]},
    "ru": {"label": "Russian", "order": "g f", "family": [
        "Ivanov/Ivanova|Иванов/Иванова", "Smirnov/Smirnova|Смирнов/Смирнова",
        "Kuznetsov/Kuznetsova|Кузнецов/Кузнецова", "Popov/Popova|Попов/Попова",
        "Sokolov/Sokolova|Соколов/Соколова", "Volkov/Volkova|Волков/Волкова",
        "Morozov/Morozova|Морозов/Морозова", "Lebedev/Lebedeva|Лебедев/Лебедева"],
        "male": ["Aleksandr|Александр", "Dmitry|Дмитрий", "Sergey|Сергей", "Andrey|Андрей", "Mikhail|Михаил",
                 "Nikolay|Николай"],
        "female": ["Elena|Елена", "Olga|Ольга", "Natalia|Наталья", "Anna|Анна", "Irina|Ирина", "Tatiana|Татьяна"]},
    "mn": {"label": "Mongolian", "order": "f g", "family": [
        "Batbayar|Батбаяр", "Ganbold|Ганболд", "Tsogtbaatar|Цогтбаатар", "Enkhbayar|Энхбаяр",
        "Dorjsuren|Доржсүрэн"],
        "male": ["Bold|Болд", "Temuulen|Тэмүүлэн", "Erdene|Эрдэнэ", "Ganzorig|Ганзориг"],
        "female": ["Oyunchimeg|Оюунчимэг", "Sarnai|Сарнай", "Altantsetseg|Алтанцэцэг", "Narantuya|Нарантуяа"]},
    "kk": {"label": "Kazakh", "order": "g f", "family": [
        "Akhmetov/Akhmetova|Ахметов/Ахметова", "Abenov/Abenova|Абенов/Абенова",
        "Zhaksybekov/Zhaksybekova|Жақсыбеков/Жақсыбекова", "Nurlanov/Nurlanova|Нұрланов/Нұрланова"],
        "male": ["Nurlan|Нұрлан", "Yerlan|Ерлан", "Askar|Асқар", "Daniyar|Данияр"],
        "female": ["Aigerim|Айгерім", "Saule|Сәуле", "Gulnara|Гүлнара", "Dinara|Динара"]},
    "th": {"label": "Thai", "order": "g f", "family": [
        "Srisawat|ศรีสวัสดิ์", "Chaiyaporn|ชัยพร", "Wongsuwan|วงศ์สุวรรณ", "Rattanakul|รัตนกุล",
        "Suksawat|สุขสวัสดิ์", "Thongchai|ธงชัย"],
        "male": ["Somchai|สมชาย", "Prasert|ประเสริฐ", "Anan|อนันต์", "Wichai|วิชัย"],
        "female": ["Siriporn|ศิริพร", "Malee|มาลี", "Kanokwan|กนกวรรณ", "Pornthip|พรทิพย์"]},
    "uz": {"family": ["Karimov/Karimova", "Rakhimov/Rakhimova", "Yusupov/Yusupova", "Abdullayev/Abdullayeva",
                      "Nazarov/Nazarova"],
           "male": ["Bakhtiyor", "Sherzod", "Jasur", "Otabek"], "female": ["Dilnoza", "Nodira", "Gulnora", "Malika"]},
    "ky": {"family": ["Asanov/Asanova", "Toktogulov/Toktogulova", "Abdyldaev/Abdyldaeva", "Ismailov/Ismailova"],
           "male": ["Azamat", "Bakyt", "Nurbek", "Ulan"], "female": ["Aizhan", "Cholpon", "Gulzat", "Nazira"]},
    "az": {"family": ["Mammadov/Mammadova", "Huseynov/Huseynova", "Hasanov/Hasanova", "Guliyev/Guliyeva"],
           "male": ["Elchin", "Rashad", "Farid", "Tural"], "female": ["Aysel", "Leyla", "Gunel", "Sevinj"]},
    "hy": {"family": ["Petrosyan", "Hakobyan", "Grigoryan", "Sargsyan", "Harutyunyan"],
           "male": ["Armen", "Tigran", "Davit", "Aram"], "female": ["Anahit", "Lilit", "Mariam", "Gayane"]},
    "ka": {"family": ["Beridze", "Kapanadze", "Gelashvili", "Tsiklauri", "Lomidze"],
           "male": ["Giorgi", "Levan", "Davit", "Irakli"], "female": ["Nino", "Tamar", "Ketevan", "Mariam"]},
    "id": {"family": ["Wijaya", "Santoso", "Hidayat", "Nugroho", "Setiawan", "Kurniawan", "Siregar", "Harahap"],
           "male": ["Budi", "Agus", "Rizal", "Eko", "Hendra"], "female": ["Dewi", "Retno", "Ratna", "Sri", "Indah"]},
    "vi": {"family": ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi"],
           "male": ["Văn Minh", "Đức Anh", "Quang Huy", "Văn Hùng", "Minh Tuấn"],
           "female": ["Thị Lan", "Thu Hà", "Thanh Hương", "Thị Mai", "Ngọc Anh"]},
    "fil": {"family": ["Santos", "Reyes", "Cruz", "Bautista", "Garcia", "Mendoza", "dela Cruz", "Villanueva"],
            "male": ["Jose Antonio", "Ramon", "Miguel", "Rafael"],
            "female": ["Maria Teresa", "Ana Liza", "Cristina", "Rosario"]},
    "ms": {"family": ["Ismail", "Abdullah", "Hassan", "Rahman", "Othman", "Yusof"],
           "male": ["Ahmad Faizal", "Mohd Azlan", "Khairul Anuar", "Zulkifli"],
           "female": ["Nurul Huda", "Siti Aminah", "Noraini", "Farah Diana"]},
    "km": {"family": ["Sok", "Chan", "Heng", "Ly", "Chea", "Keo"],
           "male": ["Sophal", "Vuthy", "Dara", "Sokha"], "female": ["Sreymom", "Chanthy", "Bopha", "Sophea"]},
    "lo": {"family": ["Phommachanh", "Sisouphanh", "Vongsa", "Keomany", "Souvannavong"],
           "male": ["Khamphone", "Somsack", "Bounmy", "Phonesavanh"],
           "female": ["Vanida", "Souphaphone", "Manivone", "Chansamone"]},
    # Myanmar names have no family name: the whole name is recorded as the family name.
    "my": {"single": True, "male": ["Aung Myint", "Kyaw Zin", "Zaw Win", "Myo Min Htet"],
           "female": ["Thida Win", "Khin Mar Aye", "Nilar Oo", "Su Su Hlaing"]},
    "sg": {"family": ["Tan", "Lim", "Ng", "Ong", "Goh", "Teo"],
           "male": ["Wei Ming", "Kok Leong", "Jun Hao"], "female": ["Hui Ling", "Mei Xin", "Siew Lan"]},
    "in": {"family": ["Sharma", "Gupta", "Iyer", "Reddy", "Nair", "Banerjee", "Singh", "Patel", "Menon"],
           "male": ["Rajesh", "Anil", "Vikram", "Suresh", "Arvind"],
           "female": ["Priya", "Anjali", "Meera", "Lakshmi", "Sunita"]},
    "bn": {"family": ["Rahman", "Hossain", "Ahmed", "Chowdhury", "Islam"],
           "male": ["Mohammad Abdul", "Shafiqul", "Kamrul", "Tanvir"],
           "female": ["Farhana", "Nasrin", "Shirin", "Sharmin"]},
    "ne": {"family": ["Shrestha", "Thapa", "Adhikari", "Gurung", "Koirala"],
           "male": ["Ramesh", "Bishnu", "Sanjay", "Dipak"], "female": ["Sita", "Anita", "Sabina", "Sarita"]},
    "ur": {"family": ["Khan", "Qureshi", "Malik", "Siddiqui", "Hussain"],
           "male": ["Imran", "Asad", "Tariq", "Bilal"], "female": ["Ayesha", "Sana", "Fatima", "Saima"]},
    "si": {"family": ["Perera", "Fernando", "Jayasinghe", "Wickramasinghe", "Bandara"],
           "male": ["Chaminda", "Nuwan", "Ruwan", "Sampath"],
           "female": ["Dilani", "Chathurika", "Shanika", "Nadeeka"]},
    "dz": {"family": ["Dorji/Wangmo", "Wangchuk/Choden", "Tshering/Lhamo", "Penjor/Yangzom"],
           "male": ["Karma", "Sonam", "Ugyen", "Kinley"], "female": ["Pema", "Dechen", "Kezang", "Tashi"]},
    "fa": {"family": ["Hosseini", "Mohammadi", "Rezaei", "Karimi", "Ahmadi", "Moradi"],
           "male": ["Ali", "Reza", "Mehdi", "Hamid"], "female": ["Maryam", "Zahra", "Fatemeh", "Leila"]},
    "tr": {"family": ["Yılmaz", "Kaya", "Demir", "Şahin", "Çelik", "Öztürk"],
           "male": ["Mehmet", "Mustafa", "Emre", "Burak"], "female": ["Ayşe", "Elif", "Zeynep", "Selin"]},
    "en_au": {"family": ["Smith", "Williams", "Brown", "Taylor", "Wilson", "Thompson", "O'Brien"],
              "male": ["James", "Michael", "David", "Andrew"], "female": ["Sarah", "Emma", "Rebecca", "Catherine"]},
    "en_nz": {"family": ["Ngata", "Parata", "Walker", "Henare", "Campbell"],
              "male": ["Wiremu", "James", "Hemi", "Thomas"], "female": ["Aroha", "Kiri", "Sophie", "Hannah"]},
    "fj": {"family": ["Nawaqa", "Tuisawau", "Naivalu", "Vunibola", "Prasad", "Naidu", "Raikoti"],
           "male": ["Semi", "Josaia", "Ravinesh", "Jone"], "female": ["Litia", "Mereoni", "Salote", "Shalini"]},
    "sm": {"family": ["Leota", "Tuiasosopo", "Faleolo", "Schwenke", "Tuilagi"],
           "male": ["Tavita", "Sione", "Faamanu", "Tupe"], "female": ["Lagi", "Fetu", "Malia", "Seini"]},
    "to": {"family": ["Fifita", "Vaipulu", "Taufa", "Havili", "Lolo"],
           "male": ["Sione", "Viliami", "Tevita", "Siaosi"], "female": ["Ana", "Mele", "Losaline", "Salote"]},
    "pg": {"family": ["Kila", "Wari", "Kuman", "Tau", "Morea", "Kaupa"],
           "male": ["John", "Peter", "Gabriel", "Michael"], "female": ["Grace", "Ruth", "Dulciana", "Miriam"]},
    "vu": {"family": ["Tari", "Kalsakau", "Molisa", "Natapei", "Tabi"],
           "male": ["Jean-Pierre", "Ralph", "George", "Joe"], "female": ["Esline", "Marie", "Christelle", "Anna"]},
    "fr": {"family": ["Martin", "Bernard", "Dubois", "Lefebvre", "Moreau", "Laurent"],
           "male": ["Jean-Luc", "Pierre", "Nicolas", "Olivier"], "female": ["Claire", "Isabelle", "Camille", "Sophie"]},
}

# iso2: (culture, seats, ministry, institute or None, telephone country code)
_MEMBERS: dict[str, tuple[str, int, str, str | None, str]] = {
    "CN": ("zh", 2, "Ministry of Ecology and Environment", "Chinese Research Academy of Environmental Sciences", "86"),
    "JP": ("ja", 2, "Ministry of the Environment", "National Institute for Environmental Studies", "81"),
    "KR": ("ko", 1, "Ministry of Environment", "Korea Environment Institute", "82"),
    "MN": ("mn", 1, "Ministry of Environment and Tourism", "National University of Mongolia", "976"),
    "HK": ("yue", 1, "Environmental Protection Department", "The University of Hong Kong", "852"),
    "MO": ("yue", 1, "Environmental Protection Bureau", "University of Macau", "853"),
    "RU": ("ru", 2, "Ministry of Natural Resources and Environment", "Lomonosov Moscow State University", "7"),
    "KZ": ("kk", 1, "Ministry of Ecology and Natural Resources", "Al-Farabi Kazakh National University", "7"),
    "UZ": ("uz", 1, "Ministry of Ecology, Environmental Protection and Climate Change",
           "National University of Uzbekistan", "998"),
    "KG": ("ky", 1, "Ministry of Natural Resources, Ecology and Technical Supervision", "Kyrgyz National University",
           "996"),
    "AZ": ("az", 1, "Ministry of Ecology and Natural Resources", "Baku State University", "994"),
    "AM": ("hy", 1, "Ministry of Environment", "Yerevan State University", "374"),
    "GE": ("ka", 1, "Ministry of Environmental Protection and Agriculture", "Tbilisi State University", "995"),
    "TH": ("th", 2, "Ministry of Natural Resources and Environment", "Chulalongkorn University", "66"),
    "ID": ("id", 2, "Ministry of Environment and Forestry", "IPB University", "62"),
    "VN": ("vi", 1, "Ministry of Agriculture and Environment", "Vietnam National University, Hanoi", "84"),
    "PH": ("fil", 1, "Department of Environment and Natural Resources", "University of the Philippines Los Baños",
           "63"),
    "MY": ("ms", 1, "Ministry of Natural Resources and Environmental Sustainability", "Universiti Kebangsaan Malaysia",
           "60"),
    "KH": ("km", 1, "Ministry of Environment", "Royal University of Phnom Penh", "855"),
    "LA": ("lo", 1, "Ministry of Natural Resources and Environment", "National University of Laos", "856"),
    "MM": ("my", 1, "Ministry of Natural Resources and Environmental Conservation", "University of Yangon", "95"),
    "SG": ("sg", 1, "Ministry of Sustainability and the Environment", "National University of Singapore", "65"),
    "IN": ("in", 2, "Ministry of Environment, Forest and Climate Change", "Indian Institute of Science", "91"),
    "BD": ("bn", 1, "Ministry of Environment, Forest and Climate Change", "University of Dhaka", "880"),
    "NP": ("ne", 1, "Ministry of Forests and Environment", "Tribhuvan University", "977"),
    "PK": ("ur", 1, "Ministry of Climate Change and Environmental Coordination", "Quaid-i-Azam University", "92"),
    "LK": ("si", 1, "Ministry of Environment", "University of Peradeniya", "94"),
    "BT": ("dz", 1, "National Environment Commission", "Royal University of Bhutan", "975"),
    "IR": ("fa", 1, "Department of Environment", "University of Tehran", "98"),
    "TR": ("tr", 1, "Ministry of Environment, Urbanisation and Climate Change", "Middle East Technical University",
           "90"),
    "AU": ("en_au", 1, "Department of Climate Change, Energy, the Environment and Water",
           "Australian National University", "61"),
    "NZ": ("en_nz", 1, "Ministry for the Environment", "Victoria University of Wellington", "64"),
    "FJ": ("fj", 2, "Ministry of Environment and Climate Change", "University of the South Pacific", "679"),
    "WS": ("sm", 1, "Ministry of Natural Resources and Environment", "National University of Samoa", "685"),
    "TO": ("to", 1, "Department of Environment", None, "676"),
    "PG": ("pg", 1, "Conservation and Environment Protection Authority", "University of Papua New Guinea", "675"),
    "VU": ("vu", 1, "Department of Environmental Protection and Conservation", None, "678"),
    "FR": ("fr", 1, "Ministry for the Ecological Transition",
           "French National Research Institute for Sustainable Development", "33"),
}

#: Least developed countries and small island developing States: the secretariat
#: funds their experts' participation (R4).
_FUNDED = {"AF", "BD", "BT", "KH", "LA", "MM", "NP", "TL", "FJ", "KI", "MH", "FM", "NR", "PW", "PG", "WS", "SB",
           "TO", "TV", "VU", "MV", "MN", "KG", "TJ"}
#: Members that give rather than receive capacity-building in the demonstration.
_NOT_RECIPIENTS = {"AU", "FR", "GB", "JP", "KR", "NL", "NZ", "SG", "US", "BN", "HK", "MO"}

_MINISTRY_TITLES = ["Director, Department of Climate Change", "Deputy Director-General, Pollution Control",
                    "Senior Environmental Officer", "Head, Division of Environmental Policy",
                    "Chief, Biodiversity Conservation Section", "Director, International Cooperation Department",
                    "Principal Scientific Officer", "Adviser on Sustainable Development",
                    "Deputy Director, Waste Management Department", "Head, Environmental Data Unit"]
_ACADEMIC_TITLES = ["Professor of Environmental Science", "Associate Professor, Faculty of Engineering",
                    "Senior Research Fellow", "Director, Centre for Climate Studies",
                    "Professor of Environmental Law", "Research Director"]
_WORDS_NOT_IN_INITIALS = {"of", "and", "the", "for", "on", "under"}


def _split(entry: str) -> tuple[str, str | None]:
    latin, _, native = entry.partition("|")
    return latin, native or None


def _gendered(entry: str, female: bool) -> str:
    if "/" in entry:
        male_form, female_form = entry.split("/", 1)
        return female_form if female else male_form
    return entry


def _ascii(text: str) -> str:
    text = text.replace("Đ", "D").replace("đ", "d").replace("ı", "i").replace("'", "")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _initials(name: str) -> str:
    words = name.replace(",", " ").replace("-", " ").split()
    return "".join(w[0] for w in words if w.lower() not in _WORDS_NOT_IN_INITIALS).lower()


def _slug(text: str) -> str:
    out = "".join(c if c.isalnum() else "-" for c in _ascii(text).lower())
    return "-".join(part for part in out.split("-") if part)


def _with_article(name: str) -> str:
    needs = ("Republic", "Russian", "Philippines", "Lao", "Democratic", "United", "Maldives", "Marshall", "Solomon",
             "Cook", "Netherlands", "Northern Mariana")
    return f"the {name}" if name.startswith(needs) else name


def _shares(rng: random.Random, n: int) -> list[int]:
    """``n`` whole percentages of at least 5 summing to 100."""
    if n == 1:
        return [100]
    cuts = sorted(rng.sample(range(1, 20), n - 1))
    parts = [b - a for a, b in zip([0, *cuts], [*cuts, 20], strict=True)]
    return [p * 5 for p in parts]


# -- activities ---------------------------------------------------------------------------

# code, English topic, Chinese topic, related agreements
_TOPICS: list[tuple[str, str, str, list[str]]] = [
    ("TA02", "greenhouse gas inventories", "温室气体清单", ["UNFCCC", "Paris Agreement"]),
    ("TA02", "national adaptation plans", "国家适应计划", ["UNFCCC"]),
    ("TA02", "the enhanced transparency framework of the Paris Agreement", "《巴黎协定》强化透明度框架",
     ["Paris Agreement"]),
    ("TA12", "rooftop solar and mini-grids", "屋顶太阳能和微电网", []),
    ("TA12", "energy efficiency standards for appliances", "电器能效标准", []),
    ("TA08", "municipal solid waste management", "城市固体废物管理", []),
    ("TA08", "electronic waste management", "电子废物管理", ["Basel Convention"]),
    ("TA09", "air quality monitoring", "空气质量监测", []),
    ("TA09", "marine plastic pollution", "海洋塑料污染", []),
    ("TA07", "mercury inventories and phase-down", "汞清单和逐步减少", ["Minamata Convention"]),
    ("TA07", "the sound management of chemicals", "化学品无害管理", ["Stockholm Convention", "Rotterdam Convention"]),
    ("TA01", "national biodiversity strategies and action plans", "国家生物多样性战略和行动计划", ["CBD"]),
    ("TA01", "access and benefit-sharing", "获取和惠益分享", ["Nagoya Protocol"]),
    ("TA16", "forest monitoring for REDD+", "面向REDD+的森林监测", ["UNFCCC"]),
    ("TA04", "integrated water resources management", "水资源综合管理", []),
    ("TA05", "wetland inventories", "湿地清单", ["Ramsar Convention"]),
    ("TA06", "coastal and marine spatial planning", "沿海和海洋空间规划", []),
    ("TA03", "sustainable land management", "可持续土地管理", ["UNCCD"]),
    ("TA10", "air pollution and health", "空气污染与健康", []),
    ("TA11", "trade in environmental goods", "环境产品贸易", []),
    ("TA13", "transboundary river basin management", "跨界河流流域管理", []),
    ("TA14", "environmental emergency preparedness", "环境紧急情况防备", []),
    ("TA15", "taxonomic capacity", "分类学能力", ["CBD"]),
    ("TA17", "post-disaster environmental assessment", "灾后环境评估", []),
    ("TA18", "decentralized wastewater treatment", "分散式污水处理", []),
    ("TA19", "climate-smart agriculture", "气候智能型农业", []),
    ("CC02", "environmental law and its enforcement", "环境法及其执行", []),
    ("CC08", "environmental statistics and data collection", "环境统计和数据收集", []),
    ("CC12", "sustainable consumption and production", "可持续消费和生产", []),
    ("CC13", "gender mainstreaming in environmental policies", "环境政策中的性别主流化", []),
    ("CC04", "reporting under multilateral environmental agreements", "多边环境协定下的报告", ["CBD", "UNFCCC"]),
    ("CC11", "environmental education", "环境教育", []),
]
_CROSS_CUTTING = ["CC01", "CC03", "CC04", "CC05", "CC06", "CC07", "CC08", "CC09", "CC10", "CC11", "CC12", "CC13"]

# kind: English pattern, Chinese pattern, level, duration (days) range, training?, weight
_KINDS: list[tuple[str, str, str, str, tuple[int, int], bool, int]] = [
    ("national_workshop", "National workshop on {topic} in {country}", "{country}{topic}国家讲习班",
     Level.NATIONAL, (1, 4), True, 26),
    ("tot", "Training of trainers on {topic} in {country}", "{country}{topic}培训员培训",
     Level.NATIONAL, (3, 9), True, 10),
    ("mission", "Policy advisory mission on {topic} to {country}", "赴{country}{topic}政策咨询团",
     Level.NATIONAL, (3, 10), False, 10),
    ("project", "Strengthening national capacity for {topic} in {country}", "{country}{topic}能力建设项目",
     Level.NATIONAL, (300, 1000), True, 18),
    ("subregional", "Subregional workshop on {topic} for {subregion}", "{subregion}{topic}次区域讲习班",
     Level.SUBREGIONAL, (2, 4), True, 12),
    ("south_south", "South–South exchange on {topic} between {countries}", "{countries}{topic}南南交流",
     Level.SUBREGIONAL, (3, 8), True, 6),
    ("regional_egm", "Regional expert group meeting on {topic}", "{topic}区域专家组会议",
     Level.REGIONAL, (2, 3), False, 8),
    ("regional_course", "Regional training course on {topic}", "{topic}区域培训班",
     Level.REGIONAL, (5, 12), True, 7),
    ("elearning", "Global e-learning course on {topic}", "{topic}全球在线学习课程",
     Level.GLOBAL, (40, 120), True, 3),
]
_SUBREGIONS_ZH = {"East and North-East Asia": "东亚和东北亚", "South-East Asia": "东南亚",
                  "South and South-West Asia": "南亚和西南亚", "North and Central Asia": "北亚和中亚",
                  "Pacific": "太平洋"}
#: IATI Region codes for regional recipients.
_REGION_ASIA = "798"  # Asia, regional
_REGION_OCEANIA = "889"  # Oceania, regional
_REGION_DEVELOPING = "998"  # Developing countries, unspecified

# acronym: name, IATI ref, IATI organisation type, country
_ORGANISATIONS: list[tuple[str, str, str | None, str, str | None]] = [
    ("ESCAP", "Economic and Social Commission for Asia and the Pacific", ESCAP_IATI_REF, "40", None),
    ("UNEP", "United Nations Environment Programme", "XM-DAC-41116", "40", None),
    ("UNDP", "United Nations Development Programme", "XM-DAC-41114", "40", None),
    ("GEF", "Global Environment Facility", "XM-DAC-47044", "40", None),
    ("UNFCCC", "United Nations Framework Convention on Climate Change secretariat", "XM-DAC-41316", "40", None),
    ("ADB", "Asian Development Bank", "XM-DAC-46004", "40", None),
    ("JICA", "Japan International Cooperation Agency", "XM-DAC-701-8", "10", "JP"),
    ("AIT", "Asian Institute of Technology", None, "80", "TH"),
    ("USP", "University of the South Pacific", None, "80", "FJ"),
    ("IGES", "Institute for Global Environmental Strategies", None, "80", "JP"),
    ("APRSCP", "Asia Pacific Roundtable for Sustainable Consumption and Production", None, "21", "TH"),
]
_FUNDERS = ["GEF", "JICA", "UNDP", "ADB", "UNEP", "ESCAP"]
_IMPLEMENTERS = ["ESCAP", "UNEP", "UNDP", "AIT", "USP", "IGES", "APRSCP"]

_RESULTS = [
    "{trained} officials trained ({women} women); a national action plan drafted and submitted for approval.",
    "{trained} participants trained ({women} women); guidelines adopted by the national authority.",
    "{trained} technical staff trained ({women} women); monitoring protocol in use in two provinces.",
    "{trained} participants trained ({women} women); recommendations presented to the Committee.",
]
_ASSESSMENTS = [
    "The Government of {country} assessed the assistance as highly relevant and timely, and asked for follow-up "
    "support on implementation.",
    "The Government of {country} found the assistance useful; it noted that the training materials should be "
    "translated into the national language.",
    "The Government of {country} rated the assistance as satisfactory and suggested a longer duration for hands-on "
    "sessions.",
]

# -- requests -----------------------------------------------------------------------------

_REQUEST_SUBJECTS: list[tuple[str, list[str]]] = [
    ("Technical support for the first biennial transparency report under the Paris Agreement", ["TA02", "CC04"]),
    ("Assistance in updating the national greenhouse gas inventory", ["TA02", "CC08"]),
    ("Advice on a national air quality monitoring network", ["TA09", "CC08"]),
    ("Training on e-waste collection and recycling", ["TA08"]),
    ("Review of the draft law on environmental impact assessment", ["CC02"]),
    ("Support for the national mercury inventory", ["TA07", "CC04"]),
    ("Capacity-building on integrated water resources management", ["TA04"]),
    ("Expert advice on coastal erosion and marine spatial planning", ["TA06"]),
    ("Support to establish an environmental statistics unit", ["CC08", "CC01"]),
    ("Training of customs officers on trade in ozone-depleting substances", ["TA11", "CC04"]),
    ("Assistance with the national biodiversity strategy and action plan", ["TA01", "CC04"]),
    ("Technical assistance for a feasibility study of solar mini-grids", ["TA12", "CC10"]),
    ("Advice on gender mainstreaming in the climate change policy", ["CC13", "TA02"]),
    ("Support for a national plastics roadmap", ["TA09", "TA08", "CC12"]),
    ("Training on environmental emergency preparedness for industrial accidents", ["TA14"]),
]
_CHANNELS = ["note verbale", "note verbale", "letter", "email", "request made at a meeting of the Expert Group"]
_SUBREGIONAL_OFFICES = {
    "East and North-East Asia": "ESCAP Subregional Office for East and North-East Asia",
    "South-East Asia": "ESCAP Subregional Office for South-East Asia",
    "South and South-West Asia": "ESCAP Subregional Office for South and South-West Asia",
    "North and Central Asia": "ESCAP Subregional Office for North and Central Asia",
    "Pacific": "ESCAP Subregional Office for the Pacific",
}
#: How many requests end (or, for open ones, stand) in each status: every status appears.
_REQUEST_STATUSES = ([RequestStatus.RECEIVED] * 4 + [RequestStatus.ASSIGNED] * 4 + [RequestStatus.IN_PROGRESS] * 6
                     + [RequestStatus.ANSWERED] * 10 + [RequestStatus.DECLINED] * 3 + [RequestStatus.WITHDRAWN] * 3)
_CLOSED = {RequestStatus.ANSWERED, RequestStatus.DECLINED, RequestStatus.WITHDRAWN}


@dataclass
class _Seat:
    member: MemberState
    first_start: dt.date
    keep: bool = False  # an officer's seat: renewed, never withdrawn


class _Builder:
    def __init__(self, session: Session, rng: random.Random, today: dt.date):
        self.s = session
        self.rng = rng
        self.today = today
        self.teg = session.exec(select(Body).where(Body.code == TEG_CODE)).one()
        self.tor = session.exec(select(TorVersion).where(TorVersion.body_id == self.teg.id)
                                .order_by(TorVersion.version)).first()
        if self.tor is None:
            raise UserError("The database has no terms of reference for the TEG; reference data is missing.")
        self.members = {m.iso2: m for m in session.exec(select(MemberState).order_by(MemberState.iso2))}
        self.codes = [c.code for c in session.exec(select(BspCode).order_by(BspCode.code))]
        self.thematic = [c for c in self.codes if c.startswith("TA")]
        self.zh = Locale.parse("zh_Hans_CN")
        self.experts: list[Expert] = []
        self.expert_member: dict[uuid.UUID, MemberState] = {}
        self.terms: list[Term] = []
        self.used_names: set[tuple[str, str]] = set()
        self.objects: dict[str, int] = {}
        self.pending: dict[type, list[Any]] = {}
        self.doc_numbers: dict[tuple[int, str], int] = {}

    # -- helpers ----------------------------------------------------------------------
    def _date_between(self, start: dt.date, end: dt.date) -> dt.date:
        return start + dt.timedelta(days=self.rng.randint(0, max(0, (end - start).days)))

    def _add(self, *objs: Any) -> None:
        for obj in objs:
            self.pending.setdefault(type(obj), []).append(obj)

    def write(self) -> None:
        """Insert table by table, parents first: the unit of work does not order rows by
        foreign keys where no relationship is declared, and SQLite checks them at once."""
        assert set(self.pending) <= set(_INSERT_ORDER), set(self.pending) - set(_INSERT_ORDER)
        for cls in _INSERT_ORDER:
            rows = self.pending.get(cls, [])
            if rows:
                self.s.add_all(rows)
                self.s.flush()
            self.objects[cls.__name__] = len(rows)

    def counts(self) -> dict[str, int]:
        serving = {t.expert_id for t in self.terms if t.start_date <= self.today <= last_day(t)}
        members = {t.member_id for t in self.terms if t.start_date <= self.today <= last_day(t)}
        o = self.objects
        return {
            "experts": o.get("Expert", 0), "serving_experts": len(serving), "members_with_experts": len(members),
            "terms": o.get("Term", 0), "office_holdings": o.get("OfficeHolding", 0), "meetings": o.get("Meeting", 0),
            "agenda_items": o.get("AgendaItem", 0), "documents": o.get("Document", 0),
            "participants": o.get("Participant", 0), "organisations": o.get("Organisation", 0),
            "activities": o.get("Activity", 0), "requests": o.get("AssistanceRequest", 0),
            "request_events": o.get("RequestEvent", 0),
        }

    def country_zh(self, member: MemberState) -> str:
        special = {"HK": "中国香港", "MO": "中国澳门"}
        return special.get(member.iso2) or self.zh.territories.get(member.iso2, member.name_en)

    # -- the whole ----------------------------------------------------------------------
    def build(self) -> None:
        self.organisations()
        self.teg1 = self.first_meeting()
        self.roster()
        self.bureau()
        self.teg1_agenda_and_participants()
        self.teg2 = self.second_meeting()
        self.activities()
        self.requests()
        self.write()

    # -- organisations ------------------------------------------------------------------
    def organisations(self) -> None:
        self.orgs: dict[str, Organisation] = {}
        for acronym, name, ref, kind, country in _ORGANISATIONS:
            org = Organisation(name=name, acronym=acronym, iati_ref=ref, iati_type=kind, country_iso2=country)
            self.orgs[acronym] = org
            self._add(org)

    # -- roster -------------------------------------------------------------------------
    def new_expert(self, member: MemberState) -> Expert:
        culture_key, _seats, ministry, institute, phone_code = _MEMBERS[member.iso2]
        culture = _CULTURES[culture_key]
        rng = self.rng
        for _attempt in range(50):
            female = rng.random() < 0.5
            given_entry = rng.choice(culture["female" if female else "male"])
            given, given_native = _split(given_entry)
            if culture.get("single"):
                family, family_native, given, given_native = given, None, "", None
            else:
                family_latin, family_native = _split(rng.choice(culture["family"]))
                family = _gendered(family_latin, female)
                family_native = _gendered(family_native, female) if family_native else None
            if (family, given) not in self.used_names:
                break
        self.used_names.add((family, given))
        notes = ""
        if culture.get("label") and family_native and given_native:
            order = culture["order"]
            native = {"fg": family_native + given_native, "g f": f"{given_native} {family_native}",
                      "f g": f"{family_native} {given_native}"}[order]
            notes = f"Name in {culture['label']}: {native}"
        academic = institute is not None and rng.random() < 0.25
        organization = institute if academic else ministry
        honorific = "Dr." if (academic and rng.random() < 0.8) or rng.random() < 0.15 else ("Ms." if female else "Mr.")
        title = rng.choice(_ACADEMIC_TITLES if academic else _MINISTRY_TITLES)
        local = ".".join(_slug(part) for part in (given, family) if part)
        email = f"{local}@{_initials(organization)}.{member.iso2.lower()}.example"
        phone = f"+{phone_code} {rng.randint(10, 99)} {rng.randint(100, 999)} {rng.randint(1000, 9999)}"
        areas = sorted(set(rng.sample(self.thematic, rng.randint(1, 2))
                           + ([rng.choice(_CROSS_CUTTING)] if rng.random() < 0.5 else [])))
        expert = Expert(family_name=family, given_names=given, honorific=honorific, title=title,
                        organization=organization, email=email, phone=phone,
                        gender="female" if female else "male", areas=areas, notes=notes)
        self.experts.append(expert)
        self.expert_member[expert.id] = member
        self._add(expert)
        return expert

    def new_term(self, expert: Expert, member: MemberState, start: dt.date, number: int, *,
                 extends: Term | None = None, replaces: Term | None = None) -> Term:
        nominated = max(NOMINATIONS_CALLED, start - dt.timedelta(days=self.rng.randint(14, 45)))
        if start == TEG1_START:
            nominated = self._date_between(NOMINATIONS_CALLED, TEG1_START - dt.timedelta(days=7))
        seq = sum(1 for t in self.terms if t.member_id == member.id) + 1
        term = Term(expert_id=expert.id, body_id=self.teg.id, member_id=member.id, tor_version_id=self.tor.id,
                    start_date=start, end_date=term_end_for(start, self.tor.term_years), term_number=number,
                    status=TermStatus.SERVING, nomination_ref=f"{member.iso3}/NV/{nominated.year}/{seq:03d}",
                    nomination_date=nominated, extends_term_id=extends.id if extends else None,
                    replaces_term_id=replaces.id if replaces else None)
        self.terms.append(term)
        self._add(term)
        return term

    def roster(self) -> None:
        rng = self.rng
        seats: list[_Seat] = []
        late = [dt.date(2023, 6, 1), dt.date(2023, 9, 15), dt.date(2024, 1, 15), dt.date(2024, 5, 1),
                dt.date(2024, 10, 1), dt.date(2025, 2, 1), dt.date(2025, 7, 1)]
        for iso2, (_culture, count, *_rest) in _MEMBERS.items():
            for n in range(count):
                # Most seats were filled for the first meeting; some second seats and some members later.
                first = TEG1_START if (n == 0 and rng.random() < 0.85) or (n == 1 and rng.random() < 0.5) \
                    else rng.choice(late)
                seats.append(_Seat(self.members[iso2], first))
        # Chair and Vice-Chair (R5): experts of two different members, serving at the first meeting.
        at_first = [s for s in seats if s.first_start == TEG1_START]
        chair_seat = rng.choice([s for s in at_first if s.member.iso2 in {"TH", "FJ", "IN", "ID", "MN", "PH"}])
        vice_seat = rng.choice([s for s in at_first if s.member.iso2 != chair_seat.member.iso2])
        chair_seat.keep = vice_seat.keep = True
        self.officer_seats = (chair_seat, vice_seat)
        self.seat_first_expert: dict[int, Expert] = {}
        for seat in seats:
            self.seat_first_expert[id(seat)] = self.fill_seat(seat)
        assert max(t.term_number for t in self.terms) <= self.tor.max_consecutive_terms

    def fill_seat(self, seat: _Seat) -> Expert:
        """The terms of one seat, from its first nomination to today; returns its first expert."""
        rng, today, member = self.rng, self.today, seat.member
        start = seat.first_start
        first = expert = self.new_expert(member)
        number, previous, replaced = 1, None, None
        while start <= today:
            if expert is None:  # the member nominates someone new
                expert = self.new_expert(member)
            term = self.new_term(expert, member, start, number,
                                 extends=previous if number > 1 else None, replaces=replaced)
            replaced = None
            # Withdrawn during the term: mostly replaced at once, sometimes the seat stays empty for a while.
            if not seat.keep and rng.random() < 0.08:
                last = start + dt.timedelta(days=rng.randint(150, 900))
                if last < min(today, term.end_date):
                    term.ended_on = last
                    if rng.random() < 0.75:
                        term.status = TermStatus.REPLACED
                        start, replaced = last + ONE_DAY, term
                    else:
                        term.status = TermStatus.WITHDRAWN
                        start = last + dt.timedelta(days=rng.randint(60, 200))
                    expert, number, previous = None, 1, None
                    continue
            if term.end_date >= today:
                break  # serving
            term.status = TermStatus.ENDED
            roll = rng.random()
            if number < self.tor.max_consecutive_terms and (seat.keep or roll < 0.7):
                start, number, previous = term.end_date + ONE_DAY, number + 1, term  # a consecutive term
            elif roll < 0.96:
                start = term.end_date + dt.timedelta(days=1 if rng.random() < 0.6 else rng.randint(20, 90))
                expert, number, previous = None, 1, None
            else:
                break  # the member has not nominated anyone since
        return first

    def serving_on(self, day: dt.date) -> list[Term]:
        return [t for t in self.terms if t.start_date <= day <= last_day(t)]

    def bureau(self) -> None:
        start = TEG1_START
        end = term_end_for(start, self.tor.office_term_years)
        self.officers: list[OfficeHolding] = []
        for office, seat in zip(("chair", "vice_chair"), self.officer_seats, strict=True):
            holding = OfficeHolding(body_id=self.teg.id, office=office, expert_id=self.seat_first_expert[id(seat)].id,
                                    elected_at_meeting_id=self.teg1.id, tor_version_id=self.tor.id,
                                    start_date=start, end_date=end)
            self.officers.append(holding)
            self._add(holding)

    # -- meetings -------------------------------------------------------------------------
    def first_meeting(self) -> Meeting:
        meeting = Meeting(body_id=self.teg.id, number=1, title="First meeting of the Technical Expert Group on "
                          "Environment and Development", start_date=TEG1_START, end_date=TEG1_END, venue=VENUE,
                          mode=MeetingMode.HYBRID, languages=["en"], status=MeetingStatus.HELD,
                          nominations_called_on=NOMINATIONS_CALLED, nomination_deadline=dt.date(2023, 3, 7),
                          registration_deadline=dt.date(2023, 3, 7), contact=CONTACT,
                          notes="Held in hybrid format; the Chair and the Vice-Chair were elected under item 1 (b).")
        self._add(meeting)
        return meeting

    def add_agenda(self, meeting: Meeting, items: list[tuple[str, str, str, list[tuple[str, str, str]]]]
                   ) -> dict[str, AgendaItem]:
        """Add items (kind, title, annotation, sub-items); returns them by title."""
        by_title: dict[str, AgendaItem] = {}
        for position, (kind, title, annotation, subs) in enumerate(items, start=1):
            item = AgendaItem(meeting_id=meeting.id, position=position, kind=kind, title=title, annotation=annotation)
            self._add(item)
            by_title[title] = item
            for sub_position, (sub_kind, sub_title, sub_annotation) in enumerate(subs, start=1):
                sub = AgendaItem(meeting_id=meeting.id, parent_id=item.id, position=sub_position, kind=sub_kind,
                                 title=sub_title, annotation=sub_annotation)
                self._add(sub)
                by_title[sub_title] = sub
        return by_title

    def reserve_number(self, year: int, series: str) -> tuple[int, str]:
        """The next number of a series in a year, and its symbol (the body's symbol scheme)."""
        number = self.doc_numbers.get((year, series), 0) + 1
        self.doc_numbers[(year, series)] = number
        symbol = self.teg.symbol_pattern.format(prefix=self.teg.symbol_prefix, year=year, series=series,
                                                number=number)
        return number, symbol

    def add_document(self, meeting: Meeting, series: str, number: int, title: str, issued: dt.date | None,
                     items: list[AgendaItem]) -> Document:
        year = meeting.start_date.year
        symbol = self.teg.symbol_pattern.format(prefix=self.teg.symbol_prefix, year=year, series=series,
                                                number=number)
        doc = Document(body_id=self.teg.id, meeting_id=meeting.id, symbol=symbol, series=series, number=number,
                       year=year, title=title, languages=["en"], original_language="en",
                       distribution="limited" if series == DocumentSeries.LIMITED else "general", issued_on=issued)
        self._add(doc)
        for item in items:
            self._add(AgendaItemDocument(agenda_item_id=item.id, document_id=doc.id))
        return doc

    def teg1_agenda_and_participants(self) -> None:
        meeting = self.teg1
        items = self.add_agenda(meeting, [
            (AgendaItemKind.OPENING, "Opening of the meeting", "", [
                (AgendaItemKind.OPENING, "Opening statements",
                 "The meeting will be opened by a representative of the secretariat."),
                (AgendaItemKind.ELECTION, "Election of officers",
                 "In accordance with paragraph 7 of its terms of reference, the Expert Group will elect a Chair and "
                 "a Vice-Chair from among its members, for a term of three years."),
            ]),
            (AgendaItemKind.ADOPTION_OF_AGENDA, "Adoption of the agenda",
             "The Expert Group may wish to adopt the provisional agenda.", []),
            (AgendaItemKind.SUBSTANTIVE, "Terms of reference and working arrangements of the Expert Group",
             "The Expert Group may wish to take note of its terms of reference and to agree on its working "
             "arrangements, including the frequency of its meetings.", []),
            (AgendaItemKind.SUBSTANTIVE, "Priority areas for technology support and capacity-building under the Bali "
             "Strategic Plan",
             "The Expert Group may wish to identify priority thematic areas for its work.", []),
            (AgendaItemKind.OTHER_MATTERS, "Other matters",
             "The Expert Group may wish to consider other matters brought to its attention.", []),
            (AgendaItemKind.ADOPTION_OF_REPORT, "Adoption of the report",
             "The Expert Group may wish to adopt the report of its first meeting.", []),
        ])
        issued = NOMINATIONS_CALLED
        year = meeting.start_date.year
        agenda_doc = self.add_document(meeting, DocumentSeries.LIMITED,
                                       self.reserve_number(year, DocumentSeries.LIMITED)[0], "Provisional agenda",
                                       issued, [items["Adoption of the agenda"]])
        tor_doc = self.add_document(meeting, DocumentSeries.REGULAR,
                                    self.reserve_number(year, DocumentSeries.REGULAR)[0],
                                    "Terms of reference of the Technical Expert Group on Environment and Development",
                                    issued, [items["Terms of reference and working arrangements of the Expert Group"]])
        # R8: the documents went to every member and associate member.
        for doc in (agenda_doc, tor_doc):
            for member in self.members.values():
                self._add(DocumentDistribution(document_id=doc.id, member_id=member.id, sent_on=issued))

        rng = self.rng
        serving = self.serving_on(TEG1_START)
        officer_ids = {h.expert_id for h in self.officers}
        attending = [t for t in serving if t.expert_id in officer_ids or rng.random() < 0.75]
        experts = {e.id: e for e in self.experts}
        for term in attending:
            member = self.expert_member[term.expert_id]
            funded = member.iso2 in _FUNDED
            requested = rng.randrange(1800_00, 3200_00, 100) if funded else None
            approved = (requested if rng.random() < 0.7 else requested - rng.randrange(200_00, 600_00, 100)) \
                if requested else None
            self._add(Participant(meeting_id=meeting.id, role=ParticipantRole.EXPERT, expert_id=term.expert_id,
                                  member_id=member.id, registered_on=self._date_between(dt.date(2023, 2, 24),
                                                                                         dt.date(2023, 3, 7)),
                                  attended=True, funding_requested=requested, funding_approved=approved,
                                  currency="USD" if funded else None,
                                  affiliation=experts[term.expert_id].organization))
        korea = self.members["KR"]
        self._add(
            Participant(meeting_id=meeting.id, role=ParticipantRole.THEMATIC_REPRESENTATIVE, member_id=korea.id,
                        honorific="Ms.", family_name="Han", given_names="Seo-yeon",
                        affiliation="National Institute of Environmental Research, Republic of Korea",
                        email="seoyeon.han@nier.kr.example", topic="Air quality monitoring networks",
                        registered_on=dt.date(2023, 3, 2), attended=True),
            Participant(meeting_id=meeting.id, role=ParticipantRole.OBSERVER, organisation_id=self.orgs["UNEP"].id,
                        honorific="Mr.", family_name="Okafor", given_names="Daniel",
                        affiliation="UNEP Regional Office for Asia and the Pacific", email="daniel.okafor@unep.example",
                        registered_on=dt.date(2023, 3, 1), attended=True),
            Participant(meeting_id=meeting.id, role=ParticipantRole.OBSERVER, organisation_id=self.orgs["APRSCP"].id,
                        honorific="Ms.", family_name="Fernandes", given_names="Rita",
                        affiliation="Asia Pacific Roundtable for Sustainable Consumption and Production",
                        email="rita.fernandes@aprscp.example", registered_on=dt.date(2023, 3, 3), attended=False),
        )
        for honorific, family, given, post in (("Ms.", "Lindqvist", "Anna", "Environmental Affairs Officer"),
                                               ("Mr.", "Rahimi", "Kaveh", "Sustainable Development Officer"),
                                               ("Ms.", "Pongsiri", "Nattaya", "Programme Management Assistant")):
            self._add(Participant(meeting_id=meeting.id, role=ParticipantRole.SECRETARIAT, honorific=honorific,
                                  family_name=family, given_names=given, affiliation=f"{post}, {SECRETARIAT}",
                                  email=f"{given.lower()}.{family.lower()}@un.example", attended=True))

    def second_meeting(self) -> Meeting:
        # A few months ahead, on a Tuesday and Wednesday.
        start = self.today + dt.timedelta(days=100)
        start += dt.timedelta(days=(1 - start.weekday()) % 7)
        end = start + ONE_DAY
        year = start.year
        meeting = Meeting(body_id=self.teg.id, number=2, title="Second meeting of the Technical Expert Group on "
                          "Environment and Development", start_date=start, end_date=end, venue=VENUE,
                          mode=MeetingMode.HYBRID, languages=["en"], status=MeetingStatus.PLANNED,
                          registration_deadline=start - dt.timedelta(days=21), contact=CONTACT)
        self._add(meeting)
        agenda_number, agenda_symbol = self.reserve_number(year, DocumentSeries.LIMITED)
        paper_number, paper_symbol = self.reserve_number(year, DocumentSeries.REGULAR)
        offices_end = max(office_last_day(h) for h in self.officers)
        election_due = offices_end < end
        opening: list[tuple[str, str, str]] = [
            (AgendaItemKind.OPENING, "Opening statements",
             "The meeting will be opened by a representative of the secretariat."),
        ]
        if election_due:
            opening.append((AgendaItemKind.ELECTION, "Election of officers",
                            f"The terms of office of the Chair and the Vice-Chair elected at the first meeting ended "
                            f"on {format_date(offices_end, 'd MMMM y', locale='en_GB')}. In accordance with paragraph 7 of its terms "
                            "of reference, the Expert Group may wish to elect a Chair and a Vice-Chair from among its "
                            "members, for a term of three years."))
        substantive_bsp = ("Capacity-building activities and requests for technical assistance under the Bali "
                           "Strategic Plan")
        items = self.add_agenda(meeting, [
            (AgendaItemKind.OPENING, "Opening of the meeting", "", opening),
            (AgendaItemKind.ADOPTION_OF_AGENDA, "Adoption of the agenda",
             f"The Expert Group may wish to adopt its agenda, as contained in document {agenda_symbol}.", []),
            (AgendaItemKind.SUBSTANTIVE, "Review of the work of the Expert Group since its first meeting",
             "The Expert Group may wish to review the progress made since its first meeting and to provide guidance "
             "to the secretariat.", []),
            (AgendaItemKind.SUBSTANTIVE, substantive_bsp,
             f"The Expert Group will have before it document {paper_symbol}, which presents the activities recorded "
             "in the capacity-building database and the requests received and handled by the secretariat. The "
             "Expert Group may wish to comment on gaps and to recommend priorities.", []),
            (AgendaItemKind.SUBSTANTIVE, f"Work plan of the Expert Group for {year}–{year + 1}",
             "The Expert Group may wish to set priority outputs and activities for each thematic area, with clear "
             "results and timelines, and to adopt a work plan.", []),
            (AgendaItemKind.OTHER_MATTERS, "Other matters",
             "The Expert Group may wish to consider other matters brought to its attention.", []),
            (AgendaItemKind.ADOPTION_OF_REPORT, "Adoption of the report",
             "The Expert Group may wish to adopt the report of its second meeting.", []),
        ])
        self.add_document(meeting, DocumentSeries.LIMITED, agenda_number, "Provisional agenda", None,
                          [items["Adoption of the agenda"]])
        self.add_document(meeting, DocumentSeries.REGULAR, paper_number,
                          f"Capacity-building under the Bali Strategic Plan: activities and requests for technical "
                          f"assistance, {min(2019, year - 1)}–{year - 1}", None, [items[substantive_bsp]])
        return meeting

    # -- activities ---------------------------------------------------------------------------
    def activities(self) -> None:
        rng, today = self.rng, self.today
        recipients_pool = [m for m in self.members.values() if m.iso2 not in _NOT_RECIPIENTS]
        by_subregion: dict[str, list[MemberState]] = {}
        for m in recipients_pool:
            by_subregion.setdefault(m.subregion, []).append(m)
        kinds = [k for k in _KINDS for _ in range(k[6])]
        drafts: list[dict[str, Any]] = []
        for _ in range(ACTIVITY_COUNT):
            kind, en, zh, level, (dmin, dmax), training, _w = rng.choice(kinds)
            code, topic, topic_zh, agreements = rng.choice(_TOPICS)
            members: list[MemberState] = []
            region: str | None = None
            subregion = None
            if level == Level.NATIONAL:
                members = [rng.choice(recipients_pool)]
            elif level == Level.SUBREGIONAL:
                subregion = rng.choice(sorted(by_subregion))
                pool = by_subregion[subregion]
                members = rng.sample(pool, 2 if kind == "south_south" else min(len(pool), rng.randint(2, 5)))
            elif level == Level.REGIONAL:
                if rng.random() < 0.5:
                    region = _REGION_ASIA if rng.random() < 0.8 else _REGION_OCEANIA
                else:
                    members = rng.sample(recipients_pool, rng.randint(3, 6))
            else:
                region = _REGION_DEVELOPING
            names = [_with_article(m.name_en) for m in members]
            title = en.format(topic=topic, country=names[0] if names else "",
                              subregion=_with_article(subregion or "") if subregion != "Pacific" else "the Pacific",
                              countries=" and ".join(names[:2]))
            start = self._date_between(dt.date(2019, 1, 7), max(dt.date(2026, 12, 15), today + dt.timedelta(days=200)))
            drafts.append({"kind": kind, "title": title, "zh": zh, "level": level, "dur": (dmin, dmax),
                           "training": training, "code": code, "topic": topic, "topic_zh": topic_zh,
                           "agreements": agreements, "members": members, "region": region,
                           "subregion": subregion, "start": start})
        drafts.sort(key=lambda d: d["start"])
        self.activity_list: list[tuple[Activity, list[MemberState], list[str]]] = []
        for n, d in enumerate(drafts, start=1):
            self.activity_list.append(self.add_activity(n, d))

    def add_activity(self, n: int, d: dict[str, Any]) -> tuple[Activity, list[MemberState], list[str]]:
        rng, today = self.rng, self.today
        members: list[MemberState] = d["members"]
        start: dt.date = d["start"]
        dmin, dmax = d["dur"]
        duration = rng.randint(dmin, dmax)
        planned_end = start + dt.timedelta(days=duration - 1)
        long = dmax > 100
        budget = round(rng.uniform(150_000, 2_500_000) if long else rng.uniform(15_000, 120_000), -2) * 100
        budget = int(budget)
        status, actual_start, actual_end, cost = "1", None, None, None
        roll = rng.random()
        if roll < 0.03:
            status = "5"  # cancelled
        elif start <= today:
            actual_start = min(today, start + dt.timedelta(days=rng.choice([0, 0, 0, 1, 7, 14])))
            finish = actual_start + dt.timedelta(days=duration - 1)
            if long and roll > 0.97:
                status = "6"  # suspended
                cost = int(budget * rng.uniform(0.2, 0.5))
            elif finish < today - dt.timedelta(days=90):
                status, actual_end, cost = "4", finish, int(budget * rng.uniform(0.82, 1.03))
            elif finish < today:
                status, actual_end, cost = "3", finish, int(budget * rng.uniform(0.8, 1.0))
            else:
                status = "2"
                elapsed = (today - actual_start).days / max(1, duration)
                cost = int(budget * elapsed * rng.uniform(0.8, 1.05))
        trained_women = trained_men = None
        results = assessment = ""
        assessment_date = None
        if d["training"] and status in {"2", "3", "4"}:
            total = rng.randint(40, 320) if long or d["kind"] == "elearning" else rng.randint(15, 60)
            if status == "2":
                total = max(5, int(total * rng.uniform(0.2, 0.7)))
            trained_women = round(total * rng.uniform(0.3, 0.62))
            trained_men = total - trained_women
        if status == "4":
            if trained_women is not None:
                results = rng.choice(_RESULTS).format(trained=trained_women + trained_men, women=trained_women)
            else:
                results = "Recommendations and a summary of the discussions issued to participating Governments."
            if d["level"] == Level.NATIONAL and rng.random() < 0.5:
                day = actual_end + dt.timedelta(days=rng.randint(30, 120))
                if day <= today:
                    assessment = rng.choice(_ASSESSMENTS).format(country=_with_article(members[0].name_en))
                    assessment_date = day
        titles: dict[str, str] = {}
        zh_wanted = any(m.iso2 in {"CN", "MN", "KH", "LA", "MM"} for m in members) or not members
        if zh_wanted and rng.random() < 0.6 or rng.random() < 0.1:
            countries_zh = [self.country_zh(m) for m in members]
            titles["zh"] = d["zh"].format(topic=d["topic_zh"], country=countries_zh[0] if countries_zh else "",
                                          subregion=_SUBREGIONS_ZH.get(d["subregion"] or "", ""),
                                          countries="和".join(countries_zh[:2]))
        codes = [d["code"]]
        for extra in rng.sample(_CROSS_CUTTING, rng.choice([0, 1, 1, 2])):
            if extra not in codes:
                codes.append(extra)
        if d["code"].startswith("CC"):
            codes.append(rng.choice(self.thematic))
        description = (f"{d['title']}. Organized under the Bali Strategic Plan for Technology Support and "
                       f"Capacity-building to strengthen capacity on {d['topic']}.")
        activity = Activity(
            iati_identifier=f"{ESCAP_IATI_REF}-BSP-{n:04d}", reporting_org_id=self.orgs["ESCAP"].id,
            title=d["title"], titles=titles, description=description, level=d["level"],
            south_south=d["kind"] == "south_south", status=status, planned_start=start, planned_end=planned_end,
            actual_start=actual_start, actual_end=actual_end, currency="USD", budget=budget, cost=cost,
            trained_women=trained_women, trained_men=trained_men, results=results, assessment=assessment,
            assessment_date=assessment_date, agreements=list(d["agreements"]))
        self._add(activity)
        if members:
            for member, share in zip(members, _shares(rng, len(members)), strict=True):
                self._add(ActivityRecipient(activity_id=activity.id, member_id=member.id, percentage=float(share)))
        else:
            self._add(ActivityRecipient(activity_id=activity.id, region_code=d["region"], percentage=100.0))
        for code in codes:
            self._add(ActivityBspCode(activity_id=activity.id, code=code))
        roles: set[tuple[str, str]] = {("ESCAP", "2")}
        for funder in rng.sample(_FUNDERS, rng.choice([1, 1, 2])):
            roles.add((funder, "1"))
        implementers = [o for o in _IMPLEMENTERS if o != "USP" or any(m.subregion == "Pacific" for m in members)]
        for implementer in rng.sample(implementers, rng.choice([1, 1, 2])):
            roles.add((implementer, "4"))
        for acronym, role in sorted(roles):
            self._add(ActivityOrganisation(activity_id=activity.id, organisation_id=self.orgs[acronym].id, role=role))
        return activity, members, codes

    # -- requests -------------------------------------------------------------------------------
    def requests(self) -> None:
        rng, today = self.rng, self.today
        pool = [m for m in self.members.values() if m.iso2 not in _NOT_RECIPIENTS]
        statuses = list(_REQUEST_STATUSES)
        rng.shuffle(statuses)
        drafts = []
        for final in statuses:
            events = self.request_history(final)
            total = events[-1][1]
            if final in _CLOSED:
                latest = today - dt.timedelta(days=10 + total)
                received = self._date_between(min(latest, dt.date(2023, 1, 16)), latest)
            else:
                received = today - dt.timedelta(days=total + rng.randint(1, 45))
            drafts.append((received, final, events))
        drafts.sort(key=lambda d: d[0])
        per_year: dict[int, int] = {}
        national = [(a, ms, codes) for a, ms, codes in self.activity_list if len(ms) == 1]
        for received, final, events in drafts:
            member = rng.choice(pool)
            subject, codes = rng.choice(_REQUEST_SUBJECTS)
            per_year[received.year] = per_year.get(received.year, 0) + 1
            ministry = _MEMBERS[member.iso2][2] if member.iso2 in _MEMBERS else "Ministry of Environment"
            focal = SECRETARIAT if rng.random() < 0.4 else _SUBREGIONAL_OFFICES.get(member.subregion, SECRETARIAT)
            last_event = received + dt.timedelta(days=events[-1][1])
            request = AssistanceRequest(
                reference=f"BSP/REQ/{received.year}/{per_year[received.year]:03d}", member_id=member.id,
                requesting_body=ministry, received_on=received, channel=rng.choice(_CHANNELS), subject=subject,
                focal_point=focal, status=final, closed_on=last_event if final in _CLOSED else None)
            self._add(request)
            for status, offset, note in events:
                note = note.format(focal=focal, member=_with_article(member.name_en))
                self._add(RequestEvent(request_id=request.id, status=status,
                                       on=received + dt.timedelta(days=offset), note=note))
            for code in codes:
                self._add(RequestBspCode(request_id=request.id, code=code))
            reached = {status for status, _o, _n in events}
            if RequestStatus.IN_PROGRESS in reached and final != RequestStatus.WITHDRAWN:
                candidates = [a for a, ms, _c in national if ms[0].id == member.id and a.planned_start
                              and a.planned_start >= received]
                if candidates:
                    self._add(RequestActivity(request_id=request.id, activity_id=candidates[0].id))
            if RequestStatus.ASSIGNED in reached and rng.random() < 0.6:
                serving = {t.expert_id for t in self.serving_on(received)}
                experts = [e for e in self.experts if e.id in serving and set(e.areas) & set(codes)] or \
                    [e for e in self.experts if e.id in serving]
                if experts:
                    self._add(RequestExpert(request_id=request.id, expert_id=rng.choice(experts).id))

    def request_history(self, final: str) -> list[tuple[str, int, str]]:
        """The dated events (status, days after receipt, note) leading to ``final``."""
        rng = self.rng
        events = [(RequestStatus.RECEIVED, 0, "Request received from {member}.")]
        day = 0

        def step(status: str, lo: int, hi: int, note: str) -> None:
            nonlocal day
            day += rng.randint(lo, hi)
            events.append((status, day, note))

        if final == RequestStatus.RECEIVED:
            return events
        if final == RequestStatus.DECLINED:
            if rng.random() < 0.5:
                step(RequestStatus.ASSIGNED, 3, 15, "Assigned to the {focal}.")
            step(RequestStatus.DECLINED, 10, 40, rng.choice([
                "Declined: outside the scope of the Bali Strategic Plan; the Government was referred to UNEP.",
                "Declined: no resources available in the current biennium; to be reconsidered next year."]))
            return events
        if final == RequestStatus.WITHDRAWN:
            reach = rng.choice([0, 1, 2])
            if reach >= 1:
                step(RequestStatus.ASSIGNED, 3, 15, "Assigned to the {focal}.")
            if reach >= 2:
                step(RequestStatus.IN_PROGRESS, 7, 40, "Scoping mission agreed with the requesting ministry.")
            step(RequestStatus.WITHDRAWN, 10, 60,
                 "Withdrawn by the requesting Government: the need is met by a bilateral project.")
            return events
        step(RequestStatus.ASSIGNED, 3, 15, "Assigned to the {focal}.")
        if final == RequestStatus.ASSIGNED:
            return events
        step(RequestStatus.IN_PROGRESS, 7, 40, "Work started; an expert mission is being prepared.")
        if final == RequestStatus.IN_PROGRESS:
            return events
        step(RequestStatus.ANSWERED, 30, 160, "Assistance delivered; final report sent to the requesting ministry.")
        return events


_INSERT_ORDER: list[type] = [
    Organisation, Expert, Meeting, Term, OfficeHolding, AgendaItem, Document, AgendaItemDocument,
    DocumentDistribution, Participant, Activity, ActivityRecipient, ActivityBspCode, ActivityOrganisation,
    AssistanceRequest, RequestEvent, RequestBspCode, RequestActivity, RequestExpert,
]
