"""Reference data for the demo company: sites, people's names and languages by country.

Plain Python data, no Django. Names are romanised so generated emails stay ASCII.
Skills, job families and the org chart live in `taxonomy.py`.
"""

from __future__ import annotations

from typing import NamedTuple

# Every demo address lives under the reserved .test domain, so no mail can ever leave.
DEMO_DOMAIN = "demo.belong.test"


class SiteSpec(NamedTuple):
    city: str
    country: str
    country_code: str
    timezone: str  # IANA name
    weight: int  # relative headcount


# ~60 real cities in 22 countries, with the time zone each city keeps.
SITES: tuple[SiteSpec, ...] = (
    SiteSpec("New York", "United States", "US", "America/New_York", 60),
    SiteSpec("San Francisco", "United States", "US", "America/Los_Angeles", 55),
    SiteSpec("Seattle", "United States", "US", "America/Los_Angeles", 35),
    SiteSpec("Austin", "United States", "US", "America/Chicago", 30),
    SiteSpec("Chicago", "United States", "US", "America/Chicago", 25),
    SiteSpec("Boston", "United States", "US", "America/New_York", 20),
    SiteSpec("Denver", "United States", "US", "America/Denver", 15),
    SiteSpec("Atlanta", "United States", "US", "America/New_York", 15),
    SiteSpec("Raleigh", "United States", "US", "America/New_York", 10),
    SiteSpec("Phoenix", "United States", "US", "America/Phoenix", 10),
    SiteSpec("Minneapolis", "United States", "US", "America/Chicago", 8),
    SiteSpec("Toronto", "Canada", "CA", "America/Toronto", 25),
    SiteSpec("Vancouver", "Canada", "CA", "America/Vancouver", 15),
    SiteSpec("Montreal", "Canada", "CA", "America/Toronto", 10),
    SiteSpec("Mexico City", "Mexico", "MX", "America/Mexico_City", 20),
    SiteSpec("Guadalajara", "Mexico", "MX", "America/Mexico_City", 10),
    SiteSpec("São Paulo", "Brazil", "BR", "America/Sao_Paulo", 25),
    SiteSpec("Rio de Janeiro", "Brazil", "BR", "America/Sao_Paulo", 10),
    SiteSpec("Belo Horizonte", "Brazil", "BR", "America/Sao_Paulo", 6),
    SiteSpec("Buenos Aires", "Argentina", "AR", "America/Argentina/Buenos_Aires", 15),
    SiteSpec("Córdoba", "Argentina", "AR", "America/Argentina/Cordoba", 5),
    SiteSpec("London", "United Kingdom", "GB", "Europe/London", 45),
    SiteSpec("Manchester", "United Kingdom", "GB", "Europe/London", 12),
    SiteSpec("Edinburgh", "United Kingdom", "GB", "Europe/London", 8),
    SiteSpec("Dublin", "Ireland", "IE", "Europe/Dublin", 25),
    SiteSpec("Cork", "Ireland", "IE", "Europe/Dublin", 6),
    SiteSpec("Paris", "France", "FR", "Europe/Paris", 25),
    SiteSpec("Lyon", "France", "FR", "Europe/Paris", 8),
    SiteSpec("Toulouse", "France", "FR", "Europe/Paris", 5),
    SiteSpec("Berlin", "Germany", "DE", "Europe/Berlin", 25),
    SiteSpec("Munich", "Germany", "DE", "Europe/Berlin", 15),
    SiteSpec("Hamburg", "Germany", "DE", "Europe/Berlin", 8),
    SiteSpec("Frankfurt", "Germany", "DE", "Europe/Berlin", 8),
    SiteSpec("Amsterdam", "Netherlands", "NL", "Europe/Amsterdam", 20),
    SiteSpec("Eindhoven", "Netherlands", "NL", "Europe/Amsterdam", 5),
    SiteSpec("Madrid", "Spain", "ES", "Europe/Madrid", 15),
    SiteSpec("Barcelona", "Spain", "ES", "Europe/Madrid", 15),
    SiteSpec("Lisbon", "Portugal", "PT", "Europe/Lisbon", 12),
    SiteSpec("Porto", "Portugal", "PT", "Europe/Lisbon", 6),
    SiteSpec("Warsaw", "Poland", "PL", "Europe/Warsaw", 18),
    SiteSpec("Kraków", "Poland", "PL", "Europe/Warsaw", 12),
    SiteSpec("Wrocław", "Poland", "PL", "Europe/Warsaw", 8),
    SiteSpec("Stockholm", "Sweden", "SE", "Europe/Stockholm", 10),
    SiteSpec("Tel Aviv", "Israel", "IL", "Asia/Jerusalem", 12),
    SiteSpec("Bengaluru", "India", "IN", "Asia/Kolkata", 50),
    SiteSpec("Hyderabad", "India", "IN", "Asia/Kolkata", 30),
    SiteSpec("Pune", "India", "IN", "Asia/Kolkata", 20),
    SiteSpec("Chennai", "India", "IN", "Asia/Kolkata", 15),
    SiteSpec("Gurugram", "India", "IN", "Asia/Kolkata", 15),
    SiteSpec("Singapore", "Singapore", "SG", "Asia/Singapore", 20),
    SiteSpec("Tokyo", "Japan", "JP", "Asia/Tokyo", 20),
    SiteSpec("Osaka", "Japan", "JP", "Asia/Tokyo", 6),
    SiteSpec("Sydney", "Australia", "AU", "Australia/Sydney", 18),
    SiteSpec("Melbourne", "Australia", "AU", "Australia/Melbourne", 12),
    SiteSpec("Brisbane", "Australia", "AU", "Australia/Brisbane", 5),
    SiteSpec("Perth", "Australia", "AU", "Australia/Perth", 4),
    SiteSpec("Manila", "Philippines", "PH", "Asia/Manila", 18),
    SiteSpec("Nairobi", "Kenya", "KE", "Africa/Nairobi", 8),
    SiteSpec("Cape Town", "South Africa", "ZA", "Africa/Johannesburg", 8),
    SiteSpec("Johannesburg", "South Africa", "ZA", "Africa/Johannesburg", 8),
)

