#!/usr/bin/env python3
"""Generates the large demo files of the two callwerk demo tenants.

    python3 examples/demo/generate.py

Writes, for each tenant under examples/demo/tenants/<slug>/:
contacts.csv, interactions.yaml, orders.yaml, tickets.yaml.

Everything here is synthetic: names are drawn from common German first and last names,
e-mail addresses use example.org/example.com/example.net, landline subscriber numbers start
with 0 (never assigned in Germany) and mobile numbers use the 015x0/016x0/017x0 blocks.
The output is deterministic (fixed seeds, standard library only) and the hand-written
files (users.yaml, queues.yaml, products.csv, kb/) are read to keep all references valid.
"""

import csv
import datetime as dt
import io
import json
import os
import random
import re

HERE = os.path.dirname(os.path.abspath(__file__))
TENANTS = os.path.join(HERE, "tenants")
NOW = dt.datetime(2026, 11, 26, 0, 0, 0)  # data ends the day before; all times UTC
WINDOW_START = dt.date(2026, 10, 27)
WINDOW_END = dt.date(2026, 11, 25)
CET = dt.timedelta(hours=1)  # Europe/Berlin is UTC+1 for the whole window (DST ended 25 Oct)

# --------------------------------------------------------------------------------------
# YAML emission (by hand, no PyYAML needed)
# --------------------------------------------------------------------------------------

_YAML_SPECIAL_WORDS = {
    "y", "n", "yes", "no", "on", "off", "true", "false", "null", "none", "~", "ja", "nein",
}
_PLAIN_BLOCK = re.compile(r"^[A-Za-zÄÖÜäöüß][^\n#:]*$")
_PLAIN_FLOW = re.compile(r"^[A-Za-zÄÖÜäöüß][A-Za-zÄÖÜäöüß0-9 ._\-/()äöüÄÖÜß€%&+–]*$")


def q(value, flow=False):
    """A YAML scalar for value: plain where unambiguous, otherwise double-quoted."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, dt.datetime):
        return ts(value)
    s = str(value)
    pattern = _PLAIN_FLOW if flow else _PLAIN_BLOCK
    if (
        s
        and pattern.match(s)
        and s.lower() not in _YAML_SPECIAL_WORDS
        and not s.endswith(" ")
        and ": " not in s
        and " #" not in s
    ):
        return s
    return json.dumps(s, ensure_ascii=False)


def ts(t):
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def flow_map(d):
    parts = []
    for k, v in d.items():
        if isinstance(v, dict):
            parts.append(f"{k}: {flow_map(v)}")
        elif isinstance(v, list):
            parts.append(f"{k}: [" + ", ".join(flow_map(x) if isinstance(x, dict) else q(x, True) for x in v) + "]")
        else:
            parts.append(f"{k}: {q(v, True)}")
    return "{" + ", ".join(parts) + "}"


# --------------------------------------------------------------------------------------
# Reading the hand-written files
# --------------------------------------------------------------------------------------


def read_simple_yaml_list(path, keys):
    """Minimal reader for users.yaml/queues.yaml: top-level '- key: value' records."""
    items, cur = [], None
    for line in open(path, encoding="utf-8"):
        if line.startswith("#") or not line.strip():
            continue
        m = re.match(r"^(- |  )(\w+): (.*)$", line.rstrip("\n"))
        if not m:
            continue
        if m.group(1) == "- ":
            cur = {}
            items.append(cur)
        key, val = m.group(2), m.group(3).strip()
        if key in keys:
            if val.startswith('"') and val.endswith('"'):
                val = json.loads(val)
            cur[key] = val
    return items


def load_tenant(slug):
    base = os.path.join(TENANTS, slug)
    users = read_simple_yaml_list(os.path.join(base, "users.yaml"), {"username", "display_name", "role", "skills"})
    queues = read_simple_yaml_list(os.path.join(base, "queues.yaml"), {"name", "dispositions", "skills"})
    for qq in queues:
        qq["dispositions"] = [x.strip() for x in qq["dispositions"].strip("[]").split(",")]
        qq["skill_reqs"] = [(n.strip(), int(lv)) for n, lv in re.findall(r"skill: ([^,}]+), min_level: (\d+)", qq["skills"])]
    for u in users:
        u["skill_levels"] = {n.strip(): int(lv) for n, lv in re.findall(r"skill: ([^,}]+), level: (\d+)", u.get("skills", ""))}
    products = {}
    with open(os.path.join(base, "products.csv"), encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f):
            r["cents"] = round(float(r["price"].replace(",", ".")) * 100)
            products[r["sku"]] = r
    kb = {}
    for fn in sorted(os.listdir(os.path.join(base, "kb"))):
        text = open(os.path.join(base, "kb", fn), encoding="utf-8").read()
        title = re.search(r"^title: (.*)$", text, re.M).group(1).strip()
        kb[fn[:-3]] = title
    return {"slug": slug, "base": base, "users": users, "queues": {x["name"]: x for x in queues},
            "products": products, "kb": kb}


def agents_for_queue(tenant, queue_name):
    """Users (agents and supervisors) whose skills satisfy the queue's requirements."""
    qq = tenant["queues"][queue_name]
    out = []
    for u in tenant["users"]:
        if u["role"] not in ("agent", "supervisor"):
            continue
        if all(u["skill_levels"].get(n, 0) >= lv for n, lv in qq["skill_reqs"]):
            out.append(u)
    return out


# --------------------------------------------------------------------------------------
# Names, addresses, phones
# --------------------------------------------------------------------------------------

FIRST_F = """Anna Maria Ursula Monika Petra Sabine Claudia Andrea Stefanie Julia Katharina Laura Lena Sarah
Lisa Hannah Sophie Marie Emma Mia Lea Johanna Christina Nicole Susanne Birgit Heike Gabriele Renate Karin
Elke Ingrid Helga Brigitte Doris Gisela Hildegard Marianne Christa Erika Jutta Silke Anja Tanja Daniela
Melanie Nadine Jennifer Jessica Vanessa Carina Franziska Theresa Paula Clara Ayşe Elif Zeynep Agnieszka
Katarzyna Olga Natalia Irina Fatma Giulia Ana Svetlana Ewa Maja Nele Frieda Ida Greta Charlotte""".split()
FIRST_M = """Thomas Michael Andreas Stefan Peter Klaus Jürgen Wolfgang Frank Uwe Bernd Dieter Hans Werner Manfred
Günter Horst Rolf Heinz Gerhard Karl Walter Helmut Rainer Jörg Ralf Martin Christian Markus Matthias Tobias
Daniel Sebastian Florian Alexander Jan Tim Lukas Felix Maximilian Paul Leon Jonas Niklas Moritz Philipp
Simon David Benjamin Fabian Dennis Sven Torsten Dirk Holger Oliver Mehmet Mustafa Ali Emre Piotr Tomasz
Dmitri Sergej Marco Luca Ivan Jakob Anton Emil Henrik Mathis Konstantin Georg Ulrich""".split()
LAST = """Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz Hoffmann Schäfer Koch Bauer Richter
Klein Wolf Schröder Neumann Schwarz Zimmermann Braun Krüger Hofmann Hartmann Lange Schmitt Werner Schmitz
Krause Meier Lehmann Schmid Schulze Maier Köhler Herrmann König Walter Mayer Huber Kaiser Fuchs Peters Lang
Scholz Möller Weiß Jung Hahn Schubert Vogel Friedrich Keller Günther Frank Berger Winkler Roth Beck Lorenz
Baumann Franke Albrecht Schuster Simon Ludwig Böhm Winter Kraus Martin Schumacher Krämer Vogt Stein Jäger
Otto Sommer Groß Seidel Heinrich Brandt Haas Schreiber Graf Schulte Dietrich Ziegler Kuhn Kühn Pohl Engel
Horn Busch Bergmann Thomas Voigt Sauer Arnold Wolff Pfeiffer Yılmaz Kaya Demir Şahin Nowak Kowalski Wiśniewski
Popović Rossi Ivanov Petrov Hoxha Nguyen Dąbrowski Lindner Ebert Kessler Schenk Brenner Rheinländer Eckert""".split()

COMPANIES_SW = [
    ("Bäckerei Sonnenschein GmbH", "Backstube"), ("Hausverwaltung Lindenau KG", "Hausverwaltung"),
    ("Zahnarztpraxis Dr. Weber", "Praxis"), ("Autohaus Musterstadt-Nord GmbH", "Autohaus"),
    ("Kita Regenbogen e. V.", "Kita"), ("Gasthaus Zur Linde", "Gastronomie"),
    ("Wohnungsbau Musterstadt eG", "Wohnungsbaugenossenschaft"), ("Friseursalon Haarmonie", "Friseur"),
    ("Metallbau Krämer GmbH & Co. KG", "Metallbau"), ("Sportverein TuS Musterdorf 1898 e. V.", "Verein"),
    ("Physiotherapie am Markt", "Praxis"), ("Blumen Sommer", "Einzelhandel"),
    ("Tischlerei Holzwerk Bauer", "Handwerk"), ("Eiscafé Dolomiti", "Gastronomie"),
    ("Steuerkanzlei Roth & Partner", "Kanzlei"), ("Pflegedienst Lebensfreude GmbH", "Pflegedienst"),
    ("Getränkemarkt Fuchs", "Einzelhandel"), ("Kfz-Werkstatt Günther", "Werkstatt"),
]
COMPANIES_WR = [
    "Restaurant Zum Goldenen Anker", "Kanzlei Hartmann & Kollegen", "Ingenieurbüro Vogt GmbH",
    "Hotel Rheinblick Mainz", "Weinbar Korkenzieher", "Steuerberatung Engel", "Autohaus Brenner GmbH",
    "Praxis für Orthopädie Dr. Lang", "Immobilien Seidel KG", "IT-Systemhaus Nordlicht GmbH",
    "Vinothek am Dom", "Feinkost Lindner", "Agentur Blaupause GmbH", "Golfclub Taunusblick e. V.",
    "Landgasthof Eichenhof", "Architekturbüro Kessler", "Brauhaus am Markt", "Sparverein Eintracht e. V.",
    "Catering Tafelfreude GmbH", "Hausarztpraxis Dr. Nowak",
]

SW_PLACES = [  # (postcode, city, weight, streets)
    ("12345", "Musterstadt", 30, ["Hauptstraße", "Bahnhofstraße", "Marktplatz", "Kirchgasse", "Rathausstraße",
                                  "Schillerstraße", "Goethestraße", "Am Stadtpark", "Mühlenweg", "Poststraße"]),
    ("12347", "Musterstadt", 22, ["Lindenfeld", "Am Wasserturm", "Nordring", "Ahornweg", "Birkenallee",
                                  "Ulmenstraße", "Kastanienweg", "Eichendorffstraße", "Am Heizkraftwerk"]),
    ("12349", "Musterstadt", 20, ["Südring", "Gartenstraße", "Rosenweg", "Tulpenstraße", "Am Sportplatz",
                                  "Wiesenstraße", "Feldbergstraße", "Hölderlinweg", "Im Sonnenwinkel"]),
    ("12350", "Musterdorf", 12, ["Dorfstraße", "Lindenstraße", "Am Anger", "Schulweg", "Kirchberg", "Feldweg"]),
    ("12352", "Beispielhausen", 9, ["Hauptstraße", "Bergstraße", "Am Bach", "Talweg", "Waldstraße"]),
    ("12354", "Neumusterau", 7, ["Auenweg", "Am Deich", "Fährstraße", "Weidenweg"]),
]
SW_AREA = "05678"

WR_PLACES = [  # (postcode, city, area code, weight, streets)
    ("65343", "Eltville am Rhein", "06123", 10, ["Rheingauer Straße", "Schwalbacher Straße", "Gutenbergstraße",
                                                 "Weinbergstraße", "Kiedricher Straße", "Burgstraße"]),
    ("65366", "Geisenheim", "06722", 7, ["Winkeler Straße", "Rüdesheimer Straße", "Von-Lade-Straße",
                                        "Bahnstraße", "Marienthaler Straße"]),
    ("65385", "Rüdesheim am Rhein", "06722", 6, ["Oberstraße", "Drosselgasse", "Geisenheimer Straße",
                                                "Marktstraße", "Am Niederwald"]),
    ("65375", "Oestrich-Winkel", "06723", 6, ["Rheinallee", "Hauptstraße", "Greiffenclaustraße",
                                             "Mühlstraße", "Am Lenchen"]),
    ("65399", "Kiedrich", "06123", 3, ["Suttonstraße", "Marktstraße", "Oberstraße"]),
    ("65396", "Walluf", "06123", 3, ["Mühlstraße", "Rheinstraße", "Hauptstraße"]),
    ("65183", "Wiesbaden", "0611", 10, ["Taunusstraße", "Wilhelmstraße", "Adelheidstraße", "Rheinstraße",
                                       "Nerostraße", "Biebricher Allee"]),
    ("65187", "Wiesbaden", "0611", 5, ["Schiersteiner Straße", "Dotzheimer Straße", "Klarenthaler Straße"]),
    ("55116", "Mainz", "06131", 8, ["Große Bleiche", "Augustinerstraße", "Kaiserstraße", "Rheinstraße"]),
    ("55131", "Mainz", "06131", 4, ["Am Fort Gonsenheim", "Hechtsheimer Straße", "Weißliliengasse"]),
    ("60318", "Frankfurt am Main", "069", 8, ["Oeder Weg", "Eckenheimer Landstraße", "Glauburgstraße"]),
    ("60594", "Frankfurt am Main", "069", 4, ["Schweizer Straße", "Textorstraße", "Brückenstraße"]),
    ("10405", "Berlin", "030", 6, ["Kollwitzstraße", "Knaackstraße", "Danziger Straße"]),
    ("10827", "Berlin", "030", 4, ["Akazienstraße", "Goltzstraße", "Hauptstraße"]),
    ("20249", "Hamburg", "040", 5, ["Eppendorfer Landstraße", "Hegestraße", "Isestraße"]),
    ("80331", "München", "089", 4, ["Sendlinger Straße", "Hackenstraße", "Kreuzstraße"]),
    ("81667", "München", "089", 3, ["Weißenburger Straße", "Preysingstraße"]),
    ("50672", "Köln", "0221", 5, ["Brüsseler Straße", "Aachener Straße", "Friesenwall"]),
    ("40211", "Düsseldorf", "0211", 3, ["Kaiserstraße", "Duisburger Straße"]),
    ("70173", "Stuttgart", "0711", 3, ["Calwer Straße", "Königstraße"]),
    ("04109", "Leipzig", "0341", 3, ["Gottschedstraße", "Thomasiusstraße"]),
    ("01097", "Dresden", "0351", 2, ["Königsbrücker Straße", "Alaunstraße"]),
    ("30159", "Hannover", "0511", 3, ["Lister Meile", "Podbielskistraße"]),
    ("28195", "Bremen", "0421", 2, ["Sögestraße", "Am Wall"]),
    ("90402", "Nürnberg", "0911", 2, ["Königstraße", "Weinmarkt"]),
    ("69117", "Heidelberg", "06221", 3, ["Hauptstraße", "Plöck", "Ingrimstraße"]),
    ("79098", "Freiburg im Breisgau", "0761", 2, ["Konviktstraße", "Herrenstraße"]),
    ("48143", "Münster", "0251", 2, ["Prinzipalmarkt", "Salzstraße"]),
    ("34117", "Kassel", "0561", 1, ["Friedrich-Ebert-Straße", "Wilhelmsstraße"]),
    ("24103", "Kiel", "0431", 1, ["Holstenstraße", "Dänische Straße"]),
]
AT_PLACES = [("1010", "Wien", ["Naglergasse", "Wollzeile"]), ("5020", "Salzburg", ["Linzer Gasse"]),
             ("6020", "Innsbruck", ["Maria-Theresien-Straße"])]

MOBILE_PREFIXES = ["0151", "0152", "0157", "0160", "0162", "0170", "0171", "0172", "0176", "0179"]


def e164(number):
    n = re.sub(r"[^\d+]", "", number)
    if n.startswith("+"):
        return n
    if n.startswith("00"):
        return "+" + n[2:]
    return "+49" + n[1:]


def mobile_number(rng):
    """Mobile numbers in the 015x0/016x0/017x0 blocks, written in assorted German styles."""
    pre = rng.choice(MOBILE_PREFIXES)
    sub = "0" + "".join(rng.choice("0123456789") for _ in range(7))
    style = rng.random()
    if style < 0.45:
        return f"{pre} {sub}"
    if style < 0.65:
        return f"+49 {pre[1:]} {sub}"
    if style < 0.80:
        return f"{pre}/{sub}"
    if style < 0.92:
        return f"{pre} {sub[:4]} {sub[4:]}"
    return f"{pre}-{sub}"


def landline_number(rng, area):
    """Landline numbers whose local part starts with 0 (never assigned in Germany)."""
    digits = 6 if len(area) <= 4 else 5
    sub = "0" + "".join(rng.choice("0123456789") for _ in range(digits))
    style = rng.random()
    if style < 0.6:
        return f"{area} {sub}"
    if style < 0.85:
        return f"{area}/{sub}"
    return f"+49 {area[1:]} {sub}"


def ascii_mail(s):
    s = s.lower()
    for a, b in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss"), ("ş", "s"), ("ı", "i"), ("ą", "a"),
                 ("ś", "s"), ("ń", "n"), ("ć", "c"), ("ł", "l"), ("é", "e"), ("ę", "e"), ("ż", "z")):
        s = s.replace(a, b)
    return re.sub(r"[^a-z0-9.]+", "", s.replace(" ", "."))


def rand_date(rng, start, end):
    days = (end - start).days
    return start + dt.timedelta(days=rng.randint(0, days))


def fmt_de(d):
    return d.strftime("%d.%m.%Y")


