"""Invented people: names by culture (with native scripts), job titles, and helpers for
names, e-mail addresses and country names in running text."""

from __future__ import annotations

import unicodedata
from typing import Any

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


def invented_name(culture: dict[str, Any], rng: Any) -> tuple[bool, str, str | None, str, str | None]:
    """An invented person of ``culture``, drawn with ``rng`` (a ``random.Random``): whether female,
    the family name and its own script's form, the given names and theirs (a single-name
    culture has the name as family name and no given names)."""
    female = rng.random() < 0.5
    given, given_native = _split(rng.choice(culture["female" if female else "male"]))
    if culture.get("single"):
        return female, given, None, "", None
    family_latin, family_native = _split(rng.choice(culture["family"]))
    return (female, _gendered(family_latin, female), _gendered(family_native, female) if family_native else None,
            given, given_native)


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