# Languages (ISO 639-1, all present in `belong.people.reference.LANGUAGES`) that people
# living in a country usually speak, most common first. English is added separately.
COUNTRY_LANGUAGES: dict[str, tuple[str, ...]] = {
    "US": ("en", "es"),
    "CA": ("en", "fr"),
    "MX": ("es",),
    "BR": ("pt",),
    "AR": ("es",),
    "GB": ("en",),
    "IE": ("en",),
    "FR": ("fr",),
    "DE": ("de",),
    "NL": ("nl",),
    "ES": ("es",),
    "PT": ("pt",),
    "PL": ("pl",),
    "SE": ("sv",),
    "IL": ("he", "ar", "ru"),
    "IN": ("hi", "ta", "te", "bn"),
    "SG": ("zh", "ms", "ta"),
    "JP": ("ja",),
    "AU": ("en",),
    "PH": ("tl",),
    "KE": ("sw",),
    "ZA": ("en",),
}

# A city whose first language differs from its country's first one.
CITY_LANGUAGES: dict[str, tuple[str, ...]] = {
    "Montreal": ("fr",),
    "Chennai": ("ta",),
    "Hyderabad": ("te",),
}

# How likely someone speaks English besides their local languages.
ENGLISH_SHARE: dict[str, float] = {"JP": 0.6, "BR": 0.75, "MX": 0.75, "AR": 0.75, "FR": 0.8}
DEFAULT_ENGLISH_SHARE = 0.9


class NamePool(NamedTuple):
    women: tuple[str, ...]
    men: tuple[str, ...]
    family: tuple[str, ...]