def euro(x):
    s = f"{x:,.2f}".replace(",", "X").replace(".", ",").replace("X", ".")
    return s + " €"


# --------------------------------------------------------------------------------------
# Contacts
# --------------------------------------------------------------------------------------

SW_CONSENT_SOURCES = ["Vertragsabschluss", "Kundenportal", "Anruf Hotline", "Kundenzentrum Marktplatz",
                      "Online-Tarifrechner", "Energieberatung", "Stadtfest Gewinnspielkarte 2025"]
WR_CONSENT_SOURCES = ["Bestellung Onlineshop", "Newsletter-Anmeldung Double-Opt-in", "Telefonbestellung",
                      "Weinprobe Eltville", "Hofladen Eltville", "Katalog-Antwortkarte", "Online-Weinprobe"]

SW_NOTES = [
    "Vollmacht für Sohn liegt vor (Scan im Archiv).", "Hörgeschädigt – bitte langsam und deutlich sprechen.",
    "Lebenserhaltende Geräte im Haushalt (Heimbeatmung) – vor jeder Sperre Teamleitung informieren.",
    "Bevorzugt Kontakt per E-Mail.", "Rechnungsversand papierlos über Kundenportal.",
    "Gesetzlicher Betreuer: Betreuungsverein Musterstadt, Aufgabenkreis Vermögenssorge.",
    "Ratenzahlungsvereinbarung 2025 vollständig erfüllt.", "Wärmepumpe mit separatem Zähler seit 2024.",
    "PV-Anlage 9,8 kWp, Einspeisung seit 2023.", "Spricht bevorzugt Englisch.",
    "Vermieter von drei Wohnungen im Haus, Leerstandsmeldungen beachten.", "E-Auto, Wallbox 11 kW angemeldet.",
    "Schwerbehinderung (Gehbehinderung) – Zählerwechseltermine vormittags.", "Jobcenter zahlt Abschlag direkt.",
]
WR_NOTES = [
    "Mag nur trockene Weißweine, kein Barrique.", "Stammkunde seit 2011, Weihnachtspräsente für Familie.",
    "Weinabo Riesling-Entdecker seit 2024.", "Sammelt gereifte Spätburgunder (Höllenberg).",
    "Abstellgenehmigung: Garage, Tor links.", "Lieferung bitte nur dienstags oder donnerstags (Praxis).",
    "Firmenpräsente jedes Jahr im Dezember, Ansprechpartnerin Sekretariat.", "Bevorzugt fruchtsüße Kabinette.",
    "Bestellt oft Magnumflaschen für Feiern.", "Vegane Weine bevorzugt.",
    "Restaurant: Lieferung an Hintereingang, Anlieferung bis 11 Uhr.", "Nimmt regelmäßig an Online-Weinproben teil.",
    "Keine Spirituosen anbieten (Kundenwunsch).", "Geschenkgutschein-Käuferin, oft für Kollegen.",
]


def make_contacts(rng, tenant_key, count):
    contacts = []
    used_mails = set()
    for i in range(count):
        c = {}
        female = rng.random() < 0.52
        first = rng.choice(FIRST_F if female else FIRST_M)
        last = rng.choice(LAST)
        company = ""
        if tenant_key == "sw":
            cnum = str(100101 + i * 7 + rng.randint(0, 5))
            place = rng.choices(SW_PLACES, weights=[p[2] for p in SW_PLACES])[0]
            postcode, city, streets, area, country = place[0], place[1], place[3], SW_AREA, "DE"
            if rng.random() < 0.08:
                company = rng.choice(COMPANIES_SW)[0]
        else:
            cnum = str(200101 + i * 9 + rng.randint(0, 7))
            if rng.random() < 0.015:
                pc, city, streets = rng.choice(AT_PLACES)
                postcode, area, country = pc, None, "AT"
            else:
                place = rng.choices(WR_PLACES, weights=[p[3] for p in WR_PLACES])[0]
                postcode, city, area, streets, country = place[0], place[1], place[2], place[4], "DE"
            if rng.random() < 0.1:
                company = rng.choice(COMPANIES_WR)
        salutation = "Frau" if female else "Herr"
        if rng.random() < 0.05:
            salutation += " Dr."
        street = f"{rng.choice(streets)} {rng.randint(1, 140)}{rng.choice(['', '', '', '', 'a', 'b'])}"
        # e-mail
        email = ""
        if rng.random() < 0.82:
            dom = rng.choice(["example.org", "example.com", "example.net"])
            if company and rng.random() < 0.6:
                local = rng.choice(["info", "buchhaltung", "kontakt", "verwaltung"])
                dom = ascii_mail(company.split()[0]) + "." + rng.choice(["example.com", "example.org"])
            else:
                style = rng.randint(0, 3)
                local = [f"{first}.{last}", f"{first[0]}.{last}", f"{last}{rng.randint(1, 99)}", f"{first}{last[:3]}"][style]
            email = ascii_mail(local) + "@" + dom
            while email in used_mails:
                email = email.replace("@", str(rng.randint(1, 9)) + "@")
            used_mails.add(email)
        # phones
        phones = []
        if country == "AT":
            phones.append(("mobile", f"+43 664 0{rng.randint(100000, 999999)}"))
        else:
            r = rng.random()
            if r < 0.45:
                phones.append(("mobile", mobile_number(rng)))
            elif r < 0.75:
                phones.append(("landline", landline_number(rng, area)))
            else:
                phones.append(("mobile", mobile_number(rng)))
                phones.append(("landline", landline_number(rng, area)))
            if company and rng.random() < 0.7:
                phones.append(("work", landline_number(rng, area)))
                if rng.random() < 0.2:
                    phones.append(("fax", landline_number(rng, area)))
            if len(phones) > 2:
                phones = phones[:2]
        # consents
        consents = []
        sources = SW_CONSENT_SOURCES if tenant_key == "sw" else WR_CONSENT_SOURCES
        since = dt.date(2019, 1, 1) if tenant_key == "sw" else dt.date(2020, 3, 1)
        for kind, p_any, p_yes in (("email", 0.6, 0.7), ("phone", 0.45, 0.5), ("post", 0.35, 0.8),
                                   ("sms", 0.15, 0.5), ("recording", 0.25, 0.6), ("survey", 0.2, 0.45)):
            if rng.random() < p_any:
                consents.append((kind, rng.random() < p_yes, rng.choice(sources),
                                 rand_date(rng, since, dt.date(2026, 10, 20))))
        dnc = rng.random() < 0.035
        if dnc:
            consents = [c for c in consents if c[0] != "phone"]
            consents.append(("phone", False, "Werbewiderspruch am Telefon", rand_date(rng, dt.date(2023, 1, 1), dt.date(2026, 10, 1))))
        notes_pool = SW_NOTES if tenant_key == "sw" else WR_NOTES
        notes = rng.choice(notes_pool) if rng.random() < 0.12 else ""
        if dnc:
            notes = (notes + " " if notes else "") + "Keine Anrufe – Kunde hat jeder telefonischen Ansprache widersprochen."
        if company and rng.random() < 0.4:
            # a company account without a named person; the contact person goes into the notes
            person = f"{salutation} {first} {last}"
            salutation, first, last = "", "", ""
            notes = (notes + " " if notes else "") + f"Ansprechpartner: {person}."
        c.update(customer_number=cnum, salutation=salutation, first_name=first, last_name=last,
                 company=company, email=email, street=street, postcode=postcode, city=city,
                 country=country, phones=phones, consents=consents, do_not_call=dnc, notes=notes,
                 female=female)
        contacts.append(c)
    return contacts


def write_contacts(path, contacts):
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    w.writerow(["customer_number", "salutation", "first_name", "last_name", "company", "email", "street",
                "postcode", "city", "country", "phones", "consents", "do_not_call", "notes"])
    for c in contacts:
        w.writerow([
            c["customer_number"], c["salutation"], c["first_name"], c["last_name"], c["company"], c["email"],
            c["street"], c["postcode"], c["city"], c["country"],
            ";".join(f"{k}:{n}" for k, n in c["phones"]),
            ";".join(f"{k}:{'yes' if g else 'no'}:{s}:{d.isoformat()}" for k, g, s, d in c["consents"]),
            "true" if c["do_not_call"] else "false", c["notes"],
        ])
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(buf.getvalue())


def display_name(c):
    if c["first_name"] or c["last_name"]:
        return f"{c['first_name']} {c['last_name']}".strip()
    return c["company"]


def formal_name(c):
    if c["last_name"]:
        return f"{c['salutation']} {c['last_name']}"
    return c["company"]


# --------------------------------------------------------------------------------------
# Interaction engine
# --------------------------------------------------------------------------------------


class Fmt(dict):
    def __missing__(self, key):
        raise KeyError(f"template placeholder {{{key}}} has no value")


def fill(rng, template, ctx):
    if isinstance(template, (list, tuple)):
        template = rng.choice(template)
    return template.format_map(Fmt(ctx))


class Timeline:
    def __init__(self, start):
        self.t = start
        self.events = []

    def add(self, etype, actor, payload, after=(1, 3), rng=None, opt=0):
        """opt > 0 marks an event that may be dropped to keep timelines at most 15 events long."""
        lo, hi = after
        self.t += dt.timedelta(seconds=rng.randint(lo, hi) if rng and hi > lo else lo)
        self.events.append({"type": etype, "at": self.t, "actor": actor, "payload": payload, "opt": opt})
        return self.t

    def trimmed(self, limit=15):
        ev = list(self.events)
        for level in (3, 2, 1):
            while len(ev) > limit and any(e.get("opt") == level for e in ev):
                ev.remove(next(e for e in ev if e.get("opt") == level))
        return ev


def pick_time(rng, weekday_weights, hours):
    """A local time inside the window, returned as UTC."""
    while True:
        day = rand_date(rng, WINDOW_START, WINDOW_END)
        if rng.random() < weekday_weights[day.weekday()]:
            break
    h = rng.choices([x[0] for x in hours], weights=[x[1] for x in hours])[0]
    local = dt.datetime(day.year, day.month, day.day, h, rng.randint(0, 59), rng.randint(0, 59))
    return local - CET


class AgentPool:
    """Keeps agents from taking two conversations at once."""

    def __init__(self):
        self.busy = {}

    def free(self, username, start, end):
        for s, e in self.busy.get(username, []):
            if start < e + dt.timedelta(seconds=30) and s < end + dt.timedelta(seconds=30):
                return False
        return True

    def take(self, username, start, end):
        self.busy.setdefault(username, []).append((start, end))


def choose_agent(rng, tenant, pool, queue, start, end):
    cands = agents_for_queue(tenant, queue)
    weights = [0.25 if u["role"] == "supervisor" else 1.0 for u in cands]
    order = []
    cands = list(cands)
    while cands:
        u = rng.choices(cands, weights=weights)[0]
        i = cands.index(u)
        cands.pop(i)
        weights.pop(i)
        order.append(u)
    for u in order:
        if pool.free(u["username"], start, end):
            return u
    return None


def caller_number(rng, contact):
    if contact and contact["phones"]:
        kinds = [p for p in contact["phones"] if p[0] != "fax"]
        if kinds and rng.random() < 0.9:
            return e164(rng.choice(kinds)[1]), True
    return e164(mobile_number(rng)), False


def emit_interactions(path, items):
    out = ["# Historische Interaktionen (generiert von examples/demo/generate.py – nicht von Hand ändern)\n"]
    for it in items:
        out.append(f"- ref: {it['ref']}\n")
        for k in ("channel", "direction", "contact", "queue", "agent", "remote_address", "subject",
                  "started_at", "answered_at", "ended_at", "end_reason", "disposition", "notes"):
            v = it.get(k)
            if v is None or v == "":
                continue
            if k == "contact":
                out.append(f'  contact: "{v}"\n')
            elif k == "remote_address":
                out.append(f"  remote_address: {json.dumps(v)}\n")
            else:
                out.append(f"  {k}: {q(v)}\n")
        out.append("  timeline:\n")
        for e in it["timeline"]:
            out.append("    - " + flow_map({"type": e["type"], "at": e["at"], "actor": e["actor"],
                                              "payload": e["payload"]}) + "\n")
    with open(path, "w", encoding="utf-8") as f:
        f.writelines(out)


def emit_orders(path, orders):
    out = ["# Bestellungen und Aufträge (generiert von examples/demo/generate.py)\n"]
    for o in orders:
        out.append(f"- order_number: {o['order_number']}\n")
        if o.get("contact"):
            out.append(f'  contact: "{o["contact"]}"\n')
        if o.get("interaction"):
            out.append(f"  interaction: {o['interaction']}\n")
        out.append(f"  status: {o['status']}\n")
        out.append(f"  created_at: {ts(o['created_at'])}\n")
        d = o["delivery"]
        out.append("  delivery: " + flow_map({"name": d["name"], "street": d["street"],
                                                 "postcode": PostcodeStr(d["postcode"]), "city": d["city"]}) + "\n")
        out.append("  lines: [" + ", ".join(flow_map({"sku": l["sku"], "quantity": l["quantity"]}) for l in o["lines"]) + "]\n")
        if o.get("notes"):
            out.append(f"  notes: {q(o['notes'])}\n")
    with open(path, "w", encoding="utf-8") as f:
        f.writelines(out)


class PostcodeStr(str):
    pass


_orig_q = q


def q(value, flow=False):  # noqa: F811 - postcodes are always quoted
    if isinstance(value, PostcodeStr):
        return json.dumps(str(value))
    return _orig_q(value, flow)


def emit_tickets(path, tickets):
    out = ["# Tickets und Reklamationen (generiert von examples/demo/generate.py)\n"]
    for t in tickets:
        out.append(f"- ticket_number: {t['ticket_number']}\n")
        if t.get("contact"):
            out.append(f'  contact: "{t["contact"]}"\n')
        if t.get("interaction"):
            out.append(f"  interaction: {t['interaction']}\n")
        if t.get("order"):
            out.append(f"  order: {t['order']}\n")
        for k in ("category", "priority", "status", "owner", "subject", "description", "desired_remedy"):
            if t.get(k):
                out.append(f"  {k}: {q(t[k])}\n")
        out.append(f"  created_at: {ts(t['created_at'])}\n")
        out.append(f"  due_at: {ts(t['due_at'])}\n")
        if t.get("resolved_at"):
            out.append(f"  resolved_at: {ts(t['resolved_at'])}\n")
    with open(path, "w", encoding="utf-8") as f:
        f.writelines(out)


DUE = {"urgent": dt.timedelta(hours=4), "high": dt.timedelta(days=1), "normal": dt.timedelta(days=3),
       "low": dt.timedelta(days=7)}


def ticket_status(rng, created):
    age = (NOW - created).total_seconds() / 86400
    if age < 1.5:
        return rng.choice(["open", "open", "in_progress"]), None
    if age < 5:
        st = rng.choice(["open", "in_progress", "in_progress", "waiting", "resolved"])
    else:
        st = rng.choice(["in_progress", "waiting", "resolved", "resolved", "closed", "closed", "closed"])
    if st in ("resolved", "closed"):
        res = created + dt.timedelta(hours=rng.randint(3, int(min(age, 6) * 24)))
        return st, min(res, NOW - dt.timedelta(hours=1))
    return st, None


def order_status(rng, created, kind="wine"):
    age = (NOW - created).total_seconds() / 86400
    if rng.random() < 0.05:
        return "cancelled"
    if kind == "tariff":
        return "confirmed" if age > 1 else rng.choice(["new", "confirmed"])
    if age < 1:
        return rng.choice(["new", "confirmed"])
    if age < 2.5:
        return rng.choice(["confirmed", "shipped"])
    if age < 6:
        return rng.choice(["shipped", "delivered", "delivered"])
    return "delivered"


def base_ctx(rng, contact):
    ctx = {"name": formal_name(contact) if contact else "Anrufer", "kundennr": contact["customer_number"] if contact else "–",
           "strasse": contact["street"] if contact else "Hauptstraße 12", "ort": contact["city"] if contact else "Musterstadt",
           "plz": contact["postcode"] if contact else "12345"}
    return ctx


