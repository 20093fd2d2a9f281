"""Words of the synthetic data: places, invented organisation names, goals, plan items, funds.

Every organisation name here is invented (Belgian-sounding on purpose); labels are roles,
never names of people. Lists are tuples so that a seeded draw is the same on every run.
"""

from __future__ import annotations

__all__ = [
    "ACTION_TEXTS",
    "COMMUNES",
    "FUNDS",
    "GOALS",
    "ORG_PATTERNS",
    "ORG_WORDS",
    "ORG_WORDS_NL",
    "SEATS",
    "SERVICE_SHORT",
]

# communes (or localities) by region, for "CPAS de …", "CPMS de …" and the like
COMMUNES: dict[str, tuple[str, ...]] = {
    "bruxelles": ("Schaerbeek", "Anderlecht", "Molenbeek", "Ixelles", "Saint-Gilles", "Forest", "Etterbeek",
                  "Jette", "Evere", "Uccle", "Bruxelles", "Saint-Josse", "Koekelberg", "Laeken"),
    "namur": ("Namur", "Jambes", "Gembloux", "Andenne", "Sambreville", "Ciney", "Dinant", "Fosses-la-Ville"),
    "liege": ("Liège", "Seraing", "Herstal", "Ans", "Flémalle"),
    "charleroi": ("Charleroi", "Marcinelle", "Gosselies", "Jumet", "Couillet"),
    "mons": ("Mons", "Jemappes", "Quaregnon"),
    "brabant_wallon": ("Wavre", "Nivelles", "Ottignies"),
    "luxembourg": ("Arlon", "Marche-en-Famenne", "Bastogne"),
}

# seat of the judicial district (SAJ, SPJ, youth court, maison de justice) by region
SEATS: dict[str, str] = {
    "bruxelles": "Bruxelles", "namur": "Namur", "liege": "Liège", "charleroi": "Charleroi", "mons": "Mons",
    "brabant_wallon": "Nivelles", "luxembourg": "Arlon",
}

# invented words for organisation names (no real organisation is meant)
ORG_WORDS = ("L'Estuaire", "Le Tilleul", "La Boussole", "Le Chemin Vert", "L'Arbre à Palabres", "Le Phare",
             "La Passerelle du Canal", "Les Glycines", "Le Sextant", "La Clairière", "L'Escale", "Le Vieux Moulin",
             "La Ruche", "Les Trois Sources", "Le Fil d'Ariane", "La Marelle", "Le Colibri", "L'Orée",
             "Le Grand Chêne", "La Mosaïque", "Les Alizés", "Le Trait d'Union", "La Rose des Vents", "L'Atelier Bleu")
ORG_WORDS_NL = ("De Linde", "Het Anker", "De Brug", "De Vlinder", "Het Kompas", "De Zonnebloem", "De Wegwijzer",
                "Het Baken", "De Kade", "De Eik")

