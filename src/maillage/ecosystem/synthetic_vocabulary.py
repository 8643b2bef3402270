"""Vocabulary of the synthetic population: sectors tied to the taxonomy, places, names.

Every phrase exists in French, English, Dutch and German so a generated organisation can describe
itself in the languages of its region. Offers and needs are noun phrases that fit both
"We offer ..." / "We are looking for ..." sentences and listing titles.
"""

from dataclasses import dataclass

type Phrase = dict[str, str]


@dataclass(frozen=True)
class Item:
    """An offer or a need, with its marketplace category."""

    category: str
    text: Phrase


@dataclass(frozen=True)
class Sector:
    key: str
    domains: tuple[str, ...]
    nace: tuple[str, ...]
    #: Slugs of the clusters and poles its organisations usually join.
    networks: tuple[str, ...]
    stems: tuple[str, ...]
    activity: Phrase
    offers: tuple[Item, ...]
    needs: tuple[Item, ...]


def _p(fr: str, en: str, nl: str, de: str) -> Phrase:
    return {"fr": fr, "en": en, "nl": nl, "de": de}


TECH, BUSINESS, RD = "technology", "business", "rd_partner"

SECTORS: tuple[Sector, ...] = (
    Sector(
        key="mechatronics",
        domains=(
            "microtechnology-mechatronics",
            "smart-maintenance-manufacturing",
            "mechanical-engineering",
            "additive-manufacturing",
            "materials-shaping",
            "robotics-automation",
        ),
        nace=("28.29", "28.99", "25.62", "33.12", "33.20", "71.12"),
        networks=("mecatech", "infopole-cluster-tic", "skywin", "plastiwin"),
        stems=("Meca", "Robo", "Tornio", "Axio", "Precis", "Ferro", "Motio", "Usina", "Servo"),
        activity=_p(
            "la mécatronique et l'automatisation industrielle",
            "mechatronics and industrial automation",
            "mechatronica en industriële automatisering",
            "Mechatronik und Industrieautomation",
        ),
        offers=(
            Item(
                TECH,
                _p(
                    "de la maintenance prédictive pour lignes de production",
                    "predictive maintenance for production lines",
                    "voorspellend onderhoud voor productielijnen",
                    "vorausschauende Wartung für Produktionslinien",
                ),
            ),
            Item(
                BUSINESS,
                _p(
                    "de l'usinage de précision en petites séries",
                    "precision machining in small batches",
                    "precisiebewerking in kleine series",
                    "Präzisionszerspanung in Kleinserien",
                ),
            ),
            Item(
                TECH,
                _p(
                    "des cellules robotisées clés en main",
                    "turnkey robotic cells",
                    "kant-en-klare robotcellen",
                    "schlüsselfertige Roboterzellen",
                ),
            ),
            Item(
                TECH,
                _p(
                    "de la fabrication additive de pièces métalliques",
                    "additive manufacturing of metal parts",
                    "additieve productie van metalen onderdelen",
                    "additive Fertigung von Metallteilen",
                ),
            ),
        ),
        needs=(
            Item(
                TECH,
                _p(
                    "un partenaire en vision par ordinateur pour le contrôle qualité",
                    "a computer vision partner for quality inspection",
                    "een partner in computervisie voor kwaliteitscontrole",
                    "einen Partner für Bildverarbeitung zur Qualitätskontrolle",
                ),
            ),
            Item(
                RD,
                _p(
                    "un laboratoire pour caractériser des surfaces traitées",
                    "a laboratory to characterise treated surfaces",
                    "een labo om behandelde oppervlakken te karakteriseren",
                    "ein Labor zur Charakterisierung behandelter Oberflächen",
                ),
            ),
            Item(
                TECH,
                _p(
                    "une plateforme de données pour suivre nos machines",
                    "a data platform to monitor our machines",
                    "een dataplatform om onze machines op te volgen",
                    "eine Datenplattform zur Überwachung unserer Maschinen",
                ),
            ),
        ),
    ),
    Sector(
        key="ict",
        domains=(
            "computer-vision",
            "artificial-intelligence",
            "big-data",
            "internet-of-things",
            "cybersecurity",
            "cloud-connectivity",
            "open-data",
        ),
        nace=("62.01", "62.02", "62.09", "63.11", "58.29"),
        networks=("infopole-cluster-tic", "twist", "mecatech", "biowin", "logistics-in-wallonia"),
        stems=("Data", "Pixel", "Cyber", "Neur", "Algo", "Byte", "Cloud", "Vect", "Logic", "Sens"),
        activity=_p(
            "le logiciel et les services numériques",
            "software and digital services",
            "software en digitale diensten",
            "Software und digitale Dienstleistungen",
        ),
        offers=(
            Item(
                TECH,
                _p(
                    "de la vision par ordinateur pour l'inspection industrielle",
                    "computer vision for industrial inspection",
                    "computervisie voor industriële inspectie",
                    "Bildverarbeitung für die industrielle Inspektion",
                ),
            ),
            Item(
                TECH,
                _p(
                    "des audits de cybersécurité et des tests d'intrusion",
                    "cybersecurity audits and penetration testing",
                    "cyberbeveiligingsaudits en penetratietests",
                    "Cybersicherheitsaudits und Penetrationstests",
                ),
            ),
            Item(
                TECH,
                _p(
                    "une plateforme IoT pour capteurs connectés",
                    "an IoT platform for connected sensors",
                    "een IoT-platform voor verbonden sensoren",
                    "eine IoT-Plattform für vernetzte Sensoren",
                ),
            ),
            Item(
                BUSINESS,
                _p(
                    "le développement d'applications web et mobiles",
                    "web and mobile application development",
                    "ontwikkeling van web- en mobiele applicaties",
                    "Entwicklung von Web- und Mobilanwendungen",
                ),
            ),
            Item(
                TECH,
                _p(
                    "de l'analyse de données et de l'intelligence artificielle",
                    "data analytics and artificial intelligence",
                    "data-analyse en artificiële intelligentie",
                    "Datenanalyse und künstliche Intelligenz",
                ),
            ),
        ),
        needs=(
            Item(
                RD,
                _p(
                    "un site industriel pilote pour tester notre solution",
                    "an industrial pilot site to test our solution",
                    "een industriële pilootsite om onze oplossing te testen",
                    "einen industriellen Pilotstandort für unsere Lösung",
                ),
            ),
            Item(
                BUSINESS,
                _p(
                    "des investisseurs pour notre croissance",
                    "investors for our growth",
                    "investeerders voor onze groei",
                    "Investoren für unser Wachstum",
                ),
            ),
            Item(
                RD,
                _p(
                    "un partenaire hospitalier pour valider un algorithme",
                    "a hospital partner to validate an algorithm",
                    "een ziekenhuispartner om een algoritme te valideren",
                    "einen Krankenhauspartner zur Validierung eines Algorithmus",
                ),
            ),
        ),
    ),
    Sector(
        key="logistics",
        domains=(
            "multimodality",
            "sustainable-logistics",
            "supply-chain-security",
            "internal-logistics",
        ),
        nace=("49.41", "52.10", "52.24", "52.29"),
        networks=("logistics-in-wallonia", "infopole-cluster-tic", "wagralim"),
        stems=("Trans", "Logi", "Cargo", "Route", "Mosa", "Fret", "Hub", "Quai", "Flow"),
        activity=_p(
            "le transport et la logistique",
            "transport and logistics",
            "transport en logistiek",
            "Transport und Logistik",
        ),
        offers=(
            Item(
                BUSINESS,
                _p(
                    "de l'entreposage sous température dirigée",
                    "temperature-controlled warehousing",
                    "opslag onder gecontroleerde temperatuur",
                    "temperaturgeführte Lagerung",
                ),
            ),
            Item(
                BUSINESS,
                _p(
                    "du transport multimodal route-rail-voie d'eau",
                    "road, rail and waterway multimodal transport",
                    "multimodaal transport over weg, spoor en water",
                    "multimodalen Transport über Straße, Schiene und Wasserweg",
                ),
            ),
            Item(
                BUSINESS,
                _p(
                    "de la logistique urbaine du dernier kilomètre",
                    "last-mile urban logistics",
                    "stedelijke logistiek voor de laatste kilometer",
                    "urbane Logistik auf der letzten Meile",
                ),
            ),
        ),
        needs=(
            Item(
                TECH,
                _p(
                    "un logiciel d'optimisation des tournées",
                    "route optimisation software",
                    "software voor routeoptimalisatie",
                    "Software zur Tourenoptimierung",
                ),
            ),
            Item(
                TECH,
                _p(
                    "de la robotique pour préparer les commandes",
                    "robotics for order picking",
                    "robotica voor orderpicking",
                    "Robotik für die Kommissionierung",
                ),
            ),
            Item(
                TECH,
                _p(
                    "un suivi en temps réel des palettes",
                    "real-time tracking of pallets",
                    "realtime opvolging van paletten",
                    "Echtzeitverfolgung von Paletten",
                ),
            ),
        ),
    ),
    Sector(
        key="health",
        domains=(
            "diagnostics",
            "biomarkers",
            "medical-equipment",
            "innovative-therapies",
            "drug-discovery",
            "health-it",
            "e-health",
        ),
        nace=("21.20", "21.10", "72.11", "32.50", "26.60", "86.10"),
        networks=("biowin", "infopole-cluster-tic"),
        stems=("Geno", "Cell", "Medi", "Thera", "Vita", "Diagno", "Immu", "Bio", "Cura"),
        activity=_p(
            "les biotechnologies et la santé",
            "biotechnology and health",
            "biotechnologie en gezondheid",
            "Biotechnologie und Gesundheit",
        ),
        offers=(
            Item(
                TECH,
                _p(
                    "des kits de diagnostic in vitro",
                    "in vitro diagnostic kits",
                    "in-vitrodiagnostische kits",
                    "In-vitro-Diagnostikkits",
                ),
            ),
            Item(
                RD,
                _p(
                    "le développement de procédés de thérapie cellulaire",
                    "cell therapy process development",
                    "procesontwikkeling voor celtherapie",
                    "Prozessentwicklung für Zelltherapien",
                ),
            ),
            Item(
                BUSINESS,
                _p(
                    "l'accompagnement des essais cliniques",
                    "clinical trial support",
                    "ondersteuning van klinische studies",
                    "Unterstützung klinischer Studien",
                ),
            ),
        ),
        needs=(
            Item(
                TECH,
                _p(
                    "de l'intelligence artificielle pour l'analyse d'images médicales",
                    "artificial intelligence for medical image analysis",
                    "artificiële intelligentie voor medische beeldanalyse",
                    "künstliche Intelligenz für die medizinische Bildanalyse",
                ),
            ),
            Item(
                BUSINESS,
                _p(
                    "une capacité de production sous GMP",
                    "GMP manufacturing capacity",
                    "GMP-productiecapaciteit",
                    "GMP-Produktionskapazität",
                ),
            ),
            Item(
                BUSINESS,
                _p(
                    "un conseil réglementaire pour le marquage CE",
                    "regulatory advice for CE marking",
                    "regelgevend advies voor CE-markering",
                    "regulatorische Beratung zur CE-Kennzeichnung",
                ),
            ),
        ),
    ),
    Sector(
        key="agrofood",
        domains=("food-quality", "agrofood-efficiency", "packaging", "sustainable-agrofood"),
        nace=("10.89", "10.51", "10.71", "11.05", "17.21"),
        networks=("wagralim", "logistics-in-wallonia", "greenwin"),
        stems=(
            "Agri",
            "Hesbaye",
            "Terroir",
            "Condroz",
            "Nutri",
            "Fromag",
            "Brass",
            "Grain",
            "Verger",
        ),
        activity=_p(
            "l'agroalimentaire",
            "the agro-food industry",
            "de voedingsindustrie",
            "die Lebensmittelindustrie",
        ),
        offers=(
            Item(
                BUSINESS,
                _p(
                    "des produits laitiers de terroir en circuit court",
                    "local dairy products through short supply chains",
                    "lokale zuivelproducten via korte keten",
                    "regionale Milchprodukte über kurze Lieferketten",
                ),
            ),
            Item(
                RD,
                _p(
                    "des essais de formulation pour réduire le sucre",
                    "formulation trials to reduce sugar",
                    "formulatieproeven om suiker te verminderen",
                    "Rezepturversuche zur Zuckerreduktion",
                ),
            ),
            Item(
                BUSINESS,
                _p(
                    "des capacités de co-manufacturing alimentaire",
                    "food co-manufacturing capacity",
                    "capaciteit voor co-manufacturing van voeding",
                    "Kapazitäten für Lebensmittel-Lohnherstellung",
                ),
            ),
        ),
        needs=(
            Item(
                TECH,
                _p(
                    "un emballage recyclable qui prolonge la conservation",
                    "recyclable packaging that extends shelf life",
                    "recycleerbare verpakking die de houdbaarheid verlengt",
                    "recycelbare Verpackung mit längerer Haltbarkeit",
                ),
            ),
            Item(
                TECH,
                _p(
                    "une solution de traçabilité des lots",
                    "a batch traceability solution",
                    "een oplossing voor batchtraceerbaarheid",
                    "eine Lösung zur Chargenrückverfolgung",
                ),
            ),
            Item(
                RD,
                _p(
                    "un partenaire de recherche en nutrition",
                    "a nutrition research partner",
                    "een onderzoekspartner in voeding",
                    "einen Forschungspartner für Ernährung",
                ),
            ),
        ),
    ),
    Sector(
        key="aerospace",
        domains=(
            "composites",
            "metal-materials",
            "embedded-systems",
            "space-systems",
            "modelling-simulation",
            "airport-services",
        ),
        nace=("30.30", "26.51", "25.61", "71.20"),
        networks=("skywin", "mecatech", "infopole-cluster-tic"),
        stems=("Aero", "Orbit", "Astra", "Sky", "Stella", "Avio", "Zenit", "Kosmo"),
        activity=_p(
            "l'aéronautique et le spatial",
            "aeronautics and space",
            "lucht- en ruimtevaart",
            "Luft- und Raumfahrt",
        ),
        offers=(
            Item(
                TECH,
                _p(
                    "des structures composites pour l'aéronautique",
                    "composite structures for aircraft",
                    "composietstructuren voor de luchtvaart",
                    "Verbundstrukturen für die Luftfahrt",
                ),
            ),
            Item(
                TECH,
                _p(
                    "du logiciel embarqué critique",
                    "safety-critical embedded software",
                    "veiligheidskritische embedded software",
                    "sicherheitskritische Embedded-Software",
                ),
            ),
            Item(
                RD,
                _p(
                    "de la simulation numérique et du calcul de structures",
                    "numerical simulation and structural analysis",
                    "numerieke simulatie en structuurberekening",
                    "numerische Simulation und Strukturberechnung",
                ),
            ),
        ),
        needs=(
            Item(
                BUSINESS,
                _p(
                    "un sous-traitant en usinage de titane",
                    "a titanium machining subcontractor",
                    "een onderaannemer voor titaniumbewerking",
                    "einen Zulieferer für Titanbearbeitung",
                ),
            ),
            Item(
                RD,
                _p(
                    "un banc d'essais en vibration",
                    "a vibration test bench",
                    "een trillingstestbank",
                    "einen Schwingungsprüfstand",
                ),
            ),
        ),
    ),
    Sector(
        key="greenchem",
        domains=(
            "green-chemistry",
            "bio-based-chemistry",
            "environmental-technologies",
            "waste-effluent-treatment",
            "wastewater-management",
        ),
        nace=("20.14", "20.59", "38.21", "38.32", "71.20"),
        networks=("greenwin", "plastiwin", "wagralim"),
        stems=("Chem", "Hydro", "Verda", "Eco", "Purif", "Circul", "Aqua", "Lign"),
        activity=_p(
            "la chimie verte et les technologies environnementales",
            "green chemistry and environmental technologies",
            "groene chemie en milieutechnologie",
            "grüne Chemie und Umwelttechnik",
        ),
        offers=(
            Item(
                TECH,
                _p(
                    "des solvants biosourcés",
                    "bio-based solvents",
                    "biogebaseerde solventen",
                    "biobasierte Lösungsmittel",
                ),
            ),
            Item(
                TECH,
                _p(
                    "le traitement des eaux usées industrielles",
                    "industrial waste water treatment",
                    "behandeling van industrieel afvalwater",
                    "Behandlung industrieller Abwässer",
                ),
            ),
            Item(
                BUSINESS,
                _p(
                    "la valorisation de déchets en matières premières",
                    "turning waste into raw materials",
                    "valorisatie van afval tot grondstoffen",
                    "Verwertung von Abfällen zu Rohstoffen",
                ),
            ),
        ),
        needs=(
            Item(
                RD,
                _p(
                    "un partenaire pour passer à l'échelle pilote",
                    "a partner to scale up to pilot level",
                    "een partner voor opschaling naar pilootschaal",
                    "einen Partner für die Maßstabsvergrößerung",
                ),
            ),
            Item(
                TECH,
                _p(
                    "des capteurs pour surveiller nos effluents",
                    "sensors to monitor our effluents",
                    "sensoren om ons afvalwater te bewaken",
                    "Sensoren zur Überwachung unserer Abwässer",
                ),
            ),
        ),
    ),
    Sector(
        key="energy",
        domains=("renewable-energy", "energy-efficiency", "energy-management-storage", "green-ict"),
        nace=("35.11", "27.11", "27.90", "43.21", "71.12"),
        networks=("tweed", "greenwin", "cap-2020", "infopole-cluster-tic"),
        stems=("Helio", "Volt", "Eol", "Therm", "Watt", "Solar", "Enerj", "Geo"),
        activity=_p(
            "les énergies renouvelables et l'efficacité énergétique",
            "renewable energy and energy efficiency",
            "hernieuwbare energie en energie-efficiëntie",
            "erneuerbare Energien und Energieeffizienz",
        ),
        offers=(
            Item(
                BUSINESS,
                _p(
                    "l'installation de centrales photovoltaïques",
                    "installation of photovoltaic plants",
                    "installatie van fotovoltaïsche centrales",
                    "Installation von Photovoltaikanlagen",
                ),
            ),
            Item(
                TECH,
                _p(
                    "un logiciel de suivi énergétique des bâtiments",
                    "energy monitoring software for buildings",
                    "software voor energiemonitoring van gebouwen",
                    "Software zur Energieüberwachung von Gebäuden",
                ),
            ),
            Item(
                TECH,
                _p(
                    "du stockage d'énergie par batteries",
                    "battery energy storage",
                    "energieopslag in batterijen",
                    "Batteriespeicher für Energie",
                ),
            ),
        ),
        needs=(
            Item(
                TECH,
                _p(
                    "des capteurs connectés à bas coût",
                    "low-cost connected sensors",
                    "goedkope verbonden sensoren",
                    "kostengünstige vernetzte Sensoren",
                ),
            ),
            Item(
                RD,
                _p(
                    "un partenaire en prévision de production par IA",
                    "a partner in AI-based production forecasting",
                    "een partner in productievoorspelling met AI",
                    "einen Partner für KI-gestützte Erzeugungsprognosen",
                ),
            ),
        ),
    ),
    Sector(
        key="construction",
        domains=(
            "green-building",
            "low-energy-building",
            "sustainable-renovation",
            "energy-efficiency",
        ),
        nace=("41.20", "43.29", "43.22", "23.61", "71.12"),
        networks=("eco-construction", "cap-2020", "greenwin", "tweed"),
        stems=("Bati", "Ardenn", "Paille", "Maison", "Renov", "Chanvre", "Pierre", "Bois"),
        activity=_p(
            "la construction et la rénovation durables",
            "sustainable building and renovation",
            "duurzaam bouwen en renoveren",
            "nachhaltiges Bauen und Sanieren",
        ),
        offers=(
            Item(
                BUSINESS,
                _p(
                    "la rénovation énergétique de logements",
                    "energy renovation of homes",
                    "energetische renovatie van woningen",
                    "energetische Sanierung von Wohnungen",
                ),
            ),
            Item(
                TECH,
                _p(
                    "des isolants biosourcés en chanvre et en paille",
                    "bio-based hemp and straw insulation",
                    "biogebaseerde isolatie uit hennep en stro",
                    "biobasierte Dämmstoffe aus Hanf und Stroh",
                ),
            ),
            Item(
                TECH,
                _p(
                    "la modélisation BIM de bâtiments passifs",
                    "BIM modelling of passive buildings",
                    "BIM-modellering van passiefgebouwen",
                    "BIM-Modellierung von Passivhäusern",
                ),
            ),
        ),
        needs=(
            Item(
                TECH,
                _p(
                    "un outil numérique de suivi de chantier",
                    "a digital site-management tool",
                    "een digitale tool voor werfopvolging",
                    "ein digitales Werkzeug für die Baustellenverwaltung",
                ),
            ),
            Item(
                RD,
                _p(
                    "un laboratoire pour certifier de nouveaux matériaux",
                    "a laboratory to certify new materials",
                    "een labo om nieuwe materialen te certificeren",
                    "ein Labor zur Zertifizierung neuer Materialien",
                ),
            ),
        ),
    ),
    Sector(
        key="plastics",
        domains=(
            "polymers-plastics",
            "elastomers-rubber",
            "composites",
            "technical-textiles",
            "foamed-products",
        ),
        nace=("22.29", "22.21", "22.22", "22.19", "13.96"),
        networks=("plastiwin", "mecatech", "greenwin"),
        stems=("Poly", "Plast", "Elasto", "Fibr", "Moul", "Textil", "Resin", "Mous"),
        activity=_p(
            "la plasturgie et les matériaux polymères",
            "plastics processing and polymer materials",
            "kunststofverwerking en polymeermaterialen",
            "Kunststoffverarbeitung und Polymerwerkstoffe",
        ),
        offers=(
            Item(
                BUSINESS,
                _p(
                    "de l'injection plastique de pièces techniques",
                    "injection moulding of technical parts",
                    "spuitgieten van technische onderdelen",
                    "Spritzguss technischer Teile",
                ),
            ),
            Item(
                TECH,
                _p(
                    "des polymères recyclés de qualité technique",
                    "engineering-grade recycled polymers",
                    "gerecycleerde polymeren van technische kwaliteit",
                    "recycelte Polymere in technischer Qualität",
                ),
            ),
            Item(
                TECH,
                _p(
                    "des textiles techniques enduits",
                    "coated technical textiles",
                    "gecoate technische textielen",
                    "beschichtete technische Textilien",
                ),
            ),
        ),
        needs=(
            Item(
                RD,
                _p(
                    "un partenaire pour des composites biosourcés",
                    "a partner for bio-based composites",
                    "een partner voor biogebaseerde composieten",
                    "einen Partner für biobasierte Verbundwerkstoffe",
                ),
            ),
            Item(
                TECH,
                _p(
                    "du contrôle qualité automatisé en sortie de presse",
                    "automated quality control at the press",
                    "geautomatiseerde kwaliteitscontrole aan de pers",
                    "automatisierte Qualitätskontrolle an der Presse",
                ),
            ),
        ),
    ),
    Sector(
        key="media",
        domains=(
            "virtual-reality",
            "serious-games",
            "digital-media",
            "transmedia",
            "stereoscopic-3d",
            "motion-recognition",
            "digitisation-archiving",
        ),
        nace=("58.21", "59.11", "62.01", "74.10"),
        networks=("twist", "infopole-cluster-tic", "biowin"),
        stems=("Studio", "Lumi", "Immers", "Play", "Kino", "Holo", "Vox", "Anima"),
        activity=_p(
            "les médias numériques et les industries créatives",
            "digital media and the creative industries",
            "digitale media en de creatieve industrie",
            "digitale Medien und die Kreativwirtschaft",
        ),
        offers=(
            Item(
                TECH,
                _p(
                    "des simulations en réalité virtuelle pour la formation",
                    "virtual reality simulations for training",
                    "virtualrealitysimulaties voor opleiding",
                    "Virtual-Reality-Simulationen für die Ausbildung",
                ),
            ),
            Item(
                BUSINESS,
                _p(
                    "la conception de jeux sérieux",
                    "serious game design",
                    "ontwerp van serious games",
                    "Gestaltung von Serious Games",
                ),
            ),
            Item(
                TECH,
                _p(
                    "la numérisation 3D du patrimoine",
                    "3D scanning of heritage",
                    "3D-digitalisering van erfgoed",
                    "3D-Digitalisierung von Kulturerbe",
                ),
            ),
        ),
        needs=(
            Item(
                BUSINESS,
                _p(
                    "des clients industriels pour la formation immersive",
                    "industrial clients for immersive training",
                    "industriële klanten voor immersieve opleiding",
                    "Industriekunden für immersive Schulungen",
                ),
            ),
            Item(
                RD,
                _p(
                    "un partenaire en reconnaissance de mouvement",
                    "a motion-recognition partner",
                    "een partner in bewegingsherkenning",
                    "einen Partner für Bewegungserkennung",
                ),
            ),
        ),
    ),
)

