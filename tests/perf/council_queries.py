"""Committed Swedish search queries for the councils search, each with the document it must find.

The bench (tests/perf/bench_councils.py) and a PostgreSQL test (tests/councils/test_queries.py)
plant NEEDLES (distinctive agenda items) among many ordinary ones; every query in QUERIES must
return its expected item among the first ten hits. Kinds: inflections (stemming), compound parts
(substring fallback), "§ N" and diarienummer lookups.
"""

from __future__ import annotations

# (title, description, decision, diarienummer)
NEEDLES = [
    ("Cykelbaserad budverksamhet som socialt företag",
     "Ett inkommande företag vill starta en budverksamhet med lastcyklar.",
     "Samhällsrådet välkomnar budföretaget och hänvisar till inkubatorn.", "KS 2019/4711"),
    ("Välståndsfonden för Motalakooperativen",
     "Gemensamt skapade kooperativ sätter in medel i en välståndsfond.",
     "Rådet uppdrar åt arbetsgruppen att ta fram stadgar för välståndsfonden.", "KS 2020/88"),
    ("Lånecykelpoolen vid Gamla Folkets hus",
     "Föreningar delar lastcyklar och släpvagnar.",
     "Lånecykelpoolen startar i vår.", ""),
    ("Kooperativ markstiftelse för stadsodling",
     "Stiftelsen äger marken och arrenderar ut odlingslotter till kooperativ.",
     "Samhällsrådet ställer sig positivt till en markstiftelse.", "KS 2021/512"),
    ("Företagsbytesring mellan sociala företag",
     "En kooperativ bytesring där företag byter tjänster utan kontanter.",
     "Frågan bordläggs till nästa sammanträde.", ""),
    ("Studiecirkel på lätt svenska om kooperativt företagande",
     "Projekt Östgötamodellen har tagit fram stödlitteratur.",
     "Studieförbunden inbjuds att anordna cirklarna.", "KS 2022/1303"),
    ("Handledare för arbetsintegrerande sociala företag",
     "Handledarna behöver finansieras under uppstarten.",
     "Kommunen utreder handledarstöd via Samordningsförbundet Motala-Vadstena.", ""),
    ("Reserverade kontrakt i upphandlingen av städtjänster",
     "Städupphandlingen kan reserveras för arbetsintegrerande sociala företag.",
     "Rådet rekommenderar reserverade kontrakt vid nästa städupphandling.", "KS 2023/77"),
    ("Volontärdag under Vätternrundan",
     "Eldsjälarna blir äldre och återväxten är skral; fler volontärer behövs.",
     "Idéburna Motala samordnar volontärdagen.", ""),
    ("Mikrokontor med föreningsskåp i Samhällscentrum",
     "Bokningsbara möteslokaler och mikrokontor delas med näringslivsinkubatorn.",
     "Hyresnivån för mikrokontoren fastställs till 500 kronor i månaden.", "KS 2024/640"),
    ("Ekobanken och lokala finansiella innovationer",
     "Presentation av idéburna lokala banker och kreditgarantier.",
     "Presentationen läggs till handlingarna.", ""),
    ("Tillgänglighetsanpassning av scenen i Folkets hus",
     "Ramp och hörslinga saknas i stora salen.",
     "Rådet prioriterar hörslingan före rampen.", "KS 2025/999"),
]  # fmt: skip

# (query, expected title fragment, or "§12" for a paragraph lookup)
QUERIES = [
    ("budverksamhet", "Cykelbaserad budverksamhet"),
    ("budverksamheten", "Cykelbaserad budverksamhet"),
    ("cykelbaserade", "Cykelbaserad budverksamhet"),
    ("lastcyklar", "Cykelbaserad budverksamhet"),
    ("välståndsfonden", "Välståndsfonden"),
    ("välståndsfond", "Välståndsfonden"),
    ("Motalakooperativen", "Välståndsfonden"),
    ("cykelpool", "Lånecykelpoolen"),
    ("lånecykelpoolen", "Lånecykelpoolen"),
    ("markstiftelse", "Kooperativ markstiftelse"),
    ("markstiftelsen", "Kooperativ markstiftelse"),
    ("stadsodling", "Kooperativ markstiftelse"),
    ("odlingslotter", "Kooperativ markstiftelse"),
    ("bytesring", "Företagsbytesring"),
    ("företagsbytesringen", "Företagsbytesring"),
    ("studiecirkel lätt svenska", "Studiecirkel på lätt svenska"),
    ("Östgötamodellen", "Studiecirkel på lätt svenska"),
    ("handledare", "Handledare för arbetsintegrerande"),
    ("handledarna", "Handledare för arbetsintegrerande"),
    ("reserverade kontrakt", "Reserverade kontrakt"),
    ("städupphandling", "Reserverade kontrakt"),
    ("städtjänster", "Reserverade kontrakt"),
    ("volontärdag", "Volontärdag under Vätternrundan"),
    ("Vätternrundan volontärer", "Volontärdag under Vätternrundan"),
    ("föreningsskåp", "Mikrokontor med föreningsskåp"),
    ("mikrokontoren", "Mikrokontor med föreningsskåp"),
    ("Ekobanken", "Ekobanken"),
    ("hörslinga", "Tillgänglighetsanpassning"),
    ("hörslingan", "Tillgänglighetsanpassning"),
    ("KS 2019/4711", "Cykelbaserad budverksamhet"),
    ("KS 2024/640", "Mikrokontor med föreningsskåp"),
    ("KS 2021/512", "Kooperativ markstiftelse"),
    ("§ 12", "§12"),
]


def found(hits, expected: str) -> bool:
    top = hits[:10]
    if expected.startswith("§"):
        number = int(expected[1:])
        return bool(top) and all(hit.item.number == number for hit in top)
    return any(expected.lower() in hit.item.title.lower() for hit in top)