# organisation pattern by kind: "{c}" is a commune, "{r}" the district's seat, "{w}" an invented word, "{wn}" a Dutch invented word
ORG_PATTERNS: dict[str, tuple[str, ...]] = {
    "cpas": ("CPAS de {c}",),
    "cpms": ("CPMS de {c}", "CPMS libre de {c}", "Centre PMS {w}"),
    "school": ("Athénée de {c}", "École fondamentale {w}", "Institut {w}", "École d'enseignement spécialisé {w}",
               "Collège {w}"),
    "ssm": ("SSM {w}", "Service de santé mentale de {c}", "SSM {w} ({c})"),
    "ped_hospital": ("Clinique de l'enfant {w}", "Hôpital pédiatrique {w}", "Unité ado — CHR {w}"),
    "psy_hospital": ("Clinique psychiatrique {w}", "Centre neuropsychiatrique {w}", "Hôpital psychiatrique {w}"),
    "hospital": ("CHR {w}", "Clinique {w}", "Hôpital {w} ({c})"),
    "maison_medicale": ("Maison médicale {w}", "Maison médicale de {c}", "Maison médicale {w} ({c})"),
    "saj": ("SAJ de {r}",),
    "spj": ("SPJ de {r}",),
    "aaj": ("Service d'aide en milieu ouvert {w}", "AMO {w}"),
    "mj": ("Maison de jeunes {w}", "Maison de jeunes de {c}"),
    "sport": ("Club sportif {w}", "Académie de musique de {c}", "Atelier créatif {w}"),
    "home_care": ("Centrale de soins à domicile {w}", "Soins à domicile {w} ({c})"),
    "family_aide": ("Service d'aide aux familles {w}", "Aide familiale {w} ({c})"),
    "coordination": ("Centre de coordination {w}",),
    "mutualite": ("Service social de la mutualité {w}",),
    "casg": ("Centre d'action sociale globale {w}", "Service social {w}"),
    "low_threshold": ("Comptoir bas seuil {w}", "Centre d'accueil bas seuil {w}", "Réduction des risques {w}"),
    "substitution": ("Centre de traitement {w}", "Maison d'accueil socio-sanitaire {w}"),
    "shelter": ("Asile de nuit {w}", "Centre d'hébergement d'urgence {w}", "Maison d'accueil {w}"),
    "outreach": ("Travail de rue {w}", "Équipe de rue {w}"),
    "housing_first": ("Housing First {w}", "Projet Housing First de {c}"),
    "ais": ("Agence immobilière sociale {w}", "AIS de {c}"),
    "social_housing": ("Société de logement social de {c}",),
    "justice_house": ("Maison de justice de {r}",),
    "youth_court": ("Tribunal de la jeunesse de {r}",),
    "lawyer": ("Bureau d'aide juridique de {c}", "Cabinet {w}"),
    "police": ("Police locale de {c}",),
    "employment": ("Mission locale de {c}", "Projet d'insertion {w}", "Centre de formation {w}"),
    "disability": ("Service d'accompagnement {w}", "Centre de jour {w}", "SRJ {w}"),
    "day_centre": ("Centre de jour {w}", "Club thérapeutique {w}"),
    "neighbourhood": ("Maison de quartier {w}", "Maison de quartier de {c}"),
    "peer_group": ("Groupe d'entraide {w}", "Espace de rencontre {w}"),
    "migration": ("Centre d'accueil pour demandeurs de protection {w}", "Service d'accompagnement des migrants {w}"),
    "nursing_home": ("Maison de repos {w}",),
    "pharmacy": ("Pharmacie {w}", "Pharmacie de {c}"),
    "one": ("Consultation ONE de {c}",),
    "mobile_team": ("Équipe mobile {w}",),
    "caw": ("CAW {wn}",),
    "wgc": ("Wijkgezondheidscentrum {wn}",),
    "cgg": ("CGG {wn}",),
}

# the short name used in the case manager's label and organisation
SERVICE_SHORT: dict[str, str] = {
    "bru-stars-cm": "Bru-Stars",
    "dune-liaison": "DUNE",
    "brusano-cm": "Brusano",
    "mobile-107-precarite": "Équipe mobile 107",
    "kirikou-cm": "Kirikou",
}