#: Investors and public bodies are described by their own profiles (they serve every sector).
FINANCE = Sector(
    key="finance",
    domains=(),
    nace=("64.99", "66.30"),
    networks=("infopole-cluster-tic", "biowin", "mecatech"),
    stems=("Invest", "Capital", "Seed", "Fonds", "Venture", "Croissance"),
    activity=_p(
        "le financement de l'innovation",
        "financing innovation",
        "financiering van innovatie",
        "Innovationsfinanzierung",
    ),
    offers=(
        Item(
            BUSINESS,
            _p(
                "du capital d'amorçage pour les start-ups technologiques",
                "seed capital for technology start-ups",
                "startkapitaal voor technologische start-ups",
                "Startkapital für Technologie-Start-ups",
            ),
        ),
        Item(
            BUSINESS,
            _p(
                "des prêts de croissance pour les PME industrielles",
                "growth loans for industrial SMEs",
                "groeileningen voor industriële kmo's",
                "Wachstumskredite für Industrie-KMU",
            ),
        ),
    ),
    needs=(
        Item(
            BUSINESS,
            _p(
                "des projets innovants à financer",
                "innovative projects to finance",
                "innovatieve projecten om te financieren",
                "innovative Projekte zur Finanzierung",
            ),
        ),
    ),
)