def _pool(women: str, men: str, family: str) -> NamePool:
    return NamePool(tuple(women.split()), tuple(men.split()), tuple(family.split()))


# Given and family names by naming culture. Multi-word family names use a "_" for the space.
NAME_POOLS: dict[str, NamePool] = {
    "anglo": _pool(
        "Emma Olivia Ava Sophia Charlotte Amelia Grace Chloe Emily Hannah Lucy Megan Sarah"
        " Jessica Elizabeth",
        "James William Oliver Jack Thomas Daniel Matthew Ethan Samuel Benjamin Henry Ryan Liam"
        " Noah Alexander",
        "Smith Johnson Williams Brown Jones Taylor Wilson Davies Evans Thomas Roberts Walker"
        " Wright Robinson Thompson White Hughes Edwards Green Hall Wood Harris Clarke Jackson"
        " Murphy Kelly",
    ),
    "african_american": _pool(
        "Aaliyah Imani Jasmine Keisha Nia Ebony Destiny Tiana Zora Kiara",
        "Jamal Darnell Malik Andre Tyrone Marcus Terrence DeShawn Isaiah Xavier",
        "Washington Jefferson Banks Booker Mosley Coleman Freeman Grant Holloway Robinson",
    ),
    "hispanic": _pool(
        "María Lucía Sofía Valentina Camila Isabella Daniela Gabriela Paula Carmen Ana Elena",
        "José Juan Carlos Luis Miguel Javier Diego Alejandro Mateo Santiago Andrés Pablo",
        "García Rodríguez Martínez López Hernández González Pérez Sánchez Ramírez Torres Flores"
        " Rivera Gómez Díaz Morales Castro Ortiz Romero Vargas Ruiz",
    ),
    "portuguese": _pool(
        "Ana Beatriz Mariana Juliana Larissa Fernanda Camila Letícia Inês Rita Joana Leonor",
        "João Pedro Lucas Gabriel Rafael Tiago Bruno Felipe Gustavo Rodrigo Diogo Miguel",
        "Silva Santos Oliveira Souza Pereira Costa Rodrigues Almeida Nascimento Lima Carvalho"
        " Ferreira Ribeiro Gomes Martins Rocha",
    ),
    "french": _pool(
        "Camille Léa Manon Chloé Inès Juliette Louise Sarah Clara Élise Margaux Pauline",
        "Lucas Hugo Louis Jules Gabriel Arthur Nathan Théo Raphaël Antoine Julien Maxime",
        "Martin Bernard Dubois Thomas Robert Richard Petit Durand Leroy Moreau Simon Laurent"
        " Lefebvre Michel Fontaine Rousseau Girard Bonnet",
    ),
    "german": _pool(
        "Anna Lena Laura Julia Hannah Lea Sophie Katharina Marie Johanna Leonie Greta",
        "Lukas Leon Jonas Felix Paul Maximilian Tobias Niklas Jan Florian Moritz Stefan",
        "Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz Hoffmann Koch Richter"
        " Klein Wolf Schröder Neumann Zimmermann Krüger",
    ),
    "dutch": _pool(
        "Emma Sanne Lotte Fleur Anouk Eva Noor Femke Lieke Iris",
        "Daan Sem Lars Bram Thijs Ruben Jesse Joris Sander Pieter",
        "de_Jong Jansen de_Vries van_den_Berg van_Dijk Bakker Visser Smit Meijer de_Boer Mulder"
        " Bos Vos Peters Hendriks",
    ),
    "polish": _pool(
        "Anna Katarzyna Magdalena Agnieszka Joanna Aleksandra Zofia Maja Natalia Monika",
        "Piotr Krzysztof Tomasz Paweł Michał Jakub Marcin Łukasz Kamil Mateusz",
        "Nowak Kowalski Wiśniewski Wójcik Kowalczyk Kamiński Lewandowski Zieliński Szymański"
        " Woźniak Dąbrowski Kozłowski",
    ),
    "swedish": _pool(
        "Alice Maja Elsa Astrid Ebba Wilma Saga Ingrid Freja Linnea",
        "Erik Lars Oscar Hugo Axel Elias Gustav Nils Anders Johan",
        "Andersson Johansson Karlsson Nilsson Eriksson Larsson Olsson Persson Svensson Lindberg"
        " Lindqvist Berg",
    ),
    "hebrew": _pool(
        "Noa Tamar Maya Yael Shira Michal Adi Avigail Talia Hila",
        "Noam David Ariel Yosef Itai Omer Eitan Uri Amit Daniel",
        "Cohen Levi Mizrahi Peretz Biton Friedman Katz Azoulay Shapiro Ben-David Goldberg Avraham",
    ),
    "arabic": _pool(
        "Fatima Aisha Layla Mariam Nour Yasmin Hana Salma Rania Zainab",
        "Omar Ahmed Youssef Khaled Ali Karim Hassan Tariq Samir Rami",
        "Haddad Khalil Nasser Saleh Mansour Hamdan Aziz Farouk Rahman Masri",
    ),
    "indian": _pool(
        "Priya Ananya Aditi Kavya Sneha Pooja Neha Divya Meera Lakshmi Shreya Ishita Deepika"
        " Nandini Riya Sunita",
        "Rahul Arjun Vikram Amit Rohan Karthik Suresh Rajesh Aditya Sanjay Vivek Anil Nikhil"
        " Pranav Harish Siddharth",
        "Sharma Patel Singh Kumar Gupta Reddy Iyer Nair Rao Menon Joshi Desai Mehta Chatterjee"
        " Banerjee Krishnan Pillai Agarwal Verma Srinivasan Bhat Kulkarni",
    ),
    "chinese": _pool(
        "Li_Na Wang_Fang Zhang_Wei Liu_Yang Chen_Jing Mei Xiu Ying Hui Lan",
        "Wei Jun Hao Ming Jian Tao Lei Bo Chen Qiang",
        "Wang Li Zhang Liu Chen Yang Huang Zhao Wu Zhou Xu Sun Lim Tan Ng Goh",
    ),
    "malay": _pool(
        "Nur Siti Aisyah Farah Nurul Amira Aina Hidayah",
        "Muhammad Ahmad Hafiz Faiz Iskandar Azlan Rizal Zulkifli",
        "bin_Abdullah binti_Ismail bin_Hassan binti_Rahman bin_Osman binti_Yusof",
    ),
    "japanese": _pool(
        "Yui Aoi Hina Sakura Yuka Haruka Misaki Naoko Emi Ayaka Rin Mio",
        "Haruto Sota Yuto Kenji Takumi Daiki Ren Hiroshi Kaito Shota Yuki Riku",
        "Sato Suzuki Takahashi Tanaka Watanabe Ito Yamamoto Nakamura Kobayashi Kato Yoshida"
        " Yamada Sasaki Matsumoto Inoue Kimura",
    ),
    "filipino": _pool(
        "Maria Angelica Kristine Joy Camille Patricia Andrea Jasmine Bea Nicole",
        "Jose Mark John_Paul Christian Miguel Paolo Carlo Rafael Joshua Angelo",
        "Santos Reyes Cruz Bautista Ocampo Garcia Mendoza Torres Aquino Villanueva Ramos Castillo",
    ),
    "kenyan": _pool(
        "Wanjiku Akinyi Njeri Atieno Wambui Achieng Mumbi Nyambura Chebet Awino",
        "Otieno Kamau Mwangi Ochieng Kipchoge Njoroge Omondi Kiprono Mutua Wafula",
        "Mwangi Otieno Kariuki Odhiambo Wanjala Kiprop Njoroge Mutua Onyango Kimani",
    ),
    "south_african": _pool(
        "Thandiwe Naledi Lerato Zanele Palesa Nomvula Anika Elsabe Karabo Sipho",
        "Thabo Sipho Bongani Lwazi Kagiso Pieter Johan Themba Mandla Ruan",
        "Nkosi Dlamini Ndlovu Mokoena Khumalo van_der_Merwe Botha Naidoo Pillay Mahlangu Zulu",
    ),
}