# goals in the person's words, by need domain (invented, short)
GOALS: dict[str, tuple[str, ...]] = {
    "finances": ("Ne plus avoir de dettes", "Savoir payer mon loyer à la fin du mois", "Avoir un revenu à moi"),
    "work_training": ("Trouver une formation qui me plaît", "Retravailler, même à mi-temps", "Passer mon permis"),
    "schooling": ("Retourner à l'école sans avoir peur", "Réussir mon année", "Avoir des amis en classe"),
    "daily_activities": ("Faire du sport avec d'autres jeunes", "Avoir quelque chose à faire la journée",
                         "Reprendre la musique"),
    "housing": ("Avoir un chez-moi", "Quitter la rue avant l'hiver", "Rester dans ma maison", "Un logement calme"),
    "family_relations": ("Que ça se passe mieux avec ma mère", "Revoir mes enfants", "Moins de disputes à la maison"),
    "mental_health": ("Dormir la nuit", "Me sentir moins angoissé·e", "Ne plus retourner à l'hôpital",
                      "Avoir quelqu'un à qui parler"),
    "physical_health": ("Pouvoir marcher jusqu'au marché", "Avoir moins mal", "Me soigner les dents"),
    "substance_use": ("Boire moins", "Arrêter l'héroïne", "Garder mon traitement de substitution"),
    "basic_adl": ("Me laver seule", "Pouvoir rester chez moi", "Ne pas tomber la nuit"),
    "instrumental_adl": ("Faire mes courses moi-même", "Que quelqu'un m'aide pour les papiers et les repas"),
    "social_network": ("Voir du monde", "Ne plus être seul·e le dimanche", "Retrouver des amis"),
    "community_participation": ("Faire du bénévolat", "Aller au club du quartier"),
    "justice": ("Respecter les conditions du juge", "Régler mon affaire au tribunal"),
    "safety": ("Être en sécurité chez moi", "Qu'on me laisse tranquille"),
    "parenting": ("Être une bonne mère pour mon fils", "Que mes enfants restent avec moi"),
    "disability_support": ("Avoir une place dans un centre de jour", "Être aidé·e pour mon handicap"),
    "rights_admin": ("Avoir mes papiers en ordre", "Récupérer ma carte d'identité", "Être en ordre de mutuelle"),
}

# plan items, by need domain
ACTION_TEXTS: dict[str, tuple[str, ...]] = {
    "finances": ("Introduire une demande de revenu d'intégration", "Prendre rendez-vous en médiation de dettes",
                 "Établir un budget avec la personne"),
    "work_training": ("Inscription à une formation", "Rendez-vous avec le conseiller emploi"),
    "schooling": ("Point trimestriel école–pédopsychiatre", "Réunion avec le CPMS et les parents",
                  "Chercher une école adaptée"),
    "daily_activities": ("Chercher une activité extrascolaire adaptée", "Visite d'un centre de jour"),
    "housing": ("Introduire une demande de logement social", "Contacter l'AIS", "Visite du logement",
                "Demande de prime d'installation"),
    "family_relations": ("Proposer une thérapie familiale", "Soutien à la mère (groupe d'aidants)",
                         "Médiation familiale"),
    "mental_health": ("Prendre rendez-vous chez le psychiatre", "Mettre en place un suivi au SSM",
                      "Organiser une évaluation psychiatrique", "Vérifier le traitement avec le médecin"),
    "physical_health": ("Bilan chez le médecin généraliste", "Rendez-vous chez le dentiste",
                        "Suivi des plaies par l'infirmière"),
    "substance_use": ("Accompagner au centre de traitement", "Reprendre le traitement de substitution",
                      "Rendez-vous au comptoir bas seuil"),
    "basic_adl": ("Augmenter les passages infirmiers", "Évaluer l'aménagement de la salle de bain"),
    "instrumental_adl": ("Mettre en place les repas à domicile", "Demander une aide familiale"),
    "social_network": ("Présenter le groupe d'entraide", "Proposer un bénévole visiteur"),
    "community_participation": ("Inscription au club du quartier", "Chercher un bénévolat"),
    "justice": ("Contacter l'avocat", "Préparer l'audience avec la maison de justice"),
    "safety": ("Évaluer la sécurité au domicile", "Contacter l'agent de quartier"),
    "parenting": ("Rendez-vous à la consultation ONE", "Soutien à la parentalité à domicile"),
    "disability_support": ("Introduire une demande auprès de l'AViQ", "Visite d'un centre de jour"),
    "rights_admin": ("Refaire la carte d'identité", "Remettre la mutuelle en ordre", "Adresse de référence au CPAS"),
}

# emergency funds (invented except for the name the brief gives for the main one)
FUNDS: tuple[tuple[str, float], ...] = (
    ("Criseflex", 0.7),
    ("Fonds d'urgence psychosociale", 0.2),
    ("Fonds Solidarité Santé", 0.1),
)