PUBLIC = Sector(
    key="public",
    domains=(),
    nace=("84.13",),
    networks=("infopole-cluster-tic", "logistics-in-wallonia"),
    stems=("Agence", "Intercommunale", "Service", "Bureau", "Office"),
    activity=_p(
        "le développement économique régional",
        "regional economic development",
        "regionale economische ontwikkeling",
        "regionale Wirtschaftsentwicklung",
    ),
    offers=(
        Item(
            BUSINESS,
            _p(
                "des programmes d'accompagnement à la transformation numérique",
                "digital transformation support programmes",
                "begeleidingsprogramma's voor digitale transformatie",
                "Begleitprogramme für die digitale Transformation",
            ),
        ),
        Item(
            BUSINESS,
            _p(
                "des terrains équipés dans nos parcs d'activités",
                "serviced plots in our business parks",
                "uitgeruste terreinen in onze bedrijventerreinen",
                "erschlossene Grundstücke in unseren Gewerbeparks",
            ),
        ),
    ),
    needs=(
        Item(
            TECH,
            _p(
                "des solutions de données ouvertes pour les communes",
                "open data solutions for municipalities",
                "opendataoplossingen voor gemeenten",
                "Open-Data-Lösungen für Gemeinden",
            ),
        ),
    ),
)