# Which naming cultures a country's people come from, with weights.
COUNTRY_NAME_POOLS: dict[str, tuple[tuple[str, int], ...]] = {
    "US": (
        ("anglo", 60),
        ("hispanic", 15),
        ("african_american", 12),
        ("indian", 6),
        ("chinese", 7),
    ),
    "CA": (("anglo", 60), ("french", 20), ("chinese", 10), ("indian", 10)),
    "MX": (("hispanic", 100),),
    "BR": (("portuguese", 100),),
    "AR": (("hispanic", 90), ("german", 5), ("french", 5)),
    "GB": (("anglo", 80), ("indian", 12), ("polish", 4), ("arabic", 4)),
    "IE": (("anglo", 90), ("polish", 10)),
    "FR": (("french", 85), ("arabic", 10), ("portuguese", 5)),
    "DE": (("german", 85), ("polish", 7), ("arabic", 8)),
    "NL": (("dutch", 90), ("arabic", 10)),
    "ES": (("hispanic", 95), ("arabic", 5)),
    "PT": (("portuguese", 100),),
    "PL": (("polish", 100),),
    "SE": (("swedish", 90), ("arabic", 10)),
    "IL": (("hebrew", 85), ("arabic", 15)),
    "IN": (("indian", 100),),
    "SG": (("chinese", 70), ("malay", 15), ("indian", 15)),
    "JP": (("japanese", 100),),
    "AU": (("anglo", 75), ("chinese", 12), ("indian", 8), ("hebrew", 5)),
    "PH": (("filipino", 100),),
    "KE": (("kenyan", 100),),
    "ZA": (("south_african", 100),),
}

