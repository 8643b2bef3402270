"""The live demo edition's brainstorming workshop: manufacturers' challenges, ICT providers'
ideas, their teams and votes (``add_live_workshop``, called by ``demo_edition``).

Written through the brainstorming services, so the demo holds only what participants could have
posted; who posts, joins and votes is drawn from a seeded generator, so two loads give the same
workshop.
"""

import datetime as dt
import random

from django.utils import timezone

from maillage.events.models import Event, Registration, Workshop
from maillage.events.services.brainstorming import join_idea, post_challenge, post_idea, vote_idea

#: (challenge title, description, ideas) as manufacturers of the edition would post them.
CHALLENGES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    (
        "Détecter les défauts de surface avant l'usinage final",
        "Nos pièces forgées révèlent leurs criques et leurs inclusions après usinage, quand "
        "la pièce a déjà coûté deux heures de machine.",
        (
            "Une caméra linéaire sur le convoyeur et un modèle entraîné sur quelques centaines "
            "de pièces annotées par vos contrôleurs, en pilote sur une ligne.",
            "Contrôle par thermographie active juste après la forge, quand la pièce est encore "
            "chaude : les défauts ressortent sans éclairage dédié.",
        ),
    ),
    (
        "Prévoir les pannes des presses hydrauliques",
        "Trois arrêts imprévus l'an dernier, chacun d'une semaine ; les capteurs existent mais "
        "personne ne lit leurs données.",
        (
            "Relever pression, température d'huile et vibrations toutes les secondes et "
            "alerter quand leur signature s'écarte de celle d'une presse saine.",
            "Un jumeau numérique simple du circuit hydraulique pour planifier les changements "
            "de joints avant la fuite.",
            "Partager l'historique des pannes entre les membres du pôle pour entraîner un "
            "modèle commun, chaque entreprise gardant ses données.",
        ),
    ),
    (
        "Tracer chaque pièce de la coulée à l'expédition",
        "Nos clients de l'aéronautique demandent l'historique complet de chaque pièce ; il "
        "tient aujourd'hui dans des classeurs.",
        (
            "Un marquage laser Datamatrix à la sortie de forge, lu à chaque poste, et une base "
            "de traçabilité reliée à l'ERP.",
            "Des étiquettes RFID résistantes à la chaleur sur les paniers, pour suivre les lots "
            "sans scanner pièce par pièce.",
        ),
    ),
    (
        "Réduire la consommation énergétique des fours",
        "Les fours de traitement thermique tournent à pleine puissance même à moitié chargés.",
        (
            "Planifier les charges des fours avec un solveur qui regroupe les lots compatibles "
            "et évite les heures de pointe.",
            "Des compteurs par four et un tableau de bord pour mesurer le gain de chaque réglage.",
        ),
    ),
)


def add_live_workshop(
    event: Event,
    manufacturers: list[Registration],
    providers: list[Registration],
    rng: random.Random,
    *,
    day: dt.date,
) -> Workshop:
    """The workshop after the afternoon's meetings: each challenge posted by a manufacturer
    (the first by ``manufacturers[0]``: the demo representative when they take part), each idea
    by an ICT provider, with a colleague or two in its team and a few votes."""
    workshop = Workshop.objects.create(
        event=event,
        title="Atelier : l'industrie 4.0 au service de la forge et de l'usinage",
        room="Salle Meuse",
        starts_at=dt.datetime.combine(day, dt.time(16, 15), timezone.get_current_timezone()),
    )
    posters = [manufacturers[0], *rng.sample(manufacturers[1:], k=len(CHALLENGES) - 1)]
    for poster, (title, description, ideas) in zip(posters, CHALLENGES, strict=True):
        challenge = post_challenge(
            registration=poster, workshop=workshop, title=title, description=description
        )
        for text in ideas:
            author = rng.choice(providers)
            idea = post_idea(registration=author, challenge=challenge, text=text)
            for member in rng.sample([p for p in providers if p != author], k=rng.randint(0, 2)):
                join_idea(registration=member, idea=idea)
            if rng.random() < 0.5:  # the manufacturer joins the team working on its challenge
                join_idea(registration=poster, idea=idea)
            for voter in rng.sample(manufacturers + providers, k=rng.randint(2, 9)):
                vote_idea(registration=voter, idea=idea)
    return workshop