NAME_SUFFIXES = (
    "tec",
    "tronic",
    "vision",
    "soft",
    "lab",
    "link",
    "form",
    "gen",
    "core",
    "wave",
    "is",
    "ia",
    "sys",
    "nov",
)
NAME_SECOND_WORDS = (
    "",
    "",
    "",
    "Solutions",
    "Engineering",
    "Industries",
    "Systems",
    "Group",
    "Services",
    "Innovation",
)

#: (postcode, city) by region; provinces come from the postcode.
WALLOON_PLACES = (
    ("4000", "Liège"),
    ("4020", "Liège"),
    ("4040", "Herstal"),
    ("4100", "Seraing"),
    ("4102", "Ougrée"),
    ("4300", "Waremme"),
    ("4460", "Grâce-Hollogne"),
    ("4500", "Huy"),
    ("4800", "Verviers"),
    ("5000", "Namur"),
    ("5030", "Gembloux"),
    ("5060", "Sambreville"),
    ("5100", "Jambes"),
    ("5500", "Dinant"),
    ("6000", "Charleroi"),
    ("6041", "Gosselies"),
    ("6220", "Fleurus"),
    ("6700", "Arlon"),
    ("6800", "Libramont-Chevigny"),
    ("6900", "Marche-en-Famenne"),
    ("6600", "Bastogne"),
    ("7000", "Mons"),
    ("7100", "La Louvière"),
    ("7180", "Seneffe"),
    ("7500", "Tournai"),
    ("7700", "Mouscron"),
    ("7800", "Ath"),
    ("1300", "Wavre"),
    ("1340", "Ottignies"),
    ("1348", "Louvain-la-Neuve"),
    ("1400", "Nivelles"),
    ("1420", "Braine-l'Alleud"),
    ("1435", "Mont-Saint-Guibert"),
)
GERMAN_SPEAKING_PLACES = (("4700", "Eupen"), ("4730", "Raeren"), ("4780", "Sankt Vith"))
FLEMISH_PLACES = (
    ("2000", "Antwerpen"),
    ("9000", "Gent"),
    ("3000", "Leuven"),
    ("8500", "Kortrijk"),
    ("3500", "Hasselt"),
    ("2800", "Mechelen"),
    ("8000", "Brugge"),
    ("3600", "Genk"),
)
BRUSSELS_PLACES = (
    ("1000", "Bruxelles"),
    ("1050", "Ixelles"),
    ("1070", "Anderlecht"),
    ("1200", "Woluwe-Saint-Lambert"),
)
FOREIGN_PLACES = {
    "NL": (("5611", "Eindhoven"), ("6211", "Maastricht"), ("3011", "Rotterdam"), ("5911", "Venlo")),
    "DE": (("52062", "Aachen"), ("50667", "Köln"), ("40213", "Düsseldorf")),
    "LU": (("1118", "Luxembourg"), ("4010", "Esch-sur-Alzette")),
    "FR": (
        ("59000", "Lille"),
        ("59300", "Valenciennes"),
        ("51100", "Reims"),
        ("57000", "Metz"),
        ("69002", "Lyon"),
    ),
}

