"""The members' seats in the demonstration: culture of their experts' names, ministry, institute,
telephone code; which members' experts are funded, and which members receive capacity-building."""

from __future__ import annotations

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