def build_interaction(rng, T, cfg, sc, contact, start, channel, pool, ref):
    """One interaction with its timeline; returns (interaction, extras) where extras may hold an order/ticket."""
    ctx = base_ctx(rng, contact)
    ctx.update(sc["ctx"](rng, contact) if "ctx" in sc else {})
    queue = sc["queue"]
    subject = fill(rng, sc["subjects"], ctx)
    utter = fill(rng, sc["utterances"], ctx)
    kb_slug = rng.choice(sc["kb"]) if sc.get("kb") else None
    outcome = rng.choices(sc["outcomes"], weights=[o[1] for o in sc["outcomes"]])[0]
    disposition, _, action = outcome
    if contact is None:
        action = None
    ctx["dispo"] = disposition
    it = {"ref": ref, "channel": channel, "direction": "inbound", "queue": queue, "subject": subject,
          "contact": contact["customer_number"] if contact else None, "started_at": start}
    tl = Timeline(start)
    extras = {}
    hotline = cfg["hotline"]

    if channel == "voice":
        remote, known = caller_number(rng, contact)
        it["remote_address"] = remote
        tl.events.append({"type": "call.started", "at": start, "actor": "system",
                          "payload": {"from": remote, "to": hotline}})
        if contact and known:
            tl.add("contact.identified", "system", {"customer_number": contact["customer_number"],
                                                    "name": display_name(contact), "method": "Rufnummer"}, (0, 0))
        tl.add("say", "virtual-agent", {"text": cfg["greeting"]}, (1, 1))
        rec = rng.random() < 0.35
        if rec:
            tl.add("say", "virtual-agent", {"text": cfg["recording_prompt"]}, (6, 9), rng, opt=3)
            tl.add("dtmf.received", "caller", {"digit": "1", "meaning": "Aufzeichnung erlaubt"}, (2, 5), rng, opt=3)
        if sc.get("digit"):
            tl.add("prompt.played", "virtual-agent", {"prompt": "hauptmenue"}, (2, 6), rng, opt=3)
            tl.add("dtmf.received", "caller", {"digit": sc["digit"]}, (8, 25), rng, opt=2)
            tl.add("menu.selected", "virtual-agent", {"digit": sc["digit"], "option": sc["option"], "label": sc["label"]}, (0, 0))
        if rng.random() < 0.55:
            tl.add("say", "virtual-agent", {"text": cfg["intent_prompt"]}, (1, 2), rng, opt=2)
            tl.add("input", "caller", {"text": utter, "mode": "speech",
                                       "confidence": round(rng.uniform(0.71, 0.98), 2)}, (4, 12), rng)
        if contact and not known and rng.random() < 0.5:
            tl.add("say", "virtual-agent", {"text": cfg["id_prompt"]}, (1, 2), rng, opt=2)
            tl.add("input", "caller", {"field": "customer_number", "digits": contact["customer_number"],
                                       "mode": "dtmf"}, (6, 14), rng)
            tl.add("contact.identified", "virtual-agent", {"customer_number": contact["customer_number"],
                                                          "name": display_name(contact), "method": "Kundennummer per Tastatur"}, (1, 1))
            known = True
        if sc.get("ivr_only") and rng.random() < sc["ivr_only"]:
            # self-service in the voice menu, no agent needed
            for text in sc["ivr_texts"]:
                tl.add("say", "virtual-agent", {"text": fill(rng, text, ctx)}, (2, 6), rng)
            tl.add("call.ended", "caller", {"reason": "caller_hangup", "duration_seconds": int((tl.t - start).total_seconds()) + 3}, (3, 3))
            it.update(queue=None, ended_at=tl.t, end_reason="caller_hangup", disposition=None,
                      notes="Selbstbedienung im Sprachmenü, kein Agent.", timeline=tl.trimmed())
            it["subject"] = sc.get("ivr_subject", subject)
            return it, extras
        if kb_slug and rng.random() < 0.6:
            tl.add("kb.article.shown", "virtual-agent", {"article": kb_slug, "title": T["kb"][kb_slug], "to": "agent"}, (0, 1), rng)
            kb_slug = None
        tl.add("queue.entered", "system", {"queue": queue, "position": rng.randint(1, 6)}, (1, 2), rng)
        wait = rng.randint(*sc.get("wait", (8, 140)))
        if rng.random() < sc.get("abandon", 0.07):
            wait = rng.randint(15, 260)
            tl.add("say", "virtual-agent", {"text": cfg["hold_text"]}, (min(30, wait - 1), min(30, wait - 1)))
            tl.add("call.ended", "caller", {"reason": "abandoned", "wait_seconds": wait}, (wait - min(30, wait - 1), wait - min(30, wait - 1)))
            it.update(ended_at=tl.t, end_reason="abandoned", timeline=tl.trimmed(),
                      notes="Anrufer hat in der Warteschlange aufgelegt.")
            return it, extras
        talk = rng.randint(*sc.get("talk", (120, 480)))
        connect = tl.t + dt.timedelta(seconds=wait)
        agent = None
        for extra_wait in (0, 60, 120, 240):
            agent = choose_agent(rng, T, pool, queue, connect + dt.timedelta(seconds=extra_wait),
                                 connect + dt.timedelta(seconds=extra_wait + talk + 40))
            if agent:
                wait += extra_wait
                break
        if not agent:
            tl.add("call.ended", "caller", {"reason": "abandoned", "wait_seconds": wait}, (wait, wait))
            it.update(ended_at=tl.t, end_reason="abandoned", timeline=tl.trimmed(),
                      notes="Anrufer hat in der Warteschlange aufgelegt (alle Agenten im Gespräch).")
            return it, extras
        answered = tl.add("agent.connected", agent["username"], {"agent": agent["username"], "name": agent["display_name"],
                                                                 "wait_seconds": wait}, (wait, wait))
        it.update(agent=agent["username"], answered_at=answered)
        if rec:
            tl.add("recording.started", "system", {"consent": "Anrufer per Taste 1"}, (1, 1), opt=1)
        if contact and not known:
            tl.add("contact.identified", agent["username"], {"customer_number": contact["customer_number"],
                                                           "name": display_name(contact), "method": "Abfrage durch Agent (Name, Adresse)"}, (25, 70), rng)
        if kb_slug:
            tl.add("kb.article.shown", agent["username"], {"article": kb_slug, "title": T["kb"][kb_slug], "to": "agent"}, (20, 90), rng)
        talk_end = answered + dt.timedelta(seconds=talk)
        tl.t = max(tl.t, answered + dt.timedelta(seconds=talk // 2))
        note = fill(rng, sc["notes"], ctx)
        tl.add("note", agent["username"], {"text": note}, (5, 40), rng)
        if action:
            extras = sc["action"](rng, ctx, contact, agent, tl.t) if "action" in sc else {}
            for key in ("order", "ticket"):
                if key in extras and action in (key, "both"):
                    o = extras[key]
                    tl.add(f"{key}.created", agent["username"],
                           ({"order_number": o["order_number"], "summary": o["summary"]} if key == "order" else
                            {"ticket_number": o["ticket_number"], "subject": o["subject"], "priority": o["priority"]}),
                           (20, 60), rng)
                    o["created_at"] = tl.t
            extras = {k: v for k, v in extras.items() if action in (k, "both")}
        if sc.get("transfer_target"):
                tgt = sc["transfer_target"]
                tl.add("transfer", agent["username"], {"to": tgt[1], "target": tgt[0], "reason": fill(rng, sc["transfer_reason"], ctx),
                                                       "mode": "blind"}, (10, 30), rng)
        if rng.random() < 0.3 and sc.get("notes2"):
            tl.add("note", agent["username"], {"text": fill(rng, sc["notes2"], ctx)}, (10, 40), rng, opt=1)
        tl.add("disposition.set", agent["username"], {"disposition": disposition}, (3, 10), rng)
        tl.t = max(tl.t, talk_end)
        if rec:
            tl.add("recording.stopped", "system", {}, (0, 0), opt=1)
        if sc.get("transfer_target"):
            reason = "transferred"
        else:
            reason = rng.choice(["caller_hangup", "caller_hangup", "agent_hangup"])
        tl.add("call.ended", "caller" if reason == "caller_hangup" else agent["username"],
               {"reason": reason, "duration_seconds": int((tl.t - start).total_seconds()) + 1}, (1, 1))
        pool.take(agent["username"], answered, tl.t)
        it.update(ended_at=tl.t, end_reason=reason, disposition=disposition, notes=note, timeline=tl.trimmed())
        return it, extras

    # chat and e-mail
    is_mail = channel == "email"
    if is_mail:
        it["remote_address"] = contact["email"] if contact and contact["email"] else f"kunde{rng.randint(100, 999)}@example.net"
        text = fill(rng, sc.get("mail_texts", sc["utterances"]), ctx)
        tl.events.append({"type": "input", "at": start, "actor": "caller",
                          "payload": {"mode": "email", "from": it["remote_address"], "subject": subject, "text": text}})
    else:
        it["remote_address"] = f"webchat:{rng.randint(10**7, 10**8 - 1)}"
        tl.events.append({"type": "chat.message", "at": start, "actor": "caller", "payload": {"from": "caller", "text": utter}})
        tl.add("say", "virtual-agent", {"text": cfg["chat_greeting"]}, (1, 2), rng)
    if contact:
        tl.add("contact.identified", "system" if is_mail else "virtual-agent",
               {"customer_number": contact["customer_number"], "name": display_name(contact),
                "method": "E-Mail-Adresse" if is_mail else "Kundennummer im Chat"}, (1, 3) if is_mail else (15, 40), rng)
    tl.add("queue.entered", "system", {"queue": queue}, (1, 2), rng)
    wait = rng.randint(1200, 5 * 3600) if is_mail else rng.randint(10, 120)
    talk = rng.randint(240, 720) if not is_mail else rng.randint(180, 600)
    connect = tl.t + dt.timedelta(seconds=wait)
    # e-mails arriving after office hours are picked up next morning
    if is_mail and (connect + CET).hour >= 18:
        nxt = (connect + CET).date() + dt.timedelta(days=1)
        connect = dt.datetime(nxt.year, nxt.month, nxt.day, 8, rng.randint(5, 50)) - CET
        wait = int((connect - tl.t).total_seconds())
    agent = choose_agent(rng, T, pool, queue, connect, connect + dt.timedelta(seconds=talk))
    if not agent:
        agent = rng.choice(agents_for_queue(T, queue))
    answered = tl.add("agent.connected", agent["username"], {"agent": agent["username"], "name": agent["display_name"],
                                                             "wait_seconds": wait}, (wait, wait))
    it.update(agent=agent["username"], answered_at=answered)
    if kb_slug:
        tl.add("kb.article.shown", agent["username"], {"article": kb_slug, "title": T["kb"][kb_slug], "to": "agent"}, (10, 60), rng)
    answer = fill(rng, sc.get("answers", ["Vielen Dank für Ihre Nachricht, wir haben alles erledigt."]), ctx)
    if is_mail:
        tl.add("note", agent["username"], {"text": "Antwort per E-Mail versandt: " + answer}, (60, talk), rng)
    else:
        tl.add("chat.message", agent["username"], {"from": "agent", "text": f"Hallo, hier ist {agent['display_name'].split()[0]} vom Kundenservice. " + answer}, (30, 90), rng)
        tl.add("chat.message", "caller", {"from": "caller", "text": rng.choice(cfg["chat_thanks"])}, (40, 160), rng)
        tl.add("chat.message", agent["username"], {"from": "agent", "text": rng.choice(cfg["chat_bye"])}, (10, 40), rng)
    note = fill(rng, sc["notes"], ctx)
    if not is_mail:
        tl.add("note", agent["username"], {"text": note}, (10, 60), rng)
    if action:
        extras = sc["action"](rng, ctx, contact, agent, tl.t) if "action" in sc else {}
        for key in ("order", "ticket"):
            if key in extras and action in (key, "both"):
                o = extras[key]
                tl.add(f"{key}.created", agent["username"],
                       ({"order_number": o["order_number"], "summary": o["summary"]} if key == "order" else
                        {"ticket_number": o["ticket_number"], "subject": o["subject"], "priority": o["priority"]}), (20, 60), rng)
                o["created_at"] = tl.t
        extras = {k: v for k, v in extras.items() if action in (k, "both")}
    tl.add("disposition.set", agent["username"], {"disposition": disposition}, (5, 20), rng)
    pool.take(agent["username"], answered, tl.t)
    it.update(ended_at=tl.t, end_reason=None if is_mail else rng.choice(["caller_hangup", "agent_hangup"]),
              disposition=disposition, notes=note, timeline=tl.trimmed())
    return it, extras


def build_outbound(rng, T, cfg, sc, contact, start, pool, ref):
    """A service callback agreed earlier (no advertising): agent calls the customer back."""
    ctx = base_ctx(rng, contact)
    ctx.update(sc["ctx"](rng, contact) if "ctx" in sc else {})
    queue = sc["queue"]
    talk = rng.randint(90, 360)
    agent = choose_agent(rng, T, pool, queue, start, start + dt.timedelta(seconds=talk + 60))
    if not agent:
        return None, {}
    remote = e164(rng.choice([p for p in contact["phones"] if p[0] != "fax"])[1])
    tl = Timeline(start)
    tl.events.append({"type": "call.started", "at": start, "actor": agent["username"],
                      "payload": {"from": cfg["hotline"], "to": remote, "purpose": "Rückruf (Serviceanliegen)"}})
    answered = tl.add("call.answered", "system", {"by": "callee"}, (8, 25), rng)
    tl.add("contact.identified", agent["username"], {"customer_number": contact["customer_number"],
                                                   "name": display_name(contact), "method": "Rückrufnummer"}, (0, 0))
    disposition = rng.choice(sc.get("callback_dispositions", [sc["outcomes"][0][0]]))
    ctx["dispo"] = disposition
    note = "Rückruf: " + fill(rng, sc["notes"], ctx)
    tl.t = answered + dt.timedelta(seconds=talk // 2)
    tl.add("note", agent["username"], {"text": note}, (5, 30), rng)
    tl.add("disposition.set", agent["username"], {"disposition": disposition}, (3, 10), rng)
    tl.t = max(tl.t, answered + dt.timedelta(seconds=talk))
    tl.add("call.ended", agent["username"], {"reason": "agent_hangup", "duration_seconds": int((tl.t - start).total_seconds()) + 1}, (1, 1))
    pool.take(agent["username"], start, tl.t)
    it = {"ref": ref, "channel": "voice", "direction": "outbound", "contact": contact["customer_number"], "queue": queue,
          "agent": agent["username"], "remote_address": remote, "subject": "Rückruf: " + fill(rng, sc["subjects"], ctx),
          "started_at": start, "answered_at": answered, "ended_at": tl.t, "end_reason": "agent_hangup",
          "disposition": disposition, "notes": note, "timeline": tl.trimmed()}
    return it, {}


class State:
    def __init__(self, order_start, ticket_start):
        self.order_no = order_start
        self.ticket_no = ticket_start
        self.orders = []
        self.tickets = []
        self.orders_by_contact = {}

    def next_order(self):
        self.order_no += 1
        return f"B-2026-{self.order_no:06d}"

    def next_ticket(self):
        self.ticket_no += 1
        return f"T-2026-{self.ticket_no:06d}"


def delivery_of(contact):
    return {"name": display_name(contact) if not contact["company"] else
            (contact["company"] + (f", {contact['first_name']} {contact['last_name']}" if contact["last_name"] else "")),
            "street": contact["street"], "postcode": contact["postcode"], "city": contact["city"]}


# ======================================================================================
# Stadtwerke Musterstadt
# ======================================================================================

SW_CFG = {
    "hotline": "+49567801100",
    "greeting": "Herzlich willkommen bei den Stadtwerken Musterstadt. Bei Gasgeruch drücken Sie bitte jederzeit die 9 – Sie werden sofort mit unserem Notdienst verbunden.",
    "recording_prompt": "Damit wir unseren Service verbessern können, würden wir das Gespräch gern aufzeichnen. Wenn Sie einverstanden sind, drücken Sie die 1, sonst die 2.",
    "intent_prompt": "Bitte sagen Sie mir in wenigen Worten, worum es geht.",
    "id_prompt": "Wenn Sie Ihre Kundennummer zur Hand haben, geben Sie sie bitte jetzt über die Tastatur ein.",
    "hold_text": "Alle Mitarbeitenden sind noch im Gespräch. Viele Anliegen können Sie auch im Kundenportal „Mein Stadtwerk“ erledigen. Bitte bleiben Sie dran.",
    "chat_greeting": "Hallo! Ich bin der digitale Assistent der Stadtwerke Musterstadt. Ich verbinde Sie gleich mit einer Kollegin oder einem Kollegen – nennen Sie mir bitte noch Ihre Kundennummer.",
    "chat_thanks": ["Super, vielen Dank!", "Danke für die schnelle Hilfe.", "Alles klar, danke.", "Okay, dann warte ich auf die Post. Danke!", "Perfekt, schönen Tag noch."],
    "chat_bye": ["Gern geschehen! Einen schönen Tag noch.", "Sehr gern. Wenn noch etwas ist, melden Sie sich einfach.", "Danke für Ihre Nachricht und einen schönen Tag!"],
}

SW_MONTHS = ["Dezember", "Januar", "Februar"]
SW_TARIFFS_STROM = [("SW-STROM-BASIS12", "Strom Basis 12"), ("SW-STROM-OEKO", "Strom Öko Regional")]
SW_TARIFFS_GAS = [("SW-GAS-KOMFORT24", "Gas Komfort 24"), ("SW-GAS-OEKO", "Gas Öko 10")]


def sw_meter(rng, kind="strom"):
    if kind == "gas":
        return f"7GMT{rng.randint(10000000, 99999999)}"
    if kind == "wasser":
        return f"WZ-{rng.randint(100000, 999999)}"
    return f"1ESY11{rng.randint(60000000, 69999999)}"


def sw_ctx(rng, contact):
    alt = rng.randrange(45, 190, 1)
    delta = rng.randrange(8, 45)
    betrag = rng.randrange(140, 1480) + rng.choice([0, 0.5, 0.17, 0.83])
    raten = rng.choice([3, 4, 6, 6, 8, 10, 12])
    kwh = rng.choice([1400, 1800, 2200, 2500, 2900, 3300, 3800, 4200, 5100])
    tarif = rng.choice(SW_TARIFFS_STROM)
    day = NOW.date() + dt.timedelta(days=rng.randint(10, 40))
    return {
        "zaehler": sw_meter(rng), "gaszaehler": sw_meter(rng, "gas"), "wasserzaehler": sw_meter(rng, "wasser"),
        "stand": f"{rng.randint(1200, 98000):,}".replace(",", "."), "gasstand": f"{rng.randint(800, 30000):,}".replace(",", "."),
        "alt": euro(alt), "neu_hoch": euro(alt + delta), "neu_tief": euro(max(25, alt - delta)),
        "monat": rng.choice(SW_MONTHS), "betrag": euro(betrag), "raten": raten, "rate": euro(round(betrag / raten, 2)),
        "datum": fmt_de(day), "kwh": f"{kwh:,}".replace(",", "."), "tarif": tarif[1],
        "ersparnis": euro(round(kwh * rng.uniform(0.045, 0.075) + rng.randint(10, 25), 0)),
        "grund_hoch": rng.choice(["neue Wärmepumpe seit Oktober", "E-Auto lädt zu Hause", "Homeoffice, beide Partner",
                                  "Nachwuchs, Familie jetzt zu viert", "Angst vor Nachzahlung nach Preiserhöhung",
                                  "Durchlauferhitzer statt Gastherme"]),
        "grund_tief": rng.choice(["Sohn ausgezogen", "neue Heizungspumpe und LED", "Balkonkraftwerk seit Sommer",
                                  "lange Abwesenheit (Reha)", "neuer Kühlschrank, alte Gefriertruhe abgeschafft",
                                  "Guthaben aus letzter Jahresabrechnung"]),
        "nachbar": rng.choice(["Nachbarn auch betroffen", "nur diese Wohnung betroffen", "Straßenbeleuchtung ebenfalls aus"]),
        "fi": rng.choice(["FI-Schalter ausgelöst, Ursache Wasserkocher", "Sicherung 16 A für Küche rausgeflogen",
                          "Zähleranzeige dunkel", "Hauptsicherung im Hausanschlusskasten vermutet"]),
        "ort_stoerung": rng.choice(["Lindenfeld 2–28", "Nordring zwischen Ahornweg und Birkenallee", "Am Wasserturm",
                                    "Schillerstraße / Goethestraße", "Musterdorf Ortsmitte", "Südring 40–60"]),
        "dauer": rng.choice(["ca. 1 Stunde", "ca. 2 Stunden", "bis etwa 16 Uhr", "noch ca. 45 Minuten"]),
        "einzug": fmt_de(NOW.date() + dt.timedelta(days=rng.randint(-20, 30))),
        "neue_adresse": rng.choice(["Lindenfeld 14", "Schillerstraße 3", "Rosenweg 22", "Am Anger 5", "Bergstraße 11",
                                    "Nordring 88", "Kastanienweg 7"]),
        "wegzug_ort": rng.choice(["Kassel", "Hamburg", "Leipzig", "Freiburg", "Köln", "Erfurt"]),
        "personen": rng.choice(["1 Person", "2 Personen", "3 Personen", "4 Personen"]),
        "anbieter": rng.choice(["einem Vergleichsportal-Anbieter", "einem Discounter aus dem Vergleichsportal",
                                "einem überregionalen Ökostromanbieter", "dem Anbieter ihres Arbeitgebers"]),
        "wallbox_m": rng.choice(["6 m", "8 m", "12 m", "15 m"]),
        "auto": rng.choice(["VW ID.3", "Skoda Enyaq", "Tesla Model 3", "Renault Zoe", "Hyundai Kona Elektro", "BMW i4"]),
        "kwp": rng.choice(["6,2", "8,4", "9,8", "11,5", "14,0"]),
    }


def sw_order(state, rng, contact, when, skus, summary, status_kind="tariff", notes=""):
    o = {"order_number": state.next_order(), "contact": contact["customer_number"], "status": None,
         "delivery": delivery_of(contact), "lines": [{"sku": s, "quantity": 1} for s in skus],
         "summary": summary, "notes": notes, "created_at": when, "kind": status_kind}
    return o


def sw_ticket(state, rng, contact, agent, when, category, priority, subject, description, remedy, owner=None):
    return {"ticket_number": state.next_ticket(), "contact": contact["customer_number"] if contact else None,
            "category": category, "priority": priority, "owner": owner or agent["username"], "subject": subject,
            "description": description, "desired_remedy": remedy, "created_at": when}


def sw_scenarios(state):
    S = []

    def add(**kw):
        kw.setdefault("ctx", sw_ctx)
        S.append(kw)

    add(key="zaehlerstand", weight=16, queue="Kundenservice", digit="1", option="zaehlerstand", label="Zählerstand melden",
        channels={"voice": 0.8, "email": 0.12, "chat": 0.08},
        subjects=["Zählerstand melden", "Zählerstand Strom durchgeben", "Zählerstand Gas nachgereicht",
                  "Ablesekarte verloren – Zählerstand telefonisch", "Zwischenablesung wegen Tarifwechsel"],
        utterances=["Ich möchte meinen Zählerstand durchgeben.", "Ich habe die Ablesekarte verlegt und will den Stand telefonisch melden.",
                    "Zählerstand für Strom und Gas bitte.", "Der Ableser war da, aber ich war nicht zu Hause.",
                    "Ich hab eine Karte bekommen, dass ich ablesen soll."],
        mail_texts=["Guten Tag, anbei mein Zählerstand Strom: Zähler {zaehler}, Stand {stand} kWh, abgelesen heute. Foto hängt an. Viele Grüße",
                    "Hallo, der Ableser hat eine Karte eingeworfen. Gaszähler {gaszaehler}, Stand {gasstand} m³. Mit freundlichen Grüßen"],
        answers=["Ihr Zählerstand ist erfasst und plausibel. Sie müssen nichts weiter tun.",
                 "Danke, der Stand {stand} kWh ist gespeichert. Die Jahresrechnung kommt im Januar."],
        kb=["zaehlerstand-melden", "ableser-und-ableseausweis"],
        notes=["Zählerstand Strom, Zähler {zaehler}: {stand} kWh, abgelesen heute. Plausibilität ok.",
               "Zählerstand Gas {gaszaehler}: {gasstand} m³ erfasst; Kunde hatte Ablesekarte verlegt.",
               "Stand {stand} kWh zum Zähler {zaehler} aufgenommen. Plausibilitätswarnung (+34 %) – Kunde bestätigt Wärmepumpe seit Herbst, Abschlagsanpassung angeboten, abgelehnt.",
               "Kunde hat Ableser verpasst; Stand telefonisch gemeldet ({stand} kWh), Foto per E-Mail angekündigt.",
               "Zählernummer am Telefon abgeglichen (Verwechslungsgefahr Mehrfamilienhaus, 2. OG rechts), Stand {stand} kWh gespeichert."],
        outcomes=[("geklärt", 9, None), ("Unterlagen angefordert", 1, None)],
        talk=(70, 240), ivr_only=0.15, ivr_subject="Zählerstand im Sprachmenü gemeldet",
        ivr_texts=["Bitte geben Sie Ihre Zählernummer ein.", "Vielen Dank. Ihr Zählerstand wurde gespeichert. Auf Wiederhören."])

    add(key="abschlag", weight=15, queue="Kundenservice", digit="2", option="kundenservice", label="Rechnung, Abschlag, Bankverbindung",
        channels={"voice": 0.75, "email": 0.1, "chat": 0.15},
        subjects=["Abschlag senken", "Abschlag erhöhen", "Abschlag anpassen nach Preiserhöhung", "Frage zum neuen Abschlagsplan"],
        utterances=["Ich möchte meinen Abschlag ändern.", "Mein Abschlag ist viel zu hoch.", "Ich will mehr zahlen, damit keine Nachzahlung kommt.",
                    "Wieso ist mein Abschlag gestiegen?", "Abschlag anpassen bitte."],
        mail_texts=["Sehr geehrte Damen und Herren, seit dem Auszug unseres Sohnes verbrauchen wir deutlich weniger. Bitte senken Sie den Abschlag. Kundennummer {kundennr}."],
        answers=["Ich habe Ihren Abschlag ab {monat} angepasst. Den neuen Abschlagsplan finden Sie in ein paar Tagen im Portal.",
                 "Der neue Abschlag gilt ab {monat}. Bitte denken Sie daran, Ihren Dauerauftrag zu ändern."],
        kb=["abschlag-anpassen", "jahresabrechnung-verstehen"],
        notes=["Abschlag von {alt} auf {neu_hoch} ab {monat} erhöht. Grund: {grund_hoch}.",
               "Abschlag von {alt} auf {neu_tief} ab {monat} gesenkt, Grund: {grund_tief}. Aktueller Zählerstand {stand} kWh als Basis erfasst.",
               "Kundin wollte Abschlag halbieren; Empfehlung laut Hochrechnung {neu_tief}. Auf Nachzahlungsrisiko hingewiesen, Abschlag auf {neu_tief} ab {monat} gesetzt.",
               "Abschlagserhöhung nach Preismitteilung erklärt (Arbeitspreis gestiegen). Kunde einverstanden, keine Änderung.",
               "Dauerauftrag läuft noch mit {alt}; Kunde ändert selbst. SEPA-Mandat angeboten."],
        outcomes=[("geklärt", 10, None), ("Rückruf vereinbart", 1, None)], talk=(120, 420))

    add(key="rechnung", weight=13, queue="Kundenservice", digit="2", option="kundenservice", label="Rechnung, Abschlag, Bankverbindung",
        channels={"voice": 0.7, "email": 0.25, "chat": 0.05},
        subjects=["Rechnung zu hoch", "Hohe Nachzahlung Jahresabrechnung", "Einwand gegen Jahresabrechnung Strom",
                  "Geschätzter Verbrauch auf der Rechnung", "Nachzahlung nicht nachvollziehbar"],
        utterances=["Meine Jahresabrechnung ist viel zu hoch.", "Ich soll {betrag} nachzahlen, das kann nicht stimmen.",
                    "Auf der Rechnung steht geschätzt, ich habe aber abgelesen.", "Ich verstehe meine Rechnung nicht."],
        mail_texts=["Guten Tag, die Jahresabrechnung weist eine Nachzahlung von {betrag} aus. Unser Verbrauch hat sich nicht verändert. Ich bitte um Prüfung und lege Widerspruch ein. {name}",
                    "Hallo, Sie haben meinen Verbrauch geschätzt, obwohl ich den Zählerstand im Portal eingegeben habe. Bitte korrigieren. Kundennummer {kundennr}."],
        answers=["Wir haben die Prüfung Ihrer Rechnung eingeleitet; für den strittigen Betrag ruht die Mahnung.",
                 "Mit Ihrem abgelesenen Stand wird die Rechnung neu erstellt, Sie erhalten sie in etwa einer Woche."],
        kb=["rechnung-zu-hoch-pruefen", "jahresabrechnung-verstehen", "zaehlerwechsel-eichfrist"],
        notes=["Nachzahlung {betrag}; Verbrauch +62 % ggü. Vorjahr. Zählernummer auf Rechnung weicht ab ({zaehler}) – Verdacht Zählerverwechslung. Rechnungsprüfung beauftragt, Mahnsperre 30 Tage.",
               "Rechnung mit geschätztem Endstand. Kunde nennt abgelesenen Stand {stand} kWh (Foto vorhanden). Korrektur beauftragt.",
               "Rechnung gemeinsam durchgegangen: Nachzahlung {betrag} durch Preisanpassung und zu niedrigen Abschlag. Kunde versteht, Abschlag auf {neu_hoch} erhöht.",
               "Kunde zweifelt an Zähler, Befundprüfung erklärt (Kostenrisiko). Kunde überlegt, meldet sich wieder.",
               "Beschwerde über Höhe der Nachzahlung {betrag}; Ratenzahlung angeboten, Kunde möchte erst schriftliche Prüfung."],
        outcomes=[("Beschwerde aufgenommen", 6, "ticket"), ("geklärt", 2, None), ("Unterlagen angefordert", 2, None)],
        talk=(240, 720),
        action=lambda rng, ctx, c, a, t: {"ticket": sw_ticket(state, rng, c, a, t, "Rechnungsprüfung", rng.choice(["normal", "normal", "high"]),
                                                               rng.choice(["Rechnungsprüfung Jahresabrechnung – Nachzahlung " + ctx["betrag"],
                                                                           "Geschätzter Endstand trotz Selbstablesung",
                                                                           "Verdacht Zählerverwechslung im Mehrfamilienhaus"]),
                                                               f"Kunde bestreitet Nachzahlung {ctx['betrag']}. Zählernummer laut Rechnung prüfen, Ablesehistorie und Vorjahresverbrauch vergleichen. Mahnsperre 30 Tage gesetzt.",
                                                               rng.choice(["Korrigierte Rechnung", "Schriftliche Erklärung der Nachzahlung", "Rechnung mit abgelesenem Stand neu erstellen"]))})

    add(key="sepa", weight=6, queue="Kundenservice", digit="2", option="kundenservice", label="Rechnung, Abschlag, Bankverbindung",
        channels={"voice": 0.6, "email": 0.2, "chat": 0.2},
        subjects=["Neue Bankverbindung", "SEPA-Lastschrift einrichten", "Rücklastschrift – Gebühr", "Lastschriftmandat widerrufen"],
        utterances=["Ich habe ein neues Konto.", "Ich möchte per Lastschrift zahlen.", "Warum wurden mir Rücklastschriftgebühren berechnet?",
                    "Ich will nicht mehr, dass Sie abbuchen."],
        answers=["Das Mandatsformular haben wir Ihnen per E-Mail geschickt; alternativ geht es im Portal unter Meine Daten.",
                 "Ihre Zahlungsart ist auf Überweisung umgestellt. Unsere Bankverbindung steht auf jeder Rechnung."],
        kb=["sepa-lastschriftmandat", "identitaetspruefung-und-vollmacht"],
        notes=["Neue IBAN gemeldet; Mandatsformular per E-Mail versandt, Hinweis auf Portal. Gilt ab Folgemonat, wenn bis 20. zurück.",
               "Rücklastschrift Oktober (mangelnde Deckung), Gebühr 3,50 € erklärt. Kunde überweist Abschlag selbst, Mahnsperre 10 Tage.",
               "Mandat widerrufen, Zahlungsart auf Überweisung umgestellt, Bankverbindung für Überweisungen genannt.",
               "SEPA-Mandat im Portal bestätigt, Vorabankündigung erklärt (5 Tage vor Einzug)."],
        outcomes=[("geklärt", 6, None), ("Unterlagen angefordert", 4, None)], talk=(90, 300))

    add(key="umzug", weight=9, queue="Tarife & Verträge", digit="4", option="tarife", label="Tarife, Umzug und Verträge",
        channels={"voice": 0.8, "email": 0.15, "chat": 0.05},
        subjects=["Umzug innerhalb Musterstadt", "Auszug – Abmeldung Strom und Gas", "Umzug melden", "Wegzug nach {wegzug_ort}"],
        utterances=["Ich ziehe um und möchte meinen Strom mitnehmen.", "Wir ziehen weg aus Musterstadt.", "Ich muss meinen Umzug melden.",
                    "Ich ziehe nächsten Monat aus, was muss ich tun?"],
        mail_texts=["Hallo, wir ziehen zum {einzug} in die {neue_adresse}. Bitte Strom und Gas ummelden. Zählerstände schicke ich nach der Schlüsselübergabe. Gruß {name}"],
        answers=["Ihr Umzug ist vorgemerkt. Bitte schicken Sie uns die Zählerstände beider Wohnungen zum Übergabetag."],
        kb=["umzug-innerhalb-musterstadt", "auszug-aus-dem-versorgungsgebiet"],
        notes=["Umzug zum {einzug} in die {neue_adresse}, Tarif {tarif} wird mitgenommen. Zählerstände alte Wohnung folgen nach Übergabe; neuer Abschlag für {personen} berechnet.",
               "Auszug zum {einzug}, Wegzug nach {wegzug_ort}. Sonderkündigung mit 6 Wochen Frist erklärt, neue Anschrift für Schlussrechnung aufgenommen.",
               "Umzug gemeldet: alte Wohnung Endstand {stand} kWh, neue Wohnung Zähler {zaehler}. Nachmieterin bekannt, Vertrag endet zum Übergabetag.",
               "Umzug innerhalb Musterstadt; Kunde wechselt gleichzeitig aus der Grundversorgung in {tarif} (Ersparnis ca. {ersparnis}/Jahr)."],
        outcomes=[("Auftrag erfasst", 6, None), ("Kündigung aufgenommen", 3, None), ("Rückruf vereinbart", 1, None)],
        talk=(240, 600))

    def tarif_action(rng, ctx, c, a, t):
        sku, name = rng.choice(SW_TARIFFS_STROM + SW_TARIFFS_GAS + [("SW-STROM-OEKO", "Strom Öko Regional")])
        ctx["tarif"] = name
        return {"order": sw_order(state, rng, c, t, [sku], f"Tarifwechsel in {name}", notes=f"Tarifwechsel zum 01. des übernächsten Monats, Auftrag telefonisch, Bestätigung mit Widerrufsbelehrung versandt.")}

    add(key="tarifwechsel", weight=14, queue="Tarife & Verträge", digit="4", option="tarife", label="Tarife, Umzug und Verträge",
        channels={"voice": 0.8, "chat": 0.15, "email": 0.05},
        subjects=["Tarifwechsel aus der Grundversorgung", "Beratung günstigerer Stromtarif", "Wechsel in Ökostrom", "Gas Komfort 24 – Preisgarantie"],
        utterances=["Ich glaube, ich zahle zu viel für Strom.", "Gibt es einen günstigeren Tarif?", "Ich möchte Ökostrom.",
                    "Ich will in einen Tarif mit Preisgarantie wechseln.", "Lohnt sich bei mir ein Tarifwechsel?"],
        answers=["Ich habe Ihnen den Wechsel in {tarif} eingetragen. Die Vertragsbestätigung mit Widerrufsbelehrung kommt per E-Mail.",
                 "Bei Ihrem Verbrauch von {kwh} kWh sparen Sie mit {tarif} etwa {ersparnis} im Jahr."],
        kb=["tarifwechsel-strom-gas", "grundversorgung-und-ersatzversorgung", "preisbestandteile-strompreis"],
        notes=["Kunde in Grundversorgung, Verbrauch {kwh} kWh. Wechsel in {tarif} beraten, Ersparnis ca. {ersparnis}/Jahr. Auftrag erfasst, Widerrufsrecht erklärt.",
               "Beratung Ökostrom; Unterschied Öko Regional vs. Basis 12 erklärt. Kunde entscheidet sich für {tarif}.",
               "Tarifvergleich für {kwh} kWh gerechnet, Angebot per E-Mail. Kunde vergleicht noch mit {anbieter}.",
               "Wechsel Gas in Komfort 24 (Preisgarantie 24 Monate ohne Steuern/CO2-Preis) erklärt und beauftragt."],
        outcomes=[("Auftrag erfasst", 6, "order"), ("Angebot versandt", 3, None), ("beraten – kein Abschluss", 2, None)],
        talk=(300, 780), action=tarif_action)

    def neukunde_action(rng, ctx, c, a, t):
        sku, name = rng.choice(SW_TARIFFS_STROM)
        skus = [sku] + ([rng.choice(SW_TARIFFS_GAS)[0]] if rng.random() < 0.4 else [])
        return {"order": sw_order(state, rng, c, t, skus, "Neukunde: Lieferbeginn zum Einzug",
                                  notes=f"Einzug zum {ctx['einzug']}, Zählerstand bei Einzug folgt. Lieferung auf ausdrücklichen Wunsch vor Ablauf der Widerrufsfrist.")}

    add(key="neukunde", weight=6, queue="Tarife & Verträge", digit="4", option="tarife", label="Tarife, Umzug und Verträge",
        channels={"voice": 0.85, "chat": 0.15},
        subjects=["Einzug – Anmeldung Neukunde", "Neu in Musterstadt: Strom anmelden", "Lieferantenwechsel zu den Stadtwerken"],
        utterances=["Ich bin neu eingezogen und möchte Strom anmelden.", "Ich will zu Ihnen wechseln.", "Wir haben ein Haus gekauft und brauchen Strom und Gas."],
        answers=["Ihre Anmeldung ist erfasst. Bitte senden Sie uns noch den Zählerstand vom Einzugstag."],
        kb=["einzug-neukunde-anmelden", "widerrufsrecht-energievertrag", "grundversorgung-und-ersatzversorgung"],
        notes=["Neukunde, Einzug {einzug}, {personen}, geschätzt {kwh} kWh. Anmeldung in {tarif}, SEPA-Mandat per Portal. Einwilligungen einzeln abgefragt.",
               "Lieferantenwechsel von {anbieter}; Kündigung beim Altlieferanten übernehmen wir. Auftrag {tarif}.",
               "Hauskauf, Strom und Gas angemeldet; Zählernummern vom Notartermin-Protokoll übernommen."],
        outcomes=[("Auftrag erfasst", 8, "order"), ("Rückruf vereinbart", 1, None)], talk=(360, 840), action=neukunde_action)

    def kuend_action(rng, ctx, c, a, t):
        sku, name = rng.choice(SW_TARIFFS_STROM)
        return {"order": sw_order(state, rng, c, t, [sku], f"Haltewechsel in {name} mit neuer Preisgarantie",
                                  notes="Kunde wollte wegen Preiserhöhung kündigen, bleibt mit Tarifwechsel.")}

    add(key="kuendigung", weight=7, queue="Tarife & Verträge", digit="4", option="tarife", label="Tarife, Umzug und Verträge",
        channels={"voice": 0.7, "email": 0.3},
        subjects=["Kündigung wegen Preiserhöhung", "Sonderkündigungsrecht Preisanpassung", "Kündigung Stromvertrag", "Frage zur Preisänderung"],
        utterances=["Ich habe eine Preiserhöhung bekommen und will kündigen.", "Darf ich wegen der Preiserhöhung sofort kündigen?",
                    "Ich möchte meinen Vertrag kündigen.", "Warum wird der Strom schon wieder teurer?"],
        mail_texts=["Hiermit kündige ich meinen Stromvertrag zum nächstmöglichen Zeitpunkt und bitte um schriftliche Bestätigung. Kundennummer {kundennr}, {name}",
                    "Sehr geehrte Damen und Herren, ich mache von meinem Sonderkündigungsrecht wegen der Preiserhöhung Gebrauch. Bitte bestätigen Sie das Vertragsende."],
        answers=["Ihre Kündigung ist eingegangen; die Bestätigung mit dem Vertragsende erhalten Sie innerhalb einer Woche."],
        kb=["preisaenderung-sonderkuendigungsrecht", "kuendigung-energievertrag", "preisbestandteile-strompreis"],
        notes=["Sonderkündigung wegen Preisanpassung zum Wirksamwerden aufgenommen; Wechsel zu {anbieter}. Bestätigung folgt.",
               "Preiserhöhung erklärt (Netzentgelte, Beschaffung). Einmal Alternative {tarif} angeboten – Kunde bleibt und wechselt den Tarif.",
               "Kündigung aufgenommen, Vertragsende laut Laufzeit. Hinweis: ohne neuen Lieferanten Grundversorgung, keine Versorgungslücke.",
               "Kunde fragt nach Preisänderung; Mitteilungsfrist 1 Monat eingehalten, Sonderkündigungsrecht erklärt. Keine Kündigung."],
        outcomes=[("Kündigung aufgenommen", 5, None), ("beraten – kein Abschluss", 3, None), ("Auftrag erfasst", 2, "order")],
        talk=(180, 540), action=kuend_action)

    def stoer_action(rng, ctx, c, a, t):
        return {"ticket": sw_ticket(state, rng, c, a, t, "Störung Strom", rng.choice(["high", "high", "urgent"]),
                                    rng.choice([f"Stromausfall {ctx['strasse']}", "Teilausfall – einzelne Phase fehlt", "Zähler ohne Anzeige"]),
                                    f"Meldung: {ctx['fi']}. {ctx['nachbar']}. Entstördienst beauftragt.",
                                    "Versorgung wiederherstellen", owner="sw.agent2")}

    add(key="stromausfall", weight=12, queue="Störungsannahme", digit="3", option="stoerung_hinweis", label="Störung melden",
        channels={"voice": 1.0}, wait=(3, 40), abandon=0.04,
        subjects=["Stromausfall", "Stromausfall in der Straße", "Kein Strom in der Wohnung", "Störung Strom – Teilausfall"],
        utterances=["Bei mir ist der Strom weg.", "In der ganzen Straße ist der Strom ausgefallen.", "Seit einer Stunde kein Strom.",
                    "Nur die Hälfte der Steckdosen geht noch."],
        kb=["stromausfall-melden", "geplante-versorgungsunterbrechung"],
        notes=["Bekannte Netzstörung {ort_stoerung}, Ursache Kabelfehler; voraussichtliche Dauer {dauer} mitgeteilt. Keine neue Meldung.",
               "Nur Wohnung des Kunden betroffen: {fi}. Kunde zurück zum Sicherungskasten geführt, Strom wieder da.",
               "{nachbar}, Zähler dunkel. Störung aufgenommen, Entstördienst unterwegs, Rückrufnummer notiert.",
               "Teilausfall (eine Phase), Herd und Durchlauferhitzer ohne Funktion. Störung Hausanschluss, Monteur beauftragt.",
               "Defekt hinter dem Zähler (Kundenanlage). Elektroinstallateur empfohlen, Notdienstliste genannt."],
        outcomes=[("bekannte Störung informiert", 3, None), ("Störung aufgenommen", 6, "ticket"),
                  ("Hausinstallation – Installateur empfohlen", 2, None), ("kein Störfall", 1, None)],
        talk=(90, 360), action=stoer_action)

    def gas_action(rng, ctx, c, a, t):
        return {"ticket": sw_ticket(state, rng, c, a, t, "Störung Gas", "urgent",
                                    rng.choice([f"Gasgeruch {ctx['strasse']}", "Gasgeruch im Treppenhaus", "Gasgeruch Straße / Gehweg"]),
                                    "Gasgeruch gemeldet, Verhaltenshinweise gegeben (keine Schalter, Fenster auf, Haus verlassen). Leitstelle alarmiert, Entstörungsdienst unterwegs.",
                                    "Gefahr beseitigen", owner="sw.agent2")}

    add(key="gasgeruch", weight=3, queue="Störungsannahme", digit="9", option="gasgeruch", label="Gasgeruch – Notdienst",
        channels={"voice": 1.0}, wait=(1, 8), abandon=0.0,
        subjects=["Gasgeruch", "Gasgeruch im Keller", "Gasgeruch im Treppenhaus"],
        utterances=["Es riecht im Keller nach Gas!", "Im Treppenhaus riecht es nach Gas.", "Draußen an der Straße riecht es stark nach Gas."],
        kb=["gasgeruch-notfall"],
        notes=["Gasgeruch im Keller, Anrufer hat Haus verlassen, Nachbarn gewarnt (geklopft). Leitstelle alarmiert, Entstörungsdienst ca. 20 Min.",
               "Gasgeruch im Treppenhaus, Fenster geöffnet, keine Schalter betätigt. Anruf an Leitstelle durchgestellt.",
               "Gasgeruch am Gehweg vor {strasse}. Leitstelle informiert, Anrufer hält Abstand."],
        outcomes=[("Leitstelle alarmiert", 1, "both")], talk=(60, 180),
        action=gas_action, transfer_target=("Leitstelle Netz (Gasnotruf)", "+49567801112"),
        transfer_reason=["Gasgeruch – sofortige Übergabe an Leitstelle"])

    def wasser_action(rng, ctx, c, a, t):
        return {"ticket": sw_ticket(state, rng, c, a, t, "Störung Wasser", rng.choice(["high", "urgent"]),
                                    rng.choice(["Wasserrohrbruch Gehweg", "Braunes Wasser aus der Leitung", "Kein Wasser im ganzen Haus", "Undichtigkeit vor dem Wasserzähler"]),
                                    f"Meldung von {ctx['name']}, {ctx['strasse']}. Bereitschaftsdienst Wasser informiert.",
                                    "Schaden beheben", owner="sw.agent2")}

    add(key="wasser", weight=6, queue="Störungsannahme", digit="3", option="stoerung_hinweis", label="Störung melden",
        channels={"voice": 1.0}, wait=(3, 40), abandon=0.05,
        subjects=["Wasserrohrbruch", "Trübes Wasser", "Kein Wasser", "Wasserzähler tropft"],
        utterances=["Auf dem Gehweg sprudelt Wasser raus.", "Bei mir kommt braunes Wasser aus dem Hahn.", "Wir haben kein Wasser.",
                    "Am Wasserzähler tropft es."],
        kb=["wasserstoerung-rohrbruch", "geplante-versorgungsunterbrechung"],
        notes=["Rohrbruch Gehweg vor {strasse}, Wasser tritt aus. Bereitschaftsdienst Wasser alarmiert, Gefahrenstelle (Unterspülung) notiert.",
               "Trübes Wasser nach Netzarbeiten in der Straße; Kaltwasser laufen lassen empfohlen. Rückruf, falls nach 30 Min. nicht klar.",
               "Kein Wasser: Hauptabsperrventil war geschlossen (Handwerker im Haus). Kein Störfall.",
               "Undichtigkeit an der Verschraubung vor dem Zähler – Anlage Stadtwerke. Monteur für morgen früh beauftragt."],
        outcomes=[("Störung aufgenommen", 5, "ticket"), ("kein Störfall", 2, None), ("bekannte Störung informiert", 2, None)],
        talk=(90, 300), action=wasser_action)

    def fw_action(rng, ctx, c, a, t):
        return {"ticket": sw_ticket(state, rng, c, a, t, "Störung Fernwärme", rng.choice(["high", "urgent"]),
                                    rng.choice(["Heizung im ganzen Haus kalt", "Übergabestation zeigt Störung", "Kein Warmwasser – Fernwärme"]),
                                    f"Gebäude {ctx['strasse']}, Fernwärme. Hausmeister vor Ort, Zugang Heizraum geklärt. Bereitschaft Fernwärme beauftragt.",
                                    "Wärmeversorgung wiederherstellen", owner="sw.agent2")}

    add(key="fernwaerme", weight=4, queue="Störungsannahme", digit="3", option="stoerung_hinweis", label="Störung melden",
        channels={"voice": 1.0}, wait=(3, 50), abandon=0.05,
        subjects=["Fernwärme – Heizung kalt", "Kein Warmwasser (Fernwärme)", "Störung Übergabestation"],
        utterances=["Unsere Heizung ist kalt, wir haben Fernwärme.", "Im ganzen Haus gibt es kein warmes Wasser.", "An der Station im Keller blinkt eine rote Lampe."],
        kb=["fernwaerme-heizung-kalt"],
        notes=["Ganzes Gebäude kalt, Übergabestation Fehlercode E12. Bereitschaft Fernwärme beauftragt, Ziel 2 Stunden.",
               "Nur eine Wohnung kalt – Heizkörper entlüften empfohlen, Zuständigkeit Hausverwaltung erklärt.",
               "Regler stand auf Sommerbetrieb (Hausmeister). Umgestellt nach telefonischer Anleitung, kein Störfall."],
        outcomes=[("Störung aufgenommen", 5, "ticket"), ("kein Störfall", 3, None)], talk=(120, 360), action=fw_action)

    add(key="unterbrechung", weight=3, queue="Störungsannahme", digit="3", option="stoerung_hinweis", label="Störung melden",
        channels={"voice": 0.8, "email": 0.2}, wait=(3, 60),
        subjects=["Angekündigte Stromabschaltung – Rückfrage", "Aushang Wasserabschaltung", "Bauarbeiten Nordring"],
        utterances=["Im Hausflur hängt ein Zettel, dass der Strom abgestellt wird.", "Wie lange ist das Wasser morgen weg?", "Ich habe Heimdialyse, kann die Abschaltung verschoben werden?"],
        kb=["geplante-versorgungsunterbrechung"],
        notes=["Geplante Abschaltung {ort_stoerung} am {datum}, 8–12 Uhr (Kabelerneuerung). Hinweise zu empfindlichen Geräten gegeben.",
               "Kunde mit Heimdialyse: Anfrage Terminverschiebung als Ticket an Netzplanung, Rückruf zugesagt.",
               "Wasserabschaltung wegen Hausanschlusserneuerung; Vorrat empfohlen, Trübung nach Wiederinbetriebnahme erklärt."],
        outcomes=[("kein Störfall", 6, None), ("Störung aufgenommen", 1, None)], talk=(90, 240))

    def rate_action(rng, ctx, c, a, t):
        return {"ticket": sw_ticket(state, rng, c, a, t, "Härtefall", "high",
                                    rng.choice(["Härtefallprüfung – Sperrandrohung", "Jobcenter-Antrag Energieschulden", "Sperre stoppen – Kleinkind im Haushalt"]),
                                    f"Rückstand {ctx['betrag']}. Besondere Umstände geschildert; Sperre bis zur Prüfung ausgesetzt. Forderungsaufstellung für Jobcenter versandt.",
                                    "Sperre vermeiden, Ratenzahlung", owner="sw.agent3")}

    add(key="ratenzahlung", weight=8, queue="Forderungsmanagement", digit="5", option="forderungen", label="Mahnung, Ratenzahlung",
        channels={"voice": 0.9, "email": 0.1}, wait=(10, 200),
        subjects=["Ratenzahlung Nachzahlung", "Mahnung erhalten", "Stundung bis Lohnzahlung", "Ratenplan anpassen"],
        utterances=["Ich kann die Nachzahlung nicht auf einmal zahlen.", "Ich habe eine Mahnung bekommen.", "Kann ich in Raten zahlen?",
                    "Ich habe schon überwiesen und trotzdem eine Mahnung bekommen."],
        kb=["ratenzahlung-vereinbaren", "mahnung-mahnstufen"],
        notes=["Nachzahlung {betrag}: Ratenzahlung {raten} × {rate} zusätzlich zum Abschlag vereinbart, erste Rate am 15., per Lastschrift. Bestätigung per Post.",
               "Kunde hat am Montag überwiesen; Zahlung noch nicht verbucht. Mahnsperre 10 Tage gesetzt.",
               "Stundung bis {datum} (Lohnzahlung nach Jobwechsel) vereinbart. Mahngebühr einmalig erlassen.",
               "Ratenplan angepasst: {raten} Raten à {rate}; Abschlag zusätzlich auf {neu_hoch} erhöht, damit nächstes Jahr keine Nachzahlung."],
        outcomes=[("Ratenzahlung vereinbart", 6, None), ("Zahlung zugesagt", 3, None), ("Stundung geprüft", 2, None)], talk=(240, 720))

    add(key="sperre", weight=5, queue="Forderungsmanagement", digit="5", option="forderungen", label="Mahnung, Ratenzahlung",
        channels={"voice": 1.0}, wait=(10, 200),
        subjects=["Sperrandrohung erhalten", "Sperrankündigung – Termin", "Stromsperre abwenden"],
        utterances=["Sie wollen mir den Strom abstellen!", "Ich habe eine Sperrankündigung bekommen.", "Ich habe ein kleines Kind, Sie können doch nicht einfach sperren."],
        kb=["sperrandrohung-versorgungsunterbrechung", "haertefall-sozialleistungen", "ratenzahlung-vereinbaren"],
        notes=["Sperrandrohung über {betrag}. Abwendungsvereinbarung: {raten} Raten à {rate}. Sperrauftrag storniert.",
               "Kleinkind im Haushalt, Winter: Sperre ausgesetzt, Härtefallprüfung. Hinweis Jobcenter-Darlehen (§ 22 Abs. 8 SGB II) und Schuldnerberatung.",
               "Kundin zahlt Rückstand heute per Überweisung, Beleg per E-Mail. Sperrtermin {datum} ausgesetzt.",
               "Keine Einigung: Kunde bestreitet Forderung pauschal. Schriftliche Forderungsaufstellung versandt, Hinweis Schlichtungsstelle."],
        outcomes=[("Sperre abgewendet", 4, None), ("Sozialberatung vermittelt", 4, "ticket"), ("keine Einigung", 1, None)],
        talk=(300, 900), action=rate_action)

    def wallbox_action(rng, ctx, c, a, t):
        sku = rng.choice(["SW-WALLBOX-INST", "SW-WALLBOX-INST", "SW-WALLBOX-MIETE"])
        skus = [sku] + (["SW-STROM-AUTO"] if rng.random() < 0.4 else [])
        return {"order": sw_order(state, rng, c, t, skus, "Wallbox 11 kW" + (" mit Autostrom" if len(skus) > 1 else ""), status_kind="service",
                                  notes=f"Fahrzeug {ctx['auto']}, Leitungslänge ca. {ctx['wallbox_m']}. Vor-Ort-Check durch Elektrobetrieb, Anmeldung beim Netzbetreiber inklusive.")}

    add(key="wallbox", weight=5, queue="Tarife & Verträge", digit="4", option="tarife", label="Tarife, Umzug und Verträge",
        channels={"voice": 0.7, "email": 0.15, "chat": 0.15},
        subjects=["Wallbox-Installation Anfrage", "Wallbox mieten", "Autostrom-Tarif", "Ladekarte öffentliche Ladesäulen"],
        utterances=["Ich bekomme ein E-Auto und brauche eine Wallbox.", "Was kostet bei Ihnen eine Wallbox?", "Muss ich die Wallbox anmelden?",
                    "Die Ladesäule am Bahnhof hat abgerechnet, aber nicht geladen."],
        answers=["Ich habe den Vor-Ort-Check für Ihre Wallbox beauftragt, der Elektrobetrieb meldet sich in den nächsten Tagen."],
        kb=["wallbox-installation", "autostrom-und-laden-unterwegs", "waermepumpentarif"],
        notes=["Wallbox 11 kW für {auto}, Garage, Leitungslänge ca. {wallbox_m}. Angebot Kauf 1.490 € vs. Miete 29,90 € erklärt; § 14a-Netzentgelt erläutert.",
               "Anmeldepflicht beim Netzbetreiber erklärt (bis 11 kW Anmeldung, über 12 kW Genehmigung). Mieter – Zustimmung Vermieter nötig.",
               "Ladevorgang Säule MUS-0{raten}7 ohne Energie abgerechnet: Ticket Ladevorgang, Gutschrift beantragt.",
               "Kunde bestellt Wallbox-Paket, Vor-Ort-Check wird vom Elektrobetrieb terminiert."],
        outcomes=[("Auftrag erfasst", 4, "order"), ("Angebot versandt", 4, None), ("beraten – kein Abschluss", 2, None)],
        talk=(300, 720), action=wallbox_action)

    def pv_action(rng, ctx, c, a, t):
        sku = rng.choice(["SW-PV-ANMELDUNG", "SW-PV-BALKON", "SW-IMSYS"])
        return {"order": sw_order(state, rng, c, t, [sku], state_products_sw[sku], status_kind="service",
                                  notes=f"PV-Anlage {ctx['kwp']} kWp" if sku == "SW-PV-ANMELDUNG" else "")}

    add(key="pv", weight=5, queue="Tarife & Verträge", digit="4", option="tarife", label="Tarife, Umzug und Verträge",
        channels={"voice": 0.7, "email": 0.3},
        subjects=["PV-Anlage anmelden", "Einspeisevergütung fehlt", "Balkonkraftwerk anmelden", "Zähler läuft rückwärts – Balkonkraftwerk"],
        utterances=["Ich habe eine Solaranlage bekommen, was muss ich anmelden?", "Ich habe ein Balkonkraftwerk gekauft.",
                    "Ich habe noch keine Einspeisevergütung bekommen.", "Muss ich mein Balkonkraftwerk bei Ihnen anmelden?"],
        mail_texts=["Guten Tag, ich betreibe seit August ein Steckersolargerät (800 W) und habe es im Marktstammdatenregister eingetragen. Mein alter Zähler dreht sich rückwärts – ist das ein Problem? {name}"],
        answers=["Für Ihr Balkonkraftwerk reicht die Registrierung im Marktstammdatenregister; den Zählertausch übernehmen wir kostenlos."],
        kb=["photovoltaik-anmeldung-einspeisung", "balkonkraftwerk-steckersolar", "smart-meter-intelligentes-messsystem"],
        notes=["PV {kwp} kWp: Netzanmeldung durch Installateur, Zweirichtungszähler beauftragt, Marktstammdatenregister binnen 1 Monat erklärt.",
               "Balkonkraftwerk 800 W: nur MaStR-Registrierung nötig. Ferraris-Zähler – kostenloser Zählertausch beauftragt.",
               "Einspeisevergütung fehlt: MaStR-Nummer fehlte im System. Kunde schickt Registrierungsbestätigung, Nachzahlung erfolgt dann.",
               "PV-Anmeldeservice verkauft (149 €), Unterlagen per E-Mail angefordert."],
        outcomes=[("Auftrag erfasst", 3, "order"), ("Angebot versandt", 2, None), ("beraten – kein Abschluss", 3, None)],
        talk=(240, 600), action=pv_action)

    def wp_action(rng, ctx, c, a, t):
        return {"order": sw_order(state, rng, c, t, ["SW-STROM-WP"] + (["SW-WP-CHECK"] if rng.random() < 0.2 else []),
                                  "Wärmepumpentarif (separater Zähler)", notes="§ 14a EnWG Modul 2, Zählernummer Wärmepumpenzähler nachreichen.")}

    add(key="waermepumpe", weight=4, queue="Tarife & Verträge", digit="4", option="tarife", label="Tarife, Umzug und Verträge",
        channels={"voice": 0.8, "chat": 0.2},
        subjects=["Wärmepumpentarif", "Wärmepumpe – § 14a Netzentgelt", "Heizstrom mit zweitem Zähler"],
        utterances=["Wir haben eine Wärmepumpe und wollen einen günstigeren Tarif.", "Darf der Netzbetreiber meine Wärmepumpe abschalten?",
                    "Was ist Modul 2 bei der Wärmepumpe?"],
        answers=["Mit separatem Zähler können Sie den Wärmepumpentarif nutzen; die Drosselung auf mindestens 4,2 kW ist selten und kurz."],
        kb=["waermepumpentarif", "smart-meter-intelligentes-messsystem", "energieberatung-stromsparen"],
        notes=["Wärmepumpe mit separatem Zähler: Wechsel in Wärmepumpentarif, Modul 2 (60 % weniger Netzentgelt-Arbeitspreis).",
               "Sorge vor Abschaltung: Mindestleistung 4,2 kW erklärt, keine Komplettabschaltung. Kunde beruhigt.",
               "Kein Zweitzähler vorhanden – nur Modul 1 möglich. Angebot Zählerplatz-Erweiterung über Installateur."],
        outcomes=[("Auftrag erfasst", 5, "order"), ("beraten – kein Abschluss", 3, None)], talk=(240, 600), action=wp_action)

    def ableser_action(rng, ctx, c, a, t):
        return {"ticket": sw_ticket(state, rng, c, a, t, "Verdacht falscher Mitarbeiter", "high",
                                    "Angebliche Stadtwerke-Mitarbeiter an der Haustür",
                                    f"Zwei Personen gaben sich in {ctx['ort']} als Ableser aus und wollten Vertragswechsel und IBAN. Kein Auftrag im System. Polizei empfohlen.",
                                    "Warnung an Kunden im Quartier, Polizei informieren", owner="sw.teamleitung")}

    add(key="ableser", weight=4, queue="Kundenservice", digit="2", option="kundenservice", label="Rechnung, Abschlag, Bankverbindung",
        channels={"voice": 1.0},
        subjects=["Ableser vor der Tür – Ausweis prüfen", "Haustürvertreter angeblich von den Stadtwerken", "Ablesetermin verpasst"],
        utterances=["Hier steht ein Ableser vor der Tür, ist der echt?", "Da war jemand, der sagte, er sei von den Stadtwerken und wollte meinen Vertrag sehen.",
                    "Ich habe den Ablesetermin verpasst."],
        kb=["ableser-und-ableseausweis", "zaehlerstand-melden"],
        notes=["Ableseausweis-Nr. im Dienstleisterverzeichnis geprüft – gültig, Ablesung im Gebiet geplant. Kunde beruhigt.",
               "Haustürvertreter ohne Ausweis, wollte IBAN: nicht von uns. Polizei 110 empfohlen, Ticket an Teamleitung.",
               "Ablesetermin verpasst, Stand {stand} kWh telefonisch aufgenommen."],
        outcomes=[("geklärt", 6, None), ("Beschwerde aufgenommen", 2, "ticket")], talk=(60, 240), action=ableser_action)

    add(key="datenschutz", weight=3, queue="Kundenservice", digit="2", option="kundenservice", label="Rechnung, Abschlag, Bankverbindung",
        channels={"voice": 0.6, "email": 0.4},
        subjects=["Werbewiderspruch", "Keine Werbeanrufe mehr", "Datenschutzauskunft Art. 15"],
        utterances=["Ich möchte keine Werbung mehr von Ihnen.", "Rufen Sie mich bitte nie wieder zu Angeboten an.", "Welche Daten haben Sie über mich gespeichert?"],
        mail_texts=["Ich widerspreche hiermit der Nutzung meiner Daten für Werbung (Art. 21 DSGVO). {name}",
                    "Bitte senden Sie mir eine Auskunft über meine gespeicherten Daten nach Art. 15 DSGVO."],
        answers=["Ihr Widerspruch ist gespeichert, Sie erhalten keine Werbung mehr. Rechnungen bekommen Sie weiterhin."],
        kb=["datenschutz-auskunft-werbewiderspruch"],
        notes=["Werbewiderspruch Telefon/E-Mail/Post gespeichert (Quelle Anruf Hotline), do_not_call gesetzt.",
               "Auskunftsersuchen Art. 15 an Datenschutzbeauftragten weitergeleitet, Frist 1 Monat genannt.",
               "E-Mail-Werbung abbestellt, Einwilligung Telefon bleibt (Kundenwunsch: nur Rückrufe bei Störungen)."],
        outcomes=[("geklärt", 1, None)], talk=(60, 200))

    add(key="smartmeter", weight=3, queue="Kundenservice", digit="2", option="kundenservice", label="Rechnung, Abschlag, Bankverbindung",
        channels={"voice": 0.8, "email": 0.2},
        subjects=["Ankündigung Smart-Meter-Einbau", "Zählerwechsel-Termin verschieben", "Eichfrist Zähler abgelaufen?"],
        utterances=["Ich habe einen Brief bekommen, dass ein Smart Meter eingebaut wird. Muss ich das?", "Ich muss den Termin für den Zählerwechsel verschieben.",
                    "Kostet der neue Zähler etwas?"],
        kb=["smart-meter-intelligentes-messsystem", "zaehlerwechsel-eichfrist"],
        notes=["Pflichteinbau iMSys (Verbrauch > 6.000 kWh) erklärt, Datenschutz/BSI-Zertifizierung erläutert. Kunde einverstanden.",
               "Turnuswechsel-Termin auf {datum}, Zeitfenster 8–12 Uhr umgebucht.",
               "Turnuswechsel kostenlos (Eichfrist), Wechselprotokoll erklärt, Foto von Alt- und Neustand empfohlen."],
        outcomes=[("geklärt", 1, None)], talk=(90, 300))

    add(key="todesfall", weight=2, queue="Kundenservice", digit="2", option="kundenservice", label="Rechnung, Abschlag, Bankverbindung",
        channels={"voice": 0.8, "email": 0.2},
        subjects=["Todesfall – Vertragsübernahme", "Sterbefall: Vertrag beenden"],
        utterances=["Mein Vater ist verstorben, was passiert mit dem Stromvertrag?", "Meine Frau ist gestorben, der Vertrag lief auf sie."],
        kb=["todesfall-vertragsuebernahme", "identitaetspruefung-und-vollmacht"],
        notes=["Beileid ausgesprochen. Vertragsübernahme durch Ehepartner ohne Unterbrechung, neues SEPA-Mandat angefordert, Sterbeurkunde per E-Mail.",
               "Wohnungsauflösung: Vertrag endet zur Übergabe am {datum}, Zählerstände folgen. Mahnungen 8 Wochen gesperrt."],
        outcomes=[("Unterlagen angefordert", 1, None)], talk=(240, 600))

    return S


state_products_sw = {}


# ======================================================================================
# Weinversand Rheingau
# ======================================================================================

WR_CFG = {
    "hotline": "+49612307070",
    "greeting": "Herzlich willkommen beim Weinversand Rheingau in Eltville. Schön, dass Sie anrufen.",
    "recording_prompt": "Zu Schulungszwecken würden wir das Gespräch gern aufzeichnen. Sind Sie einverstanden, drücken Sie die 1, sonst die 2.",
    "intent_prompt": "Worum geht es? Sagen Sie zum Beispiel „Bestellung“, „Weinberatung“ oder „Reklamation“.",
    "id_prompt": "Wenn Sie schon bei uns bestellt haben, geben Sie bitte Ihre sechsstellige Kundennummer ein.",
    "hold_text": "Im Moment sind alle unsere Weinberaterinnen und Weinberater im Gespräch. Bitte haben Sie einen Moment Geduld.",
    "chat_greeting": "Hallo und willkommen beim Weinversand Rheingau! Ich hole gleich eine Kollegin oder einen Kollegen dazu. Haben Sie Ihre Kundennummer zur Hand?",
    "chat_thanks": ["Vielen Dank, das hilft mir sehr!", "Super, danke!", "Prima, dann bestelle ich so.", "Danke für den Tipp!", "Alles klar, schönen Tag noch."],
    "chat_bye": ["Sehr gern – und zum Wohl!", "Gern geschehen. Viel Freude mit dem Wein!", "Danke Ihnen, einen schönen Tag noch!"],
}

WR_EVERYDAY = ["RG-RIES-2023-GUTS-075", "RG-RIES-2022-075", "RG-RIES-2023-FEINH-075", "RG-RIES-2023-WINK-075",
               "RG-RIES-2023-GEIS-075", "RG-RIES-2023-HATT-075", "RG-WB-2023-075", "RG-GB-2023-075", "RG-SB-2024-075",
               "RG-ROSE-2024-075", "RG-SPB-2022-075", "RG-RIES-2024-LITER-100", "RG-RIES-2023-KAB-075"]
WR_PREMIUM = ["RG-RIES-2022-LAGE-075", "RG-RIES-2021-LAGE-075", "RG-SPB-2021-HOEL-075", "RG-SPB-2020-HOEL-075",
              "RG-FRUEHB-2022-075", "RG-RIES-2022-SPAET-075", "RG-RIES-2020-LAGE-150"]
WR_SWEET = ["RG-RIES-2021-AUSL-0375", "RG-RIES-2021-EIS-0375"]
WR_BUBBLES = ["RG-SEKT-RIES-BRUT-075", "RG-SEKT-ROSE-075", "RG-SECCO-075"]
WR_PACKS = ["RG-RIES-2023-GUTS-075-6", "RG-PROBE-RIES-6", "RG-PROBE-ROT-6", "RG-PROBE-LAGEN-3"]


def wr_ctx_factory(T):
    P = T["products"]

    def ctx(rng, contact):
        w1, w2 = rng.sample(WR_EVERYDAY, 2)
        prem = rng.choice(WR_PREMIUM)
        return {"wein": P[w1]["name"], "wein2": P[w2]["name"], "premium": P[prem]["name"],
                "suess": P[rng.choice(WR_SWEET)]["name"], "sekt": P[rng.choice(WR_BUBBLES)]["name"],
                "anzahl": rng.choice([6, 6, 12, 12, 18, 3]), "personen": rng.choice([2, 2, 3, 4, 6, 8]),
                "anlass": rng.choice(["60. Geburtstag des Vaters", "Weihnachtsessen mit der Familie", "Hochzeitstag",
                                      "Abschied eines Kollegen", "Gartenfest", "Einweihungsfeier", "Silvester"]),
                "essen": rng.choice(["Weihnachtsgans", "Rehrücken", "Spargel mit Sauce hollandaise", "Käsefondue",
                                     "Thai-Curry", "Zander auf Rahmkraut", "Entenbrust", "Raclette"]),
                "empf": rng.choice(["Spätburgunder Höllenberg 2021", "Riesling Berg Schlossberg 2021", "Weißburgunder 2023",
                                    "Riesling feinherb Oestricher Lenchen", "Frühburgunder 2022", "Riesling Kabinett Hallgartener Jungfer"]),
                "empfaenger": f"{rng.choice(FIRST_F + FIRST_M)} {rng.choice(LAST)}",
                "stadt": rng.choice(["Hamburg", "München", "Berlin", "Köln", "Leipzig", "Dresden", "Freiburg"]),
                "tage": rng.choice([4, 5, 6, 7, 8]), "flaschen": rng.choice([1, 1, 1, 2, 3]),
                "datum": fmt_de(NOW.date() + dt.timedelta(days=rng.randint(3, 30))),
                "bestellnr": "B-2026-00" + str(rng.randint(4000, 4999)), "betrag": euro(rng.randint(40, 300) + 0.9)}
    return ctx


def wr_lines(rng, kind, T):
    P = T["products"]
    if kind == "bestellung":
        lines = []
        for sku in rng.sample(WR_EVERYDAY + WR_PREMIUM[:3] + WR_BUBBLES[:2], rng.choice([1, 2, 2, 3, 4])):
            lines.append({"sku": sku, "quantity": rng.choice([1, 2, 3, 6, 6, 6, 12])})
        if rng.random() < 0.25:
            lines.append({"sku": rng.choice(WR_PACKS), "quantity": 1})
    elif kind == "beratung":
        lines = [{"sku": rng.choice(WR_PREMIUM + WR_SWEET + WR_EVERYDAY), "quantity": rng.choice([1, 2, 3, 6])}
                 for _ in range(rng.choice([1, 2, 2, 3]))]
    elif kind == "geschenk":
        if rng.random() < 0.6:
            lines = [{"sku": rng.choice(["RG-PRAES-KLASSIK-2", "RG-PRAES-GENUSS-3", "RG-PROBE-LAGEN-3"]), "quantity": 1}]
        else:
            lines = [{"sku": rng.choice(WR_PREMIUM + WR_SWEET), "quantity": 1}, {"sku": "RG-GESCHENKKARTON-1", "quantity": 1}]
    elif kind == "firma":
        lines = [{"sku": rng.choice(["RG-PRAES-FIRMA-1", "RG-PRAES-FIRMA-1", "RG-PRAES-KLASSIK-2"]), "quantity": rng.choice([25, 30, 40, 60, 80, 120])}]
    elif kind == "weinprobe":
        lines = [{"sku": rng.choice(["RG-WEINPROBE-KLASSIK", "RG-WEINPROBE-KLASSIK", "RG-WEINPROBE-ONLINE"]), "quantity": rng.choice([2, 2, 4, 6, 8, 12])}]
    elif kind == "gutschein":
        lines = [{"sku": rng.choice(["RG-GUTSCHEIN-50", "RG-GUTSCHEIN-100"]), "quantity": rng.choice([1, 1, 2, 3])}]
    elif kind == "spirituose":
        lines = [{"sku": rng.choice(["RG-TRESTER-050", "RG-WEINBRAND-070"]), "quantity": rng.choice([1, 2])},
                 {"sku": rng.choice(WR_EVERYDAY), "quantity": 6}]
    else:
        raise ValueError(kind)
    merged = {}
    for l in lines:
        merged[l["sku"]] = merged.get(l["sku"], 0) + l["quantity"]
    lines = [{"sku": k, "quantity": v} for k, v in merged.items()]
    physical = [l for l in lines if P[l["sku"]]["category"] not in ("Gutscheine", "Weinproben")]
    subtotal = sum(P[l["sku"]]["cents"] * l["quantity"] for l in lines)
    if physical and subtotal < 12000:
        lines.append({"sku": "RG-VERSAND", "quantity": 1})
    return lines


def random_wr_address(rng):
    place = rng.choices(WR_PLACES, weights=[p[3] for p in WR_PLACES])[0]
    return place[0], place[1], f"{rng.choice(place[4])} {rng.randint(1, 90)}"


def wr_scenarios(state, T):
    S = []
    ctx = wr_ctx_factory(T)
    P = T["products"]

    def add(**kw):
        kw.setdefault("ctx", ctx)
        S.append(kw)

    def order_action(kind, gift=False, notes=""):
        def act(rng, c, contact, agent, t):
            lines = wr_lines(rng, kind, T)
            delivery = delivery_of(contact)
            n = notes
            if gift:
                pc, city, street = random_wr_address(rng)
                delivery = {"name": c["empfaenger"], "street": street, "postcode": pc, "city": city}
                n = f"Geschenksendung, Grußkarte: „Alles Gute zum {c['anlass'].split(' des ')[0]}! Herzliche Grüße, {display_name(contact).split()[0]}“. Rechnung an Besteller."
            if any(l["sku"] in ("RG-TRESTER-050", "RG-WEINBRAND-070") for l in lines):
                n = (n + " " if n else "") + "Versand mit Alterssichtprüfung 18+."
            o = {"order_number": state.next_order(), "contact": contact["customer_number"], "delivery": delivery,
                 "lines": lines, "notes": n, "kind": kind,
                 "summary": ", ".join(f"{l['quantity']} × {P[l['sku']]['name']}" for l in lines if l["sku"] != "RG-VERSAND")[:180]}
            return {"order": o}
        return act

    def ticket_action(category, subjects, description, remedy, priority=("normal", "high")):
        def act(rng, c, contact, agent, t):
            prev = [o for o in state.orders_by_contact.get(contact["customer_number"], []) if o["created_at"] < t - dt.timedelta(days=1)]
            order = prev[-1] if prev else None
            return {"ticket": {"ticket_number": state.next_ticket(), "contact": contact["customer_number"],
                               "order": order["order_number"] if order else None, "category": category,
                               "priority": rng.choice(priority), "owner": rng.choice(["wr.agent3", "wr.agent3", "wr.agent", "wr.teamleitung"]),
                               "subject": fill(rng, subjects, c), "description": fill(rng, description, c),
                               "desired_remedy": fill(rng, remedy, c)}}
        return act

    add(key="bestellung", weight=10, queue="Bestellannahme", digit="1", option="bestellannahme", label="Bestellung und Bestellfragen",
        channels={"voice": 0.8, "email": 0.1, "chat": 0.1},
        subjects=["Telefonische Bestellung", "Nachbestellung Hausriesling", "Bestellung {anzahl} Flaschen", "Bestellung für {anlass}"],
        utterances=["Ich möchte Wein bestellen.", "Ich hätte gern noch mal den Riesling von letztem Mal.", "Bestellung bitte.",
                    "Ich brauche {anzahl} Flaschen für eine Feier."],
        mail_texts=["Guten Tag, bitte schicken Sie mir {anzahl} Flaschen {wein} und 6 Flaschen {wein2}. Zahlung wie immer auf Rechnung. Viele Grüße {name}"],
        answers=["Ihre Bestellung ist aufgenommen, die Bestätigung kommt per E-Mail. Versand morgen, Zustellung in 1–3 Werktagen."],
        kb=["bestellung-telefonisch-aufgeben", "lieferzeiten-versandkosten", "zahlungsarten"],
        notes=["Bestellung aufgenommen: {anzahl} × {wein}, dazu {wein2}. Zahlung auf Rechnung, Versand morgen.",
               "Stammkunde, Nachbestellung {wein}. Versandkostenfrei ab 120 € erwähnt, Kunde ergänzt {sekt}.",
               "Bestellung für {anlass}; Mengenfaustregel erklärt, {anzahl} Flaschen {wein}. Lieferung vor dem {datum} zugesagt (kein Fixtermin).",
               "Neukunde angelegt, Geburtsdatum erfasst (Jugendschutz). Newsletter-Einwilligung abgelehnt – vermerkt."],
        outcomes=[("Bestellung aufgenommen", 6, "order"), ("kein Kauf", 2, None), ("Rückruf vereinbart", 1, None)],
        talk=(180, 540), action=order_action("bestellung"))

    add(key="status", weight=18, queue="Bestellannahme", digit="1", option="bestellannahme", label="Bestellung und Bestellfragen",
        channels={"voice": 0.65, "chat": 0.25, "email": 0.1}, needs_order=True,
        subjects=["Wo bleibt meine Bestellung?", "Bestellstatus {bestellnr}", "Sendungsverfolgung erneut senden"],
        utterances=["Wo ist mein Paket?", "Ich habe vor {tage} Tagen bestellt und noch nichts bekommen.", "Können Sie mir die Sendungsnummer schicken?",
                    "Laut DHL zugestellt, aber hier ist nichts."],
        answers=["Ihr Paket ist unterwegs und wird voraussichtlich morgen zugestellt. Den Link zur Sendungsverfolgung habe ich Ihnen gerade geschickt."],
        kb=["bestellstatus-sendungsverfolgung", "lieferzeiten-versandkosten", "packstation-abstellgenehmigung"],
        notes=["Status versandt, Sendung im Zustellfahrzeug. Link zur Sendungsverfolgung erneut per E-Mail.",
               "Paket laut DHL beim Nachbarn abgegeben (Benachrichtigungskarte). Kunde sieht nach.",
               "Wetterpause (Frost) – Versand verschoben, Kunde informiert.",
               "Bestellung noch in Kommissionierung, Versand heute; Zustellung in 1–2 Werktagen."],
        outcomes=[("Bestellstatus mitgeteilt", 8, None), ("Rückruf vereinbart", 1, None)], talk=(60, 240),
        ivr_only=0.12, ivr_subject="Bestellstatus im Sprachmenü abgefragt",
        ivr_texts=["Vielen Dank. Ihre letzte Bestellung wurde versandt. Die Sendungsnummer haben wir Ihnen per E-Mail geschickt."])

    add(key="aendern", weight=5, queue="Bestellannahme", digit="1", option="bestellannahme", label="Bestellung und Bestellfragen",
        channels={"voice": 0.7, "email": 0.3}, needs_order=True,
        subjects=["Bestellung ändern", "Lieferadresse ändern", "Bestellung stornieren", "Weinabo pausieren"],
        utterances=["Ich möchte meine Bestellung noch ändern.", "Können Sie an eine andere Adresse liefern?", "Ich möchte die Bestellung stornieren, ich habe doppelt bestellt.",
                    "Ich möchte mein Weinabo für zwei Monate pausieren."],
        kb=["bestellung-aendern-stornieren", "weinabo-weinpaket-des-monats"],
        notes=["Bestellung noch nicht versandt: {wein2} ergänzt, neue Bestätigung automatisch.", "Doppelt bestellt – zweite Bestellung kostenfrei storniert.",
               "Lieferadresse auf Arbeitsplatz geändert (Firmenname in Adresszeile).", "Weinabo Riesling-Entdecker für Dezember und Januar pausiert."],
        outcomes=[("Bestellung geändert", 5, None), ("Bestellung storniert", 2, None)], talk=(90, 300))

    add(key="beratung", weight=17, queue="Weinberatung", digit="2", option="weinberatung", label="Weinberatung",
        channels={"voice": 0.75, "chat": 0.25}, wait=(15, 200),
        subjects=["Weinempfehlung zu {essen}", "Beratung Wein für {anlass}", "Lagerung und Trinkreife", "Süßwein zum Dessert", "Rotwein für Primitivo-Liebhaber"],
        utterances=["Welcher Wein passt zu {essen}?", "Ich suche einen besonderen Wein für {anlass}.", "Wie lange kann ich den {premium} lagern?",
                    "Ich trinke sonst gern kräftigen Rotwein, was empfehlen Sie?", "Was ist der Unterschied zwischen Kabinett und Spätlese?"],
        answers=["Zu {essen} empfehle ich Ihnen den {empf}. Wenn es etwas Besonderes sein soll, den {premium}.",
                 "Den {premium} können Sie gut 10 Jahre lagern – liegend, dunkel, bei 10–15 °C."],
        kb=["speiseempfehlung-fisch-spargel-gefluegel", "wein-zu-wild-braten-kaese", "wein-zum-weihnachtsmenue", "trinkreife-und-jahrgaenge",
            "wein-richtig-lagern", "praedikatsstufen-kabinett-spaetlese-auslese", "spaetburgunder-rotwein-rheingau", "suesswein-eiswein-auslese",
            "geschmacksangaben-trocken-feinherb-lieblich", "serviertemperatur-dekantieren", "rebsorte-riesling", "sekt-secco-perlwein"],
        notes=["Beratung {essen}: {empf} empfohlen, Serviertemperatur und Dekantieren erklärt.",
               "Für {anlass} {premium} empfohlen; Kunde bestellt {anzahl} Flaschen.",
               "Primitivo-Trinker: Unterschied Spätburgunder erklärt, Frühburgunder und Höllenberg empfohlen.",
               "Prädikate erklärt (Spätlese trocken ≠ süß). Kunde nimmt {wein} und {suess}.",
               "Lagerung ohne Keller: Weinklimaschrank empfohlen, {premium} trinkreif ab 2026. Empfehlungsliste per E-Mail."],
        outcomes=[("beraten – Bestellung aufgenommen", 3, "order"), ("beraten – kein Kauf", 4, None), ("Empfehlung per E-Mail versandt", 2, None)],
        talk=(240, 780), action=order_action("beratung"))

    bruch = ticket_action("Bruch", ["Flasche bei Lieferung zerbrochen", "{flaschen} Flasche(n) zerbrochen – Karton nass", "Transportschaden Sendung"],
                          ["Kunde meldet {flaschen} zerbrochene Flasche(n), Karton außen durchnässt. Fotos per E-Mail angefordert. Scherben nicht zurücksenden."],
                          ["Ersatzlieferung", "Ersatzlieferung vor {anlass}", "Gutschrift"])
    add(key="bruch", weight=6, queue="Reklamationen", digit="3", option="reklamation", label="Reklamation", needs_order=True,
        channels={"voice": 0.6, "email": 0.35, "chat": 0.05},
        subjects=["Bruch bei Lieferung", "Zerbrochene Flasche", "Paket nass angekommen"],
        utterances=["Eine Flasche ist kaputt angekommen.", "Das Paket war ganz nass, zwei Flaschen sind zerbrochen.", "Bruch in der Lieferung."],
        mail_texts=["Hallo, in meiner Lieferung war eine Flasche {wein} zerbrochen, der Karton war durchweicht. Fotos anbei. Bitte um Ersatz. {name}"],
        answers=["Das tut uns leid! Wir schicken Ihnen kostenfrei Ersatz, die Scherben brauchen Sie nicht zurückzusenden."],
        kb=["bruch-transportschaden", "ruecksendung-retoure"],
        notes=["Bruch {flaschen} × {wein}, Fotos kommen per E-Mail. Ersatzlieferung versandkostenfrei veranlasst.",
               "Karton nass, Etiketten der übrigen Flaschen verschmutzt – Ersatzetiketten beigelegt, Ersatz für zerbrochene Flasche.",
               "Kunde wünscht Gutschrift statt Ersatz (Jahrgang ausverkauft). Gutschrift über {betrag} erteilt."],
        outcomes=[("Ersatzlieferung veranlasst", 6, "ticket"), ("Gutschrift erteilt", 3, "ticket")], talk=(150, 420), action=bruch)

    versp = ticket_action("Verspätung", ["Lieferung seit {tage} Tagen unterwegs", "Paket verloren?", "Geschenksendung nicht angekommen"],
                          ["Sendung seit {tage} Tagen ohne Scan. Nachforschungsauftrag bei DHL gestellt, Rückmeldung in 5 Werktagen zugesagt."],
                          ["Zustellung vor {datum}", "Ersatzlieferung per Express", "Erstattung"])
    add(key="verspaetung", weight=4, queue="Reklamationen", digit="3", option="reklamation", label="Reklamation", needs_order=True,
        channels={"voice": 0.7, "email": 0.3},
        subjects=["Lieferung verspätet", "Paket hängt seit Tagen", "Geschenk nicht rechtzeitig angekommen"],
        utterances=["Meine Lieferung ist immer noch nicht da.", "Das Geschenk sollte zum Geburtstag da sein.", "Seit {tage} Tagen keine Bewegung in der Sendungsverfolgung."],
        mail_texts=["Sehr geehrte Damen und Herren, meine Bestellung {bestellnr} ist seit {tage} Tagen unterwegs. Die Sendungsverfolgung zeigt keine Bewegung. Bitte um Klärung."],
        answers=["Wir haben einen Nachforschungsauftrag gestellt und melden uns spätestens in 5 Werktagen – falls nötig schicken wir Ersatz."],
        kb=["lieferung-verspaetet-paket-verloren", "bestellstatus-sendungsverfolgung", "versand-bei-hitze-und-frost"],
        notes=["Sendung seit {tage} Tagen im Paketzentrum. Nachforschung gestellt; wegen Termin Ersatz per Express veranlasst.",
               "Verspätung durch Wetterpause (Frost) – Kunde nicht informiert worden. Entschuldigung, 10-€-Gutschein.",
               "Paket an falsche Adresse zugestellt laut DHL; Ersatzlieferung."],
        outcomes=[("Nachforschung beim Paketdienst", 5, "ticket"), ("Ersatzlieferung veranlasst", 3, "ticket"), ("geklärt", 2, None)],
        talk=(120, 360), action=versp)

    falsch = ticket_action("Falschlieferung", ["Falscher Wein geliefert", "Falscher Jahrgang geliefert", "Flaschen fehlen in Lieferung"],
                           ["Bestellt: {wein}; geliefert: {wein2}. Retourenlabel versandt, richtiger Wein wird nachgeliefert.",
                            "Statt Jahrgang 2022 kam 2023 ohne Rückfrage. Kunde wählt Umtausch."],
                           ["Richtigen Wein nachliefern", "Umtausch", "Nachlieferung fehlender Flaschen"])
    add(key="falsch", weight=3, queue="Reklamationen", digit="3", option="reklamation", label="Reklamation", needs_order=True,
        channels={"voice": 0.7, "email": 0.3},
        subjects=["Falscher Wein geliefert", "Falscher Jahrgang", "Flaschen fehlen"],
        utterances=["Sie haben mir den falschen Wein geschickt.", "Ich habe 2022 bestellt und 2023 bekommen.", "Im Karton sind nur fünf statt sechs Flaschen."],
        kb=["falscher-wein-geliefert", "jahrgangswechsel-ausverkauft", "ruecksendung-retoure"],
        notes=["Falschlieferung {wein2} statt {wein}; richtiger Wein versandkostenfrei nachgeschickt, Kunde darf falsche Flasche behalten (< 15 €).",
               "Jahrgangswechsel ohne Rückfrage: Umtausch, Retourenlabel per E-Mail.", "Eine Flasche fehlt laut Lieferschein – Nachlieferung."],
        outcomes=[("Ersatzlieferung veranlasst", 5, "ticket"), ("Retoure angemeldet", 3, "ticket")], talk=(120, 360), action=falsch)

    kork = ticket_action("Weinfehler", ["Korkschmecker {premium}", "Wein oxidiert", "Verdacht Glassplitter – Kristalle in Flasche"],
                         ["Kunde beschreibt muffigen Geruch (nasser Karton) – Korkschmecker plausibel. Flasche mit Korken aufbewahren."],
                         ["Ersatzflasche", "Gutschrift"], priority=("normal", "normal", "high"))
    add(key="kork", weight=5, queue="Reklamationen", digit="3", option="reklamation", label="Reklamation", needs_order=True,
        channels={"voice": 0.7, "email": 0.3},
        subjects=["Korkschmecker", "Kristalle in der Flasche", "Wein schmeckt komisch"],
        utterances=["Der Wein riecht muffig, nach Keller.", "In der Flasche sind so Kristalle, ist das Glas?", "Der Rotwein hat Bodensatz."],
        kb=["korkschmecker-fehlerhafte-flasche", "weinstein-depot-kein-mangel"],
        notes=["Korkschmecker bei {premium}: Ersatzflasche mit nächster Lieferung zugesagt.", "Kristalle = Weinstein (Kühlschrank). Erklärt, Kunde beruhigt, kein Mangel.",
               "Depot im Höllenberg 2020 – Dekantieren erklärt.", "Oxidierter Wein (braun, Sherryton) – vermutlich Hitzeschaden, Gutschrift."],
        outcomes=[("Gutschrift erteilt", 3, "ticket"), ("Ersatzlieferung veranlasst", 3, "ticket"), ("geklärt", 3, None), ("Reklamation abgelehnt", 1, None)],
        talk=(120, 420), action=kork)

    widerruf = ticket_action("Retoure", ["Widerruf Bestellung", "Retoure {anzahl} Flaschen"],
                             ["Widerruf innerhalb 14 Tagen erklärt, Retourenlabel per E-Mail. Erstattung nach Wareneingang."],
                             ["Erstattung des Kaufpreises"], priority=("low", "normal"))
    add(key="widerruf", weight=3, queue="Reklamationen", digit="3", option="reklamation", label="Reklamation", needs_order=True,
        channels={"voice": 0.5, "email": 0.5},
        subjects=["Widerruf", "Rücksendung anmelden", "Wein schmeckt nicht – Rückgabe"],
        utterances=["Ich möchte die Bestellung widerrufen.", "Wie kann ich Wein zurückschicken?", "Der Wein ist mir zu sauer, kann ich ihn zurückgeben?"],
        mail_texts=["Hiermit widerrufe ich meine Bestellung vom letzten Dienstag. Bitte senden Sie mir ein Retourenlabel. {name}"],
        answers=["Ihr Widerruf ist erfasst, das kostenlose Retourenlabel haben wir Ihnen per E-Mail geschickt."],
        kb=["widerrufsrecht-14-tage", "ruecksendung-retoure"],
        notes=["Widerruf erfasst, Retourenlabel versandt. Hinweis Originalkarton.", "Wein zu säurebetont: Umtausch gegen {wein2} (feinherb) vereinbart, Retoure angemeldet.",
               "Geöffnete Flasche: Wertersatz erklärt, 5 ungeöffnete Flaschen zurück."],
        outcomes=[("Retoure angemeldet", 1, "ticket")], talk=(120, 300), action=widerruf)

    add(key="geschenk", weight=6, queue="Präsente & Events", digit="4", option="praesente", label="Präsente, Gutscheine, Weinproben",
        channels={"voice": 0.8, "chat": 0.1, "email": 0.1},
        subjects=["Geschenksendung an {empfaenger}", "Präsent zum {anlass}", "Wein verschenken nach {stadt}"],
        utterances=["Ich möchte Wein verschenken und direkt schicken lassen.", "Ich suche ein Präsent zum {anlass}.", "Können Sie eine Grußkarte beilegen?"],
        answers=["Das Präsent geht mit Ihrer Grußkarte an {empfaenger}, die Rechnung kommt zu Ihnen."],
        kb=["geschenkversand-an-dritte", "geschenkgutscheine", "jugendschutz-altersnachweis"],
        notes=["Präsent an {empfaenger}, Grußkarte aufgenommen und vorgelesen. Rechnung an Besteller, Lieferung vor dem {datum}.",
               "Geschenk zum {anlass}: {premium} im Geschenkkarton. Empfänger volljährig bestätigt.",
               "Geschenksendung nach {stadt}, Versandbenachrichtigung nur an Besteller (Überraschung)."],
        outcomes=[("Präsentauftrag erfasst", 6, "order"), ("kein Abschluss", 2, None)], talk=(240, 600), action=order_action("geschenk", gift=True))

    add(key="firma", weight=3, queue="Präsente & Events", digit="4", option="praesente", label="Präsente, Gutscheine, Weinproben",
        channels={"voice": 0.6, "email": 0.4}, company=True,
        subjects=["Firmenpräsente Weihnachten", "Kundengeschenke mit Logo", "Sammelbestellung Präsente"],
        utterances=["Wir brauchen Weihnachtsgeschenke für unsere Kunden.", "Können Sie Präsente mit unserem Logo machen?", "Ich möchte 40 Präsente an eine Adressliste schicken."],
        mail_texts=["Guten Tag, wir möchten auch dieses Jahr Weihnachtspräsente für ca. {anzahl}0 Kunden bestellen, Budget 25 € pro Präsent. Bitte um Angebot."],
        answers=["Das Angebot für Ihre Firmenpräsente geht Ihnen innerhalb von zwei Werktagen zu; die Vorlage für die Adressliste liegt bei."],
        kb=["firmenpraesente-sammelbestellung", "geschenkversand-an-dritte"],
        notes=["Firmenpräsente: Staffelrabatt erklärt, Adressliste-Vorlage versandt, Lieferung vor Weihnachten bei Auftrag bis 1.12.",
               "Logo-Grußkarten ab 25 Stück; Druckfreigabe bis {datum}. Hinweis: kein Widerruf bei individueller Gestaltung.",
               "Angebot Dankeschön-Präsent, Zahlung auf Rechnung 30 Tage."],
        outcomes=[("Präsentauftrag erfasst", 5, "order"), ("Angebot versandt", 4, None)], talk=(300, 780), action=order_action("firma"))

    add(key="weinprobe", weight=4, queue="Präsente & Events", digit="4", option="praesente", label="Präsente, Gutscheine, Weinproben",
        channels={"voice": 0.7, "chat": 0.2, "email": 0.1},
        subjects=["Weinprobe buchen", "Online-Weinprobe als Teamevent", "Weinprobe stornieren", "Weinbergswanderung nächstes Jahr"],
        utterances=["Ich möchte eine Weinprobe für {personen} Personen buchen.", "Bieten Sie Online-Weinproben für Firmen an?",
                    "Wir können bei der Weinprobe leider nicht kommen.", "Gibt es die Weinbergswanderung auch im Winter?"],
        answers=["Ich habe {personen} Plätze für Sie reserviert, die Bestätigung kommt per E-Mail."],
        kb=["weinprobe-eltville-buchen", "online-weinprobe", "weinbergswanderung-ruedesheim"],
        notes=["Weinprobe Rheingau Klassik für {personen} Personen gebucht, Teilnahme ab 18, vegetarisches Vesper für 1 Person.",
               "Online-Weinprobe als Teamevent, Adressliste folgt, Technik-Test vereinbart.", "Storno mehr als 7 Tage vorher – kostenfrei.",
               "Weinbergswanderung nur April–Oktober; Vormerkung für April und Gutschein angeboten."],
        outcomes=[("Weinprobe gebucht", 6, "order"), ("Rückruf vereinbart", 1, None), ("kein Abschluss", 1, None)], talk=(150, 420),
        action=order_action("weinprobe"))

    add(key="gutschein", weight=4, queue="Präsente & Events", digit="4", option="praesente", label="Präsente, Gutscheine, Weinproben",
        channels={"voice": 0.8, "email": 0.2},
        subjects=["Geschenkgutschein kaufen", "Gutschein einlösen", "Gutschein abgelaufen?"],
        utterances=["Ich möchte einen Gutschein verschenken.", "Wie löse ich meinen Gutschein ein?", "Mein Gutschein ist von 2022, gilt der noch?"],
        kb=["geschenkgutscheine"],
        notes=["Gutschein als PDF per E-Mail, Gültigkeit 3 Jahre zum Jahresende erklärt.", "Restguthaben {betrag} auf Gutschein geprüft, bei Bestellung angerechnet.",
               "Gutschein von 2022: gültig bis 31.12.2025 – kulant eingelöst nach Rücksprache Teamleitung."],
        outcomes=[("Gutschein verkauft", 6, "order"), ("kein Abschluss", 2, None)], talk=(90, 300), action=order_action("gutschein"))

    add(key="jugendschutz", weight=3, queue="Bestellannahme", digit="1", option="bestellannahme", label="Bestellung und Bestellfragen",
        channels={"voice": 1.0},
        subjects=["Bestellung Tresterbrand – Altersprüfung", "Zustellung mit Ident-Check", "Packstation bei Spirituosen"],
        utterances=["Ich möchte den Tresterbrand bestellen.", "Kann ich Spirituosen an die Packstation liefern lassen?", "Warum musste ich meinen Ausweis zeigen?"],
        kb=["jugendschutz-altersnachweis", "packstation-abstellgenehmigung"],
        notes=["Spirituosen-Bestellung: Versand mit Alterssichtprüfung 18+, keine Packstation, Zustellung nur an Empfänger.",
               "Kunde verärgert über Ausweiskontrolle – Jugendschutzgesetz (Spirituosen ab 18) erklärt.",
               "Anrufer wirkte minderjährig, widersprüchliches Geburtsdatum – Bestellung nicht angenommen."],
        outcomes=[("Bestellung aufgenommen", 5, "order"), ("kein Kauf", 2, None)], talk=(120, 360), action=order_action("spirituose"))

    add(key="ausland", weight=3, queue="Bestellannahme", digit="1", option="bestellannahme", label="Bestellung und Bestellfragen",
        channels={"voice": 0.6, "email": 0.4},
        subjects=["Lieferung in die Schweiz", "Versand nach Österreich", "Versandkosten Ausland"],
        utterances=["Liefern Sie auch in die Schweiz?", "Was kostet der Versand nach Österreich?", "Kann ich Wein nach Belgien schicken lassen?"],
        kb=["lieferung-ins-ausland"],
        notes=["Schweiz: keine Lieferung (Drittland, Zoll). Abholung im Hofladen angeboten.", "Österreich: 14,90 € Versand, Wein ohne Weinsteuer; Bestellung folgt online.",
               "Belgien: Verbrauchsteuer wird separat ausgewiesen, Kunde überlegt."],
        outcomes=[("kein Kauf", 3, None), ("Rückruf vereinbart", 1, None)], talk=(90, 240))

    add(key="rechnung", weight=3, queue="Bestellannahme", digit="1", option="bestellannahme", label="Bestellung und Bestellfragen",
        channels={"voice": 0.6, "email": 0.4},
        subjects=["Zahlungserinnerung trotz Zahlung", "Rechnungskopie", "Zahlungsarten"],
        utterances=["Ich habe eine Zahlungserinnerung bekommen, aber schon bezahlt.", "Ich brauche eine Rechnungskopie für die Firma.", "Kann ich mit PayPal zahlen?"],
        kb=["rechnung-zahlungserinnerung", "zahlungsarten"],
        notes=["Zahlung am Montag überwiesen, noch nicht verbucht. Mahnsperre 10 Tage.", "Rechnungskopie mit Firmenanschrift per E-Mail.",
               "PayPal nur per Zahlungslink – Link zur offenen Bestellung versandt."],
        outcomes=[("Bestellstatus mitgeteilt", 1, None)], talk=(60, 240))

    return S


# ======================================================================================
# Driver
# ======================================================================================

OFFICE_HOURS = [(7, 3), (8, 9), (9, 12), (10, 12), (11, 10), (12, 6), (13, 8), (14, 10), (15, 9), (16, 7), (17, 5), (18, 2)]
ALL_HOURS = [(h, w) for h, w in [(0, 1), (5, 1), (6, 2), (7, 4), (8, 6), (9, 7), (10, 7), (11, 7), (12, 6), (13, 6), (14, 6),
                                  (15, 6), (16, 6), (17, 6), (18, 5), (19, 4), (20, 3), (21, 2), (22, 2), (23, 1)]]
MAIL_HOURS = [(h, 3 if 8 <= h <= 20 else 1) for h in range(6, 24)]


def plan_time(rng, sc, channel, tenant_key):
    if channel == "email":
        return pick_time(rng, [1, 1, 1, 1, 1, 0.6, 0.5], MAIL_HOURS)
    if sc["queue"] == "Störungsannahme":
        return pick_time(rng, [1, 1, 1, 1, 1, 0.7, 0.6], ALL_HOURS)
    if tenant_key == "wr":
        t = pick_time(rng, [1, 0.9, 0.9, 0.9, 1, 0.5, 0], OFFICE_HOURS)
        if (t + CET).weekday() == 5 and not 9 <= (t + CET).hour < 14:
            t = t.replace(hour=rng.randint(9, 12) - 1)
        return t
    return pick_time(rng, [1, 0.9, 0.85, 0.9, 0.8, 0, 0], OFFICE_HOURS)


def finish_order(rng, state, o):
    o["status"] = order_status(rng, o["created_at"], "tariff" if o.get("kind") in (None, "tariff") else "wine")
    if o.get("kind") in ("weinprobe",):
        o["status"] = "confirmed" if o["status"] != "cancelled" else "cancelled"
    if o.get("kind") == "gutschein" and o["status"] != "cancelled":
        o["status"] = "delivered"
    state.orders.append(o)
    state.orders_by_contact.setdefault(o["contact"], []).append(o)


def finish_ticket(rng, state, t):
    t["due_at"] = t["created_at"] + DUE[t["priority"]]
    t["status"], t["resolved_at"] = ticket_status(rng, t["created_at"])
    state.tickets.append(t)


def generate(tenant_key, slug, seed, n_contacts, n_interactions, n_outbound, order_start, ticket_start, pre_orders=0):
    rng = random.Random(seed)
    T = load_tenant(slug)
    contacts = make_contacts(rng, tenant_key, n_contacts)
    by_number = {c["customer_number"]: c for c in contacts}
    companies = [c for c in contacts if c["company"]]
    state = State(order_start, ticket_start)
    if tenant_key == "sw":
        state_products_sw.update({k: v["name"] for k, v in T["products"].items()})
        scenarios, cfg = sw_scenarios(state), SW_CFG
    else:
        scenarios, cfg = wr_scenarios(state, T), WR_CFG
    for sc in scenarios:
        for o in sc["outcomes"]:
            assert o[0] in T["queues"][sc["queue"]]["dispositions"], (sc["key"], o[0])
        for slug_ in sc.get("kb", []):
            assert slug_ in T["kb"], slug_

    # orders placed in the web shop before and during the window (no interaction)
    for _ in range(pre_orders):
        c = rng.choice(contacts)
        created = dt.datetime(2026, 10, 8) + dt.timedelta(days=rng.randint(0, 44), hours=rng.randint(6, 21), minutes=rng.randint(0, 59))
        kind = rng.choice(["bestellung", "bestellung", "bestellung", "geschenk"])
        lines = wr_lines(rng, kind, T)
        o = {"order_number": state.next_order(), "contact": c["customer_number"], "delivery": delivery_of(c), "lines": lines,
             "notes": "Onlineshop-Bestellung.", "kind": kind, "created_at": created}
        if kind == "geschenk":
            pc, city, street = random_wr_address(rng)
            o["delivery"] = {"name": f"{rng.choice(FIRST_F + FIRST_M)} {rng.choice(LAST)}", "street": street, "postcode": pc, "city": city}
            o["notes"] = "Onlineshop-Bestellung, Geschenksendung mit Grußkarte."
        finish_order(rng, state, o)
    state.orders.sort(key=lambda o: o["created_at"])

    plan = []
    weights = [sc["weight"] for sc in scenarios]
    for _ in range(n_interactions):
        sc = rng.choices(scenarios, weights=weights)[0]
        ch = rng.choices(list(sc["channels"]), weights=list(sc["channels"].values()))[0]
        plan.append((plan_time(rng, sc, ch, tenant_key), "in", sc, ch))
    callback_sc = [sc for sc in scenarios if any(o[0] == "Rückruf vereinbart" for o in sc["outcomes"])]
    for _ in range(n_outbound):
        sc = rng.choice(callback_sc)
        plan.append((pick_time(rng, [1, 1, 1, 1, 1, 0, 0], OFFICE_HOURS[1:-1]), "out", sc, "voice"))
    plan.sort(key=lambda x: x[0])

    pool = AgentPool()
    items = []
    for i, (start, kind, sc, ch) in enumerate(plan, 1):
        ref = f"i-{tenant_key}-{i:04d}"
        contact = None
        if sc.get("needs_order"):
            cands = sorted({o["contact"] for o in state.orders if o["created_at"] < start - dt.timedelta(days=1)
                            and o["status"] != "cancelled"})
            contact = by_number[rng.choice(cands)] if cands else rng.choice(contacts)
        elif sc.get("company") and companies:
            contact = rng.choice(companies)
        elif kind == "in" and ch == "voice" and rng.random() < (0.12 if sc["queue"] in ("Störungsannahme", "Weinberatung") else 0.03):
            contact = None
        else:
            contact = rng.choice(contacts)
        if kind == "out":
            while contact is None or contact["do_not_call"] or not [p for p in contact["phones"] if p[0] != "fax"]:
                contact = rng.choice(contacts)
            it, extras = build_outbound(rng, T, cfg, sc, contact, start, pool, ref)
            if not it:
                continue
        else:
            it, extras = build_interaction(rng, T, cfg, sc, contact, start, ch, pool, ref)
        if "order" in extras:
            extras["order"]["interaction"] = ref
            finish_order(rng, state, extras["order"])
        if "ticket" in extras:
            extras["ticket"]["interaction"] = ref
            finish_ticket(rng, state, extras["ticket"])
        items.append(it)

    base = T["base"]
    write_contacts(os.path.join(base, "contacts.csv"), contacts)
    emit_interactions(os.path.join(base, "interactions.yaml"), items)
    state.orders.sort(key=lambda o: o["order_number"])
    emit_orders(os.path.join(base, "orders.yaml"), state.orders)
    emit_tickets(os.path.join(base, "tickets.yaml"), state.tickets)
    print(f"{slug}: {len(contacts)} contacts, {len(items)} interactions, {len(state.orders)} orders, {len(state.tickets)} tickets")


if __name__ == "__main__":
    generate("sw", "stadtwerke-musterstadt", 20261126, 280, 265, 12, 100, 4200)
    generate("wr", "weinversand-rheingau", 65343, 290, 270, 10, 4700, 8800, pre_orders=14)
