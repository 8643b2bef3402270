# ruff: noqa: E501 - translated sentences read best unbroken, one per line
"""Themes of the synthetic evaluation set: what one organisation offers and another needs.

Each theme holds an offer and a need in English, French, Dutch and German. Offer and need are
worded differently on purpose (the need states a problem, the offer a capability), so a pair is
found by meaning, not by copied words. SYNTHETIC DATA, written for evaluation only.
"""

# (key, offering sector, needing sector, {lang: offer}, {lang: need})
THEMES: list[tuple[str, str, str, dict[str, str], dict[str, str]]] = [
    (
        "predictive-maintenance",
        "ict",
        "manufacturing",
        {
            "en": "vibration analytics and machine-learning models that predict equipment failures",
            "fr": "analyse vibratoire et modèles d'apprentissage automatique qui prédisent les pannes d'équipements",
            "nl": "trillingsanalyse en machine-learningmodellen die storingen van installaties voorspellen",
            "de": "Schwingungsanalyse und Machine-Learning-Modelle, die Anlagenausfälle vorhersagen",
        },
        {
            "en": "we want to cut unplanned downtime on our production lines",
            "fr": "nous voulons réduire les arrêts imprévus de nos lignes de production",
            "nl": "wij willen ongeplande stilstand van onze productielijnen verminderen",
            "de": "wir wollen ungeplante Stillstände unserer Produktionslinien senken",
        },
    ),
    (
        "cybersecurity-audit",
        "ict",
        "health",
        {
            "en": "penetration testing and security audits of hospital information systems",
            "fr": "tests d'intrusion et audits de sécurité des systèmes d'information",
            "nl": "penetratietesten en beveiligingsaudits van informatiesystemen",
            "de": "Penetrationstests und Sicherheitsaudits von Informationssystemen",
        },
        {
            "en": "protect patient records against ransomware attacks",
            "fr": "protéger les dossiers des patients contre les rançongiciels",
            "nl": "patiëntendossiers beschermen tegen ransomware-aanvallen",
            "de": "Patientenakten vor Ransomware-Angriffen schützen",
        },
    ),
    (
        "food-packaging",
        "materials",
        "agrifood",
        {
            "en": "compostable bio-based films for food packaging",
            "fr": "films biosourcés compostables pour l'emballage alimentaire",
            "nl": "composteerbare biogebaseerde folies voor voedselverpakkingen",
            "de": "kompostierbare biobasierte Folien für Lebensmittelverpackungen",
        },
        {
            "en": "replace the plastic wrapping of our cheeses with a greener alternative",
            "fr": "remplacer l'emballage plastique de nos fromages par une solution plus écologique",
            "nl": "de plastic verpakking van onze kazen vervangen door een groener alternatief",
            "de": "die Plastikverpackung unserer Käse durch eine umweltfreundlichere Lösung ersetzen",
        },
    ),
    (
        "drone-inspection",
        "aerospace",
        "energy",
        {
            "en": "autonomous drones with thermal cameras for infrastructure inspection",
            "fr": "drones autonomes équipés de caméras thermiques pour l'inspection d'infrastructures",
            "nl": "autonome drones met warmtecamera's voor inspectie van infrastructuur",
            "de": "autonome Drohnen mit Wärmebildkameras zur Inspektion von Infrastruktur",
        },
        {
            "en": "check hundreds of kilometres of power lines and wind turbine blades each year",
            "fr": "contrôler chaque année des centaines de kilomètres de lignes électriques et de pales d'éoliennes",
            "nl": "elk jaar honderden kilometers hoogspanningslijnen en windturbinebladen controleren",
            "de": "jedes Jahr Hunderte Kilometer Stromleitungen und Rotorblätter von Windkraftanlagen prüfen",
        },
    ),
    (
        "clinical-trials",
        "health",
        "biotech",
        {
            "en": "clinical research organisation running phase I and II trials",
            "fr": "organisation de recherche clinique qui conduit des essais de phase I et II",
            "nl": "contractonderzoeksorganisatie die klinische studies fase I en II uitvoert",
            "de": "Auftragsforschungsinstitut für klinische Studien der Phasen I und II",
        },
        {
            "en": "test our new vaccine candidate on human volunteers",
            "fr": "tester notre nouveau candidat vaccin sur des volontaires humains",
            "nl": "ons nieuwe vaccinkandidaat testen bij menselijke vrijwilligers",
            "de": "unseren neuen Impfstoffkandidaten an menschlichen Probanden testen",
        },
    ),
    (
        "cold-chain",
        "logistics",
        "agrifood",
        {
            "en": "temperature-controlled transport and warehousing across the Benelux",
            "fr": "transport et entreposage sous température dirigée dans tout le Benelux",
            "nl": "geconditioneerd transport en opslag in de hele Benelux",
            "de": "temperaturgeführter Transport und Lagerung im gesamten Benelux",
        },
        {
            "en": "ship fresh dairy products to supermarkets without breaking the cold chain",
            "fr": "livrer des produits laitiers frais aux supermarchés sans rompre la chaîne du froid",
            "nl": "verse zuivelproducten naar supermarkten brengen zonder de koudeketen te onderbreken",
            "de": "frische Milchprodukte ohne Unterbrechung der Kühlkette an Supermärkte liefern",
        },
    ),
    (
        "energy-audit",
        "energy",
        "manufacturing",
        {
            "en": "energy audits, heat recovery and industrial heat pumps",
            "fr": "audits énergétiques, récupération de chaleur et pompes à chaleur industrielles",
            "nl": "energieaudits, warmterecuperatie en industriële warmtepompen",
            "de": "Energieaudits, Wärmerückgewinnung und industrielle Wärmepumpen",
        },
        {
            "en": "our gas bill for the drying ovens has tripled and we must decarbonise",
            "fr": "notre facture de gaz pour les fours de séchage a triplé et nous devons décarboner",
            "nl": "onze gasfactuur voor de droogovens is verdrievoudigd en we moeten koolstofarm worden",
            "de": "unsere Gasrechnung für die Trockenöfen hat sich verdreifacht und wir müssen dekarbonisieren",
        },
    ),
    (
        "computer-vision-quality",
        "ict",
        "agrifood",
        {
            "en": "computer vision systems for automatic visual inspection on conveyor belts",
            "fr": "systèmes de vision par ordinateur pour l'inspection visuelle automatique sur convoyeurs",
            "nl": "computervisiesystemen voor automatische visuele inspectie op transportbanden",
            "de": "Bildverarbeitungssysteme zur automatischen Sichtprüfung auf Förderbändern",
        },
        {
            "en": "sort out bruised apples before they are packed",
            "fr": "écarter les pommes abîmées avant leur conditionnement",
            "nl": "beschadigde appels eruit halen voordat ze verpakt worden",
            "de": "beschädigte Äpfel vor dem Verpacken aussortieren",
        },
    ),
    (
        "additive-manufacturing",
        "manufacturing",
        "aerospace",
        {
            "en": "metal 3D printing of lightweight titanium parts",
            "fr": "impression 3D métallique de pièces légères en titane",
            "nl": "metaal-3D-printen van lichte titanium onderdelen",
            "de": "Metall-3D-Druck leichter Titanbauteile",
        },
        {
            "en": "reduce the weight of brackets in our satellite structures",
            "fr": "alléger les supports de nos structures de satellites",
            "nl": "het gewicht van de steunen in onze satellietstructuren verminderen",
            "de": "das Gewicht der Halterungen in unseren Satellitenstrukturen senken",
        },
    ),
    (
        "bim-digital-twin",
        "ict",
        "construction",
        {
            "en": "BIM modelling and digital twins of buildings",
            "fr": "modélisation BIM et jumeaux numériques de bâtiments",
            "nl": "BIM-modellering en digitale tweelingen van gebouwen",
            "de": "BIM-Modellierung und digitale Zwillinge von Gebäuden",
        },
        {
            "en": "coordinate architects and subcontractors on our renovation sites without errors",
            "fr": "coordonner architectes et sous-traitants sur nos chantiers de rénovation sans erreurs",
            "nl": "architecten en onderaannemers op onze renovatiewerven foutloos coördineren",
            "de": "Architekten und Subunternehmer auf unseren Sanierungsbaustellen fehlerfrei koordinieren",
        },
    ),
    (
        "e-learning",
        "creative",
        "health",
        {
            "en": "serious games and interactive e-learning modules",
            "fr": "jeux sérieux et modules d'apprentissage en ligne interactifs",
            "nl": "serious games en interactieve e-learningmodules",
            "de": "Serious Games und interaktive E-Learning-Module",
        },
        {
            "en": "train our nurses on new care procedures in an engaging way",
            "fr": "former nos infirmières aux nouvelles procédures de soins de manière engageante",
            "nl": "onze verpleegkundigen op een boeiende manier opleiden in nieuwe zorgprocedures",
            "de": "unsere Pflegekräfte auf ansprechende Weise in neuen Pflegeverfahren schulen",
        },
    ),
    (
        "water-treatment",
        "environment",
        "agrifood",
        {
            "en": "membrane filtration and biological treatment of industrial wastewater",
            "fr": "filtration membranaire et traitement biologique des eaux usées industrielles",
            "nl": "membraanfiltratie en biologische zuivering van industrieel afvalwater",
            "de": "Membranfiltration und biologische Reinigung von Industrieabwasser",
        },
        {
            "en": "our brewery discharges too much organic load into the river",
            "fr": "notre brasserie rejette trop de charge organique dans la rivière",
            "nl": "onze brouwerij loost te veel organische belasting in de rivier",
            "de": "unsere Brauerei leitet zu viel organische Fracht in den Fluss ein",
        },
    ),
    (
        "battery-recycling",
        "environment",
        "energy",
        {
            "en": "hydrometallurgical recovery of lithium, nickel and cobalt",
            "fr": "récupération hydrométallurgique du lithium, du nickel et du cobalt",
            "nl": "hydrometallurgische terugwinning van lithium, nikkel en kobalt",
            "de": "hydrometallurgische Rückgewinnung von Lithium, Nickel und Kobalt",
        },
        {
            "en": "find a second life or end-of-life solution for used battery packs",
            "fr": "trouver une seconde vie ou une fin de vie pour nos packs de batteries usagés",
            "nl": "een tweede leven of eindoplossing vinden voor gebruikte batterijpakketten",
            "de": "ein zweites Leben oder eine Entsorgungslösung für gebrauchte Batteriepacks finden",
        },
    ),
    (
        "precision-farming",
        "ict",
        "agrifood",
        {
            "en": "satellite imagery and soil sensors for variable-rate fertilisation",
            "fr": "imagerie satellitaire et capteurs de sol pour la fertilisation à dose variable",
            "nl": "satellietbeelden en bodemsensoren voor plaatsspecifieke bemesting",
            "de": "Satellitenbilder und Bodensensoren für teilflächenspezifische Düngung",
        },
        {
            "en": "use less nitrogen on our wheat fields while keeping yields",
            "fr": "utiliser moins d'azote sur nos champs de blé tout en gardant les rendements",
            "nl": "minder stikstof gebruiken op onze tarwevelden met behoud van opbrengst",
            "de": "weniger Stickstoff auf unseren Weizenfeldern einsetzen und die Erträge halten",
        },
    ),
    (
        "medical-imaging-ai",
        "ict",
        "health",
        {
            "en": "deep learning for the analysis of radiology images",
            "fr": "apprentissage profond pour l'analyse d'images de radiologie",
            "nl": "deep learning voor de analyse van radiologiebeelden",
            "de": "Deep Learning für die Auswertung radiologischer Bilder",
        },
        {
            "en": "help our radiologists detect lung nodules earlier on CT scans",
            "fr": "aider nos radiologues à détecter plus tôt les nodules pulmonaires sur les scanners",
            "nl": "onze radiologen helpen longnodules vroeger te zien op CT-scans",
            "de": "unseren Radiologen helfen, Lungenrundherde auf CT-Aufnahmen früher zu erkennen",
        },
    ),
    (
        "composites",
        "materials",
        "transport",
        {
            "en": "carbon fibre composite design and moulding",
            "fr": "conception et moulage de composites en fibre de carbone",
            "nl": "ontwerp en vormgeving van koolstofvezelcomposieten",
            "de": "Konstruktion und Formgebung von Kohlefaser-Verbundwerkstoffen",
        },
        {
            "en": "make our electric bus bodies lighter to increase range",
            "fr": "alléger la carrosserie de nos bus électriques pour augmenter l'autonomie",
            "nl": "de carrosserie van onze elektrische bussen lichter maken voor meer bereik",
            "de": "die Karosserie unserer Elektrobusse leichter machen, um die Reichweite zu erhöhen",
        },
    ),
    (
        "route-optimisation",
        "ict",
        "logistics",
        {
            "en": "route optimisation software and fleet telematics",
            "fr": "logiciel d'optimisation de tournées et télématique de flotte",
            "nl": "software voor routeoptimalisatie en vlootbeheer via telematica",
            "de": "Software zur Tourenoptimierung und Flottentelematik",
        },
        {
            "en": "our delivery vans drive too many empty kilometres",
            "fr": "nos camionnettes de livraison roulent trop de kilomètres à vide",
            "nl": "onze bestelwagens rijden te veel lege kilometers",
            "de": "unsere Lieferwagen fahren zu viele Leerkilometer",
        },
    ),
    (
        "regulatory-affairs",
        "health",
        "biotech",
        {
            "en": "regulatory consulting for CE marking of medical devices",
            "fr": "conseil réglementaire pour le marquage CE des dispositifs médicaux",
            "nl": "regelgevingsadvies voor de CE-markering van medische hulpmiddelen",
            "de": "Regulatorische Beratung zur CE-Kennzeichnung von Medizinprodukten",
        },
        {
            "en": "bring our diagnostic kit to the European market under the new MDR rules",
            "fr": "mettre notre kit de diagnostic sur le marché européen selon le nouveau règlement MDR",
            "nl": "onze diagnostische kit op de Europese markt brengen volgens de nieuwe MDR-regels",
            "de": "unser Diagnosekit nach den neuen MDR-Regeln auf den europäischen Markt bringen",
        },
    ),
    (
        "cobots",
        "manufacturing",
        "logistics",
        {
            "en": "collaborative robots and automated picking cells",
            "fr": "robots collaboratifs et cellules de préparation de commandes automatisées",
            "nl": "collaboratieve robots en geautomatiseerde orderpickcellen",
            "de": "kollaborative Roboter und automatisierte Kommissionierzellen",
        },
        {
            "en": "our warehouse staff cannot keep up with e-commerce order peaks",
            "fr": "notre personnel d'entrepôt ne suit plus les pics de commandes en ligne",
            "nl": "ons magazijnpersoneel kan de pieken van webwinkelbestellingen niet bijhouden",
            "de": "unser Lagerpersonal kommt mit den Spitzen der Onlinebestellungen nicht mehr nach",
        },
    ),
    (
        "green-hydrogen",
        "energy",
        "transport",
        {
            "en": "electrolysers and hydrogen refuelling stations",
            "fr": "électrolyseurs et stations de ravitaillement en hydrogène",
            "nl": "elektrolysers en waterstoftankstations",
            "de": "Elektrolyseure und Wasserstofftankstellen",
        },
        {
            "en": "run our heavy trucks without diesel by 2030",
            "fr": "faire rouler nos poids lourds sans diesel d'ici 2030",
            "nl": "onze zware vrachtwagens tegen 2030 zonder diesel laten rijden",
            "de": "unsere schweren Lkw bis 2030 ohne Diesel betreiben",
        },
    ),
    (
        "sensory-analysis",
        "agrifood",
        "agrifood",
        {
            "en": "consumer panels and sensory analysis laboratory",
            "fr": "panels de consommateurs et laboratoire d'analyse sensorielle",
            "nl": "consumentenpanels en laboratorium voor sensorische analyse",
            "de": "Verbraucherpanels und Labor für sensorische Analyse",
        },
        {
            "en": "know whether shoppers will like the taste of our new plant-based burger",
            "fr": "savoir si les clients aimeront le goût de notre nouveau burger végétal",
            "nl": "weten of klanten de smaak van onze nieuwe plantaardige burger lekker zullen vinden",
            "de": "wissen, ob Kunden der Geschmack unseres neuen pflanzlichen Burgers gefallen wird",
        },
    ),
    (
        "iot-building",
        "ict",
        "construction",
        {
            "en": "wireless sensors and dashboards for smart building management",
            "fr": "capteurs sans fil et tableaux de bord pour la gestion intelligente des bâtiments",
            "nl": "draadloze sensoren en dashboards voor slim gebouwbeheer",
            "de": "Funksensoren und Dashboards für intelligentes Gebäudemanagement",
        },
        {
            "en": "monitor the heating, air quality and occupancy of the schools we maintain",
            "fr": "suivre le chauffage, la qualité de l'air et l'occupation des écoles que nous entretenons",
            "nl": "de verwarming, luchtkwaliteit en bezetting van de scholen die we onderhouden opvolgen",
            "de": "Heizung, Luftqualität und Belegung der von uns betreuten Schulen überwachen",
        },
    ),
    (
        "fermentation-scale-up",
        "biotech",
        "agrifood",
        {
            "en": "pilot-scale fermentation and bioprocess scale-up",
            "fr": "fermentation à l'échelle pilote et montée en échelle de bioprocédés",
            "nl": "fermentatie op pilootschaal en opschaling van bioprocessen",
            "de": "Fermentation im Pilotmaßstab und Scale-up von Bioprozessen",
        },
        {
            "en": "produce our precision-fermented dairy proteins in tonnes rather than grams",
            "fr": "produire nos protéines laitières issues de fermentation de précision en tonnes plutôt qu'en grammes",
            "nl": "onze zuiveleiwitten uit precisiefermentatie in tonnen in plaats van grammen produceren",
            "de": "unsere Milchproteine aus Präzisionsfermentation in Tonnen statt in Gramm herstellen",
        },
    ),
    (
        "ux-design",
        "creative",
        "ict",
        {
            "en": "user experience research and interface design",
            "fr": "recherche en expérience utilisateur et design d'interfaces",
            "nl": "gebruikersonderzoek en interfaceontwerp",
            "de": "User-Experience-Forschung und Gestaltung von Benutzeroberflächen",
        },
        {
            "en": "users abandon our banking app at the sign-up screen",
            "fr": "les utilisateurs abandonnent notre application bancaire à l'écran d'inscription",
            "nl": "gebruikers haken af bij het registratiescherm van onze bankapp",
            "de": "Nutzer brechen unsere Banking-App beim Registrierungsbildschirm ab",
        },
    ),
]