STREETS = {
    "fr": (
        "Rue de l'Industrie",
        "Avenue des Sciences",
        "Rue du Parc",
        "Boulevard de l'Innovation",
        "Rue des Artisans",
        "Allée de la Recherche",
    ),
    "nl": ("Industrieweg", "Researchpark", "Kerkstraat", "Stationsstraat", "Ambachtenlaan"),
    "de": ("Industriestraße", "Hauptstraße", "Technologiepark", "Bahnhofstraße"),
}

FIRST_NAMES = {
    "fr": (
        "Sophie",
        "Julien",
        "Camille",
        "Nicolas",
        "Aurélie",
        "Thomas",
        "Élodie",
        "Maxime",
        "Chloé",
        "François",
        "Mélanie",
        "Cédric",
        "Nathalie",
        "Olivier",
        "Sarah",
        "Benoît",
        "Laura",
        "Grégory",
        "Manon",
        "Sébastien",
    ),
    "nl": (
        "Jeroen",
        "Lotte",
        "Pieter",
        "Sanne",
        "Wouter",
        "Eline",
        "Bram",
        "Femke",
        "Koen",
        "Annelies",
        "Joris",
        "Liesbeth",
    ),
    "de": ("Lukas", "Anna", "Jonas", "Lena", "Matthias", "Katrin", "Stefan", "Julia"),
    "en": ("James", "Emma", "Oliver", "Grace", "Daniel", "Hannah"),
}
LAST_NAMES = {
    "fr": (
        "Dubois",
        "Lambert",
        "Martin",
        "Dupont",
        "Lejeune",
        "Renard",
        "Collard",
        "Lemaire",
        "Gilson",
        "Hubert",
        "Mathieu",
        "Leclercq",
        "Denis",
        "Delvaux",
        "Simon",
        "Laurent",
        "Piron",
        "Lecomte",
        "Wauters",
        "Maréchal",
    ),
    "nl": (
        "Peeters",
        "Janssens",
        "Maes",
        "Jacobs",
        "Mertens",
        "Willems",
        "Claes",
        "Goossens",
        "Wouters",
        "De Smet",
        "Vermeulen",
        "Van den Broeck",
    ),
    "de": ("Schmitz", "Müller", "Krings", "Hilgers", "Weber", "Schröder", "Lentz", "Keutgen"),
    "en": ("Smith", "Taylor", "Brown", "Wilson", "Evans", "Walker"),
}
JOB_TITLES = {
    "fr": (
        "Directeur général",
        "Responsable R&D",
        "Chargée d'affaires",
        "Responsable innovation",
        "Directrice technique",
        "Business developer",
    ),
    "nl": (
        "Zaakvoerder",
        "R&D-manager",
        "Innovatiemanager",
        "Technisch directeur",
        "Business developer",
    ),
    "de": (
        "Geschäftsführer",
        "Leiterin Forschung und Entwicklung",
        "Innovationsmanager",
        "Technischer Leiter",
    ),
    "en": (
        "Chief executive",
        "Head of R&D",
        "Innovation manager",
        "Chief technology officer",
        "Business developer",
    ),
}