NICKNAMES: dict[str, str] = {
    "Alexander": "Alex",
    "Benjamin": "Ben",
    "Matthew": "Matt",
    "Samuel": "Sam",
    "Daniel": "Dan",
    "William": "Will",
    "Thomas": "Tom",
    "Jessica": "Jess",
    "Katharina": "Kathi",
    "Maximilian": "Max",
    "Alejandro": "Alex",
    "Aleksandra": "Ola",
    "Krzysztof": "Krzysiek",
    "Gabriela": "Gabi",
    "Valentina": "Vale",
    "Christian": "Chris",
    "Patricia": "Pat",
    "Siddharth": "Sid",
    "Nikhil": "Nik",
    "Rodrigo": "Rod",
    "Johanna": "Jo",
    "Elizabeth": "Liz",
}

# Share of people who list pronouns on their profile, and which.
PRONOUN_SHARE = 0.35
PRONOUNS_WOMEN = (("she/her", 90), ("she/they", 7), ("they/them", 3))
PRONOUNS_MEN = (("he/him", 90), ("he/they", 7), ("they/them", 3))

# Short bios: an opening about work, then something personal.
BIO_SHARE = 0.25
BIO_OPENINGS = (
    "{title} in {unit}, based in {city}.",
    "I work on {unit} from our {city} office.",
    "{title} at Acme since {year}.",
    "Joined Acme in {year}; these days I'm a {title} in {unit}.",
)
BIO_CLOSINGS = (
    "Happy to talk about {skill} any time.",
    "Ask me about {skill}.",
    "Currently learning {learn}.",
    "Outside work you'll find me {hobby}.",
    "Always up for a coffee chat about {skill}.",
    "Trying to get better at {learn} this year.",
)
HOBBIES = (
    "hiking",
    "on a bike",
    "at the climbing gym",
    "painting watercolours",
    "baking bread",
    "playing chess",
    "in the garden",
    "running half-marathons",
    "playing in a band",
    "volunteering at the food bank",
    "reading science fiction",
    "coaching my kid's football team",
)