#: Sector -> (domain label, NACE code, {lang: short description of the sector's activity}).
SECTORS: dict[str, tuple[str, str, dict[str, str]]] = {
    "ict": (
        "digital",
        "62.01",
        {
            "en": "software company building digital solutions",
            "fr": "société de services numériques qui développe des logiciels",
            "nl": "softwarebedrijf dat digitale oplossingen bouwt",
            "de": "Softwareunternehmen, das digitale Lösungen entwickelt",
        },
    ),
    "manufacturing": (
        "manufacturing",
        "25.62",
        {
            "en": "industrial manufacturer of machined metal components",
            "fr": "fabricant industriel de pièces métalliques usinées",
            "nl": "industriële producent van bewerkte metalen onderdelen",
            "de": "Industriehersteller von zerspanten Metallteilen",
        },
    ),
    "agrifood": (
        "agri-food",
        "10.51",
        {
            "en": "food producer processing regional farm products",
            "fr": "entreprise agroalimentaire qui transforme des produits agricoles régionaux",
            "nl": "voedingsbedrijf dat regionale landbouwproducten verwerkt",
            "de": "Lebensmittelhersteller, der regionale Agrarprodukte verarbeitet",
        },
    ),
    "health": (
        "health",
        "86.10",
        {
            "en": "healthcare organisation caring for patients",
            "fr": "acteur des soins de santé au service des patients",
            "nl": "zorgorganisatie die patiënten verzorgt",
            "de": "Gesundheitseinrichtung, die Patienten versorgt",
        },
    ),
    "biotech": (
        "biotechnology",
        "72.11",
        {
            "en": "biotechnology company developing new therapies",
            "fr": "entreprise de biotechnologie qui développe de nouvelles thérapies",
            "nl": "biotechbedrijf dat nieuwe therapieën ontwikkelt",
            "de": "Biotechnologieunternehmen, das neue Therapien entwickelt",
        },
    ),
    "logistics": (
        "logistics",
        "52.10",
        {
            "en": "logistics provider operating warehouses and trucks",
            "fr": "prestataire logistique qui exploite des entrepôts et des camions",
            "nl": "logistiek dienstverlener met magazijnen en vrachtwagens",
            "de": "Logistikdienstleister mit Lagerhäusern und Lkw",
        },
    ),
    "energy": (
        "energy",
        "35.11",
        {
            "en": "energy company producing and distributing electricity",
            "fr": "entreprise énergétique qui produit et distribue de l'électricité",
            "nl": "energiebedrijf dat elektriciteit produceert en verdeelt",
            "de": "Energieunternehmen, das Strom erzeugt und verteilt",
        },
    ),
    "environment": (
        "environment",
        "38.32",
        {
            "en": "environmental technology company treating waste and water",
            "fr": "entreprise d'éco-technologies qui traite les déchets et l'eau",
            "nl": "milieutechnologiebedrijf dat afval en water behandelt",
            "de": "Umwelttechnikunternehmen für Abfall- und Wasserbehandlung",
        },
    ),
    "construction": (
        "construction",
        "41.20",
        {
            "en": "construction company building and renovating buildings",
            "fr": "entreprise de construction qui bâtit et rénove des bâtiments",
            "nl": "bouwbedrijf dat gebouwen bouwt en renoveert",
            "de": "Bauunternehmen, das Gebäude errichtet und saniert",
        },
    ),
    "aerospace": (
        "aerospace",
        "30.30",
        {
            "en": "aerospace company designing flight systems",
            "fr": "entreprise aérospatiale qui conçoit des systèmes de vol",
            "nl": "lucht- en ruimtevaartbedrijf dat vliegsystemen ontwerpt",
            "de": "Luft- und Raumfahrtunternehmen, das Flugsysteme konstruiert",
        },
    ),
    "materials": (
        "materials",
        "20.16",
        {
            "en": "materials company formulating polymers and composites",
            "fr": "entreprise de matériaux qui formule des polymères et des composites",
            "nl": "materialenbedrijf dat polymeren en composieten formuleert",
            "de": "Werkstoffunternehmen, das Polymere und Verbundstoffe formuliert",
        },
    ),
    "transport": (
        "mobility",
        "29.10",
        {
            "en": "vehicle maker building buses and trucks",
            "fr": "constructeur de véhicules qui fabrique des bus et des camions",
            "nl": "voertuigbouwer die bussen en vrachtwagens maakt",
            "de": "Fahrzeughersteller, der Busse und Lkw baut",
        },
    ),
    "creative": (
        "creative industries",
        "59.11",
        {
            "en": "creative studio producing digital content",
            "fr": "studio créatif qui produit des contenus numériques",
            "nl": "creatieve studio die digitale inhoud produceert",
            "de": "Kreativstudio, das digitale Inhalte produziert",
        },
    ),
}
