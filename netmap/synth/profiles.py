"""The publics of the synthetic data: who asks which service, with which needs and which actors around.

A :class:`Profile` is one public (e.g. youth mental health in Brussels) with the service
its requests reach, the person's age, region and housing, the need domains it has, the
informal and professional actors typically around it and how long follow-ups last.
Grey-zone profiles (``grey=True``) describe persons who fit no service of the directory
(shared/spec/taxonomy.md) but still ask one.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["ActorKind", "PROFILES", "Profile"]


@dataclass(frozen=True, slots=True)
class ActorKind:
    """A kind of actor: its id stem, role label, sector and organisation pattern kind."""

    key: str
    label: str
    sector: str
    org: str | None = None  # key of vocab.ORG_PATTERNS, or None (no organisation)
    mandate: str | None = None
    role: str | None = None
    lang: str | None = None  # forced working language (e.g. "nl" for Flemish organisations)

    @property
    def formal(self) -> bool:
        return self.sector != "informal"


def _i(key: str, label: str) -> ActorKind:
    return ActorKind(key, label, "informal")


# informal actors
MERE, PERE = _i("mere", "Mère"), _i("pere", "Père")
BEAU_PERE, BELLE_MERE = _i("beaupere", "Beau-père"), _i("bellemere", "Belle-mère")
GRAND_MERE, GRAND_PERE = _i("grandmere", "Grand-mère"), _i("grandpere", "Grand-père")
SOEUR, FRERE = _i("soeur", "Sœur"), _i("frere", "Frère")
TANTE, ONCLE = _i("tante", "Tante"), _i("oncle", "Oncle")
FILLE, FILS = _i("fille", "Fille"), _i("fils", "Fils")
BELLE_FILLE = _i("bellefille", "Belle-fille")
CONJOINT, CONJOINTE = _i("conjoint", "Conjoint"), _i("conjointe", "Conjointe")
VOISINE, VOISIN = _i("voisine", "Voisine"), _i("voisin", "Voisin")
AMI, AMIE = _i("ami", "Ami"), _i("amie", "Amie")
PAIR = _i("pair", "Compagnon de rue")
PARRAIN = _i("parrain", "Parrain")
EX = _i("expartenaire", "Ex-partenaire")
FAMILLE_ACCUEIL = _i("accueil", "Famille d'accueil")

# professionals
GP = ActorKind("mg", "Médecin généraliste", "primary_care", "maison_medicale")
GP_ALONE = ActorKind("mg", "Médecin traitant", "primary_care", None)
WGC = ActorKind("wgc", "Huisarts (wijkgezondheidscentrum)", "primary_care", "wgc", lang="nl")
PHARMA = ActorKind("pharma", "Pharmacien", "primary_care", "pharmacy")
PSY1 = ActorKind("psy1", "Psychologue de première ligne", "primary_care", "maison_medicale")
KINE = ActorKind("kine", "Kinésithérapeute", "primary_care", None)
PEDOPSY = ActorKind("pedopsy", "Pédopsychiatre", "mental_health", "ped_hospital")
SSM = ActorKind("ssm", "Psychologue (SSM)", "mental_health", "ssm")
SSM_FAM = ActorKind("therafam", "Thérapeute familiale (SSM)", "mental_health", "ssm")
CGG = ActorKind("cgg", "Psycholoog (CGG)", "mental_health", "cgg", lang="nl")
PSYCHIATRE = ActorKind("psychiatre", "Psychiatre", "mental_health", "psy_hospital")
HP = ActorKind("hp", "Hôpital psychiatrique (unité)", "mental_health", "psy_hospital")
EQUIPE_MOBILE = ActorKind("emobile", "Équipe mobile de crise", "mental_health", "mobile_team")
CLUB_THERA = ActorKind("clubthera", "Club thérapeutique", "mental_health", "day_centre")
HOSP = ActorKind("hopital", "Service social de l'hôpital", "hospital", "hospital")
URGENCES = ActorKind("urgences", "Urgences", "hospital", "hospital")
GERIATRE = ActorKind("geriatre", "Gériatre", "hospital", "hospital")
MRS = ActorKind("mrs", "Maison de repos (court séjour)", "hospital", "nursing_home")
CPMS = ActorKind("cpms", "CPMS", "education", "cpms")
ECOLE = ActorKind("ecole", "École", "education", "school")
EDUC_SCOL = ActorKind("educ", "Éducateur scolaire", "education", "school")
SAJ = ActorKind("saj", "SAJ (conseillère)", "youth_family", "saj", mandate="voluntary")
SPJ = ActorKind("spj", "SPJ (directeur)", "youth_family", "spj", mandate="judicial")
JUGE_J = ActorKind("jugej", "Juge de la jeunesse", "justice", "youth_court", mandate="judicial")
AMO = ActorKind("amo", "Éducatrice AMO", "youth_family", "aaj")
ONE = ActorKind("one", "Travailleuse médico-sociale ONE", "youth_family", "one")
MJ = ActorKind("mj", "Maison de jeunes", "community", "mj")
SPORT = ActorKind("sport", "Club de sport", "community", "sport")
CPAS = ActorKind("cpas", "Assistante sociale CPAS", "cpas", "cpas")
CPAS_REPAS = ActorKind("cpasrepas", "CPAS – service repas", "cpas", "cpas")
CPAS_DETTES = ActorKind("mediation", "Médiatrice de dettes (CPAS)", "cpas", "cpas")
MUTU = ActorKind("mutu", "Assistant social de mutualité", "social_work", "mutualite")
CASG = ActorKind("casg", "Assistant social (CASG)", "social_work", "casg")
CAW = ActorKind("caw", "Maatschappelijk werker (CAW)", "social_work", "caw", lang="nl")
INFI = ActorKind("infi", "Infirmière à domicile", "home_care", "home_care")
AIDE_FAM = ActorKind("aidefam", "Aide familiale", "home_care", "family_aide")
COORD = ActorKind("coord", "Coordinatrice de soins à domicile", "home_care", "coordination")
BAS_SEUIL = ActorKind("basseuil", "Travailleur bas seuil", "addiction", "low_threshold")
SUBST = ActorKind("subst", "Médecin (traitement de substitution)", "addiction", "substitution")
RDR = ActorKind("rdr", "Intervenante réduction des risques", "addiction", "low_threshold")
SHELTER = ActorKind("abri", "Asile de nuit", "housing", "shelter")
RUE = ActorKind("rue", "Travailleur de rue", "housing", "outreach")
HF = ActorKind("hf", "Accompagnatrice Housing First", "housing", "housing_first")
AIS = ActorKind("ais", "Agence immobilière sociale", "housing", "ais")
SLSP = ActorKind("slsp", "Société de logement social", "housing", "social_housing")
MJUSTICE = ActorKind("mjustice", "Assistante de justice", "justice", "justice_house", mandate="constrained")
AVOCAT = ActorKind("avocat", "Avocat", "justice", "lawyer")
ADMIN_BIENS = ActorKind("adminbiens", "Administrateur de biens", "justice", "lawyer", mandate="judicial")
POLICE = ActorKind("police", "Agent de quartier", "justice", "police")
EMPLOI = ActorKind("emploi", "Conseiller emploi", "employment", "employment")
HANDICAP = ActorKind("handicap", "Service d'accompagnement (handicap)", "disability", "disability")
CJ = ActorKind("centrejour", "Centre de jour", "disability", "disability")
QUARTIER = ActorKind("quartier", "Maison de quartier", "community", "neighbourhood")
ENTRAIDE = ActorKind("entraide", "Groupe d'entraide", "community", "peer_group")
MIGR = ActorKind("migr", "Assistante sociale (accueil)", "migration", "migration")
EDUC_INST = ActorKind("educinst", "Éducateur de l'institution", "disability", "disability")


@dataclass(frozen=True, slots=True)
class Profile:
    """One public: the service it asks, the person, needs and actors around, follow-up length."""

    key: str
    services: tuple[tuple[str, float], ...]  # services its requests reach, weighted
    weight: float  # share of all requests
    ages: tuple[int, int, int]  # low, mode, high (triangular)
    regions: tuple[tuple[str, float], ...]
    housing: tuple[tuple[str, float], ...]
    needs_required: tuple[str, ...]  # always active (the service's criteria depend on them)
    needs_optional: tuple[tuple[str, float], ...]
    informal: tuple[tuple[ActorKind, float], ...]
    core: tuple[tuple[ActorKind, float], ...]  # professionals, each with its probability
    extra: tuple[ActorKind, ...]  # drawn to reach a larger network
    size: tuple[int, int, int]  # number of actors: low, mode, high (triangular)
    demand: tuple[tuple[str, float], ...] = (("expressed", 0.85), ("non_demand", 0.1), ("unknown", 0.05))
    insured: float = 0.95
    months: tuple[int, int, int] = (4, 12, 36)  # follow-up length: low, mode, high
    funding: float = 0.15  # chance of emergency fund requests
    cm_sectors: tuple[tuple[str, float], ...] = (("mental_health", 1.0),)
    requesters: tuple[tuple[str, str | None, str | None], ...] = ()  # (type, sector, org kind)
    grey: bool = False
    minor_consent_free: float = 0.0  # share of minors for whom consent is not required
    unknown_age: float = 0.0  # share of persons whose age is not known
    genders: tuple[tuple[str | None, float], ...] = (("m", 0.5), ("f", 0.45), ("x", 0.02), (None, 0.03))
    # the informal network the service's criteria rely on: "any"; "exhausted_unless_non_demand" (the
    # 107 team takes persons without demand, or whose network is exhausted or absent); "supportive"
    # (at least one informal actor stays, none exhausted)
    network: str = "any"


_YOUTH_INFORMAL = ((MERE, 0.9), (PERE, 0.55), (BEAU_PERE, 0.15), (GRAND_MERE, 0.3), (SOEUR, 0.25), (FRERE, 0.2),
                   (TANTE, 0.12), (AMI, 0.15), (FAMILLE_ACCUEIL, 0.05))
_YOUTH_CORE = ((PEDOPSY, 0.7), (CPMS, 0.75), (ECOLE, 0.8), (SAJ, 0.35), (SPJ, 0.12), (GP, 0.6), (SSM, 0.45),
               (AMO, 0.2), (MJ, 0.25), (HOSP, 0.12), (JUGE_J, 0.06))
_YOUTH_EXTRA = (SSM_FAM, EDUC_SCOL, SPORT, ONE, CPAS, EMPLOI, HANDICAP, EQUIPE_MOBILE, MUTU, PSY1, AVOCAT, CASG)
_YOUTH_NEEDS = (("schooling", 0.8), ("family_relations", 0.6), ("daily_activities", 0.35), ("social_network", 0.3),
                ("physical_health", 0.2), ("safety", 0.15), ("parenting", 0.1), ("substance_use", 0.08),
                ("justice", 0.08), ("disability_support", 0.08), ("finances", 0.1), ("housing", 0.06))
_YOUTH_REQ = (("professional", "mental_health", "ped_hospital"), ("professional", "education", "cpms"),
              ("professional", "youth_family", "saj"), ("relative", None, None), ("professional", "primary_care", "maison_medicale"))

_ELDER_INFORMAL = ((FILLE, 0.6), (FILS, 0.5), (CONJOINT, 0.25), (CONJOINTE, 0.2), (VOISINE, 0.4), (VOISIN, 0.15),
                   (BELLE_FILLE, 0.15), (AMIE, 0.15))
_ELDER_CORE = ((GP_ALONE, 0.6), (GP, 0.3), (INFI, 0.75), (AIDE_FAM, 0.55), (CPAS_REPAS, 0.4), (KINE, 0.35),
               (PHARMA, 0.3), (COORD, 0.3), (MUTU, 0.3), (GERIATRE, 0.15), (ADMIN_BIENS, 0.08))
_ELDER_EXTRA = (HOSP, MRS, QUARTIER, CPAS, SSM, WGC, CAW, PSY1, ENTRAIDE, POLICE)
_ELDER_NEEDS = (("physical_health", 0.9), ("basic_adl", 0.7), ("instrumental_adl", 0.75), ("social_network", 0.45),
                ("mental_health", 0.3), ("finances", 0.2), ("safety", 0.15), ("rights_admin", 0.15),
                ("housing", 0.12), ("family_relations", 0.15))

_GENDERS_STREET = (("m", 0.72), ("f", 0.25), ("x", 0.01), (None, 0.02))
_GENDERS_ELDERLY = (("f", 0.65), ("m", 0.34), (None, 0.01))

_STREET_INFORMAL = ((PAIR, 0.45), (MERE, 0.25), (SOEUR, 0.15), (EX, 0.12), (AMI, 0.2))
_STREET_CORE = ((BAS_SEUIL, 0.8), (SUBST, 0.55), (RDR, 0.35), (SHELTER, 0.5), (RUE, 0.5), (CPAS, 0.65),
                (GP, 0.35), (MJUSTICE, 0.18), (AVOCAT, 0.15), (URGENCES, 0.25), (CASG, 0.2))
_STREET_EXTRA = (HF, PSYCHIATRE, SSM, HOSP, CAW, POLICE, QUARTIER, EMPLOI, MIGR, WGC, MUTU)
_STREET_NEEDS = (("housing", 0.8), ("finances", 0.6), ("rights_admin", 0.55), ("physical_health", 0.5),
                 ("mental_health", 0.45), ("justice", 0.2), ("social_network", 0.2), ("work_training", 0.1),
                 ("safety", 0.1))

_PSY_INFORMAL = ((MERE, 0.3), (SOEUR, 0.2), (FRERE, 0.15), (AMI, 0.15), (VOISINE, 0.1))
_PSY_CORE = ((PSYCHIATRE, 0.65), (HP, 0.35), (CPAS, 0.75), (HF, 0.3), (SHELTER, 0.3), (RUE, 0.3), (GP, 0.4),
             (ADMIN_BIENS, 0.3), (CLUB_THERA, 0.2), (URGENCES, 0.2), (AIS, 0.15))
_PSY_EXTRA = (SSM, CAW, CASG, MUTU, PHARMA, BAS_SEUIL, MJUSTICE, QUARTIER, ENTRAIDE, WGC, CGG)
_PSY_NEEDS = (("housing", 0.9), ("finances", 0.6), ("rights_admin", 0.45), ("physical_health", 0.4),
              ("social_network", 0.4), ("substance_use", 0.25), ("daily_activities", 0.25), ("justice", 0.1),
              ("instrumental_adl", 0.2))

_ADULT_INFORMAL = ((CONJOINT, 0.3), (CONJOINTE, 0.2), (MERE, 0.3), (SOEUR, 0.2), (FILLE, 0.15), (AMIE, 0.2),
                   (VOISINE, 0.15))
_ADULT_CORE = ((GP, 0.75), (CPAS, 0.5), (MUTU, 0.4), (SSM, 0.35), (INFI, 0.3), (HOSP, 0.3), (CASG, 0.25),
               (EMPLOI, 0.15), (HANDICAP, 0.15), (AIDE_FAM, 0.2))
_ADULT_EXTRA = (PSYCHIATRE, KINE, PHARMA, CPAS_DETTES, CAW, WGC, QUARTIER, ENTRAIDE, AVOCAT, COORD, CGG)
_ADULT_NEEDS = (("physical_health", 0.7), ("finances", 0.5), ("mental_health", 0.5), ("instrumental_adl", 0.35),
                ("social_network", 0.35), ("rights_admin", 0.3), ("family_relations", 0.25), ("parenting", 0.15),
                ("work_training", 0.15), ("housing", 0.2), ("disability_support", 0.12))
_ADULT_REQ = (("professional", "primary_care", "maison_medicale"), ("professional", "hospital", "hospital"),
              ("professional", "social_work", "mutualite"), ("professional", "cpas", "cpas"), ("relative", None, None),
              ("person", None, None))

PROFILES: tuple[Profile, ...] = (
    Profile(
        key="youth_bxl", services=(("bru-stars-cm", 1.0),), weight=22, ages=(3, 15, 23),
        regions=(("bruxelles", 1.0),), housing=(("with_family", 0.82), ("institution", 0.12), ("badly_housed", 0.04),
                                                ("unknown", 0.02)),
        needs_required=("mental_health",), needs_optional=_YOUTH_NEEDS,
        informal=_YOUTH_INFORMAL, core=_YOUTH_CORE + ((CGG, 0.1),), extra=_YOUTH_EXTRA + (CAW, WGC), size=(4, 11, 40),
        months=(4, 14, 40), funding=0.18, requesters=_YOUTH_REQ, minor_consent_free=0.2,
    ),
    Profile(
        key="youth_namur", services=(("kirikou-cm", 1.0),), weight=20, ages=(2, 14, 23),
        regions=(("namur", 1.0),), housing=(("with_family", 0.8), ("institution", 0.15), ("badly_housed", 0.05)),
        needs_required=("mental_health",), needs_optional=_YOUTH_NEEDS,
        informal=_YOUTH_INFORMAL, core=_YOUTH_CORE, extra=_YOUTH_EXTRA, size=(4, 10, 34),
        months=(6, 20, 48), funding=0.15, requesters=_YOUTH_REQ, minor_consent_free=0.25,
    ),
    Profile(
        key="street_drugs", services=(("dune-liaison", 1.0),), weight=14, ages=(18, 36, 64),
        regions=(("bruxelles", 1.0),), housing=(("homeless", 0.55), ("badly_housed", 0.35), ("own_home", 0.1)),
        needs_required=("substance_use", "finances"), needs_optional=_STREET_NEEDS,
        informal=_STREET_INFORMAL, core=_STREET_CORE, extra=_STREET_EXTRA, size=(3, 8, 26),
        demand=(("expressed", 0.55), ("non_demand", 0.35), ("unknown", 0.1)), insured=0.6,
        months=(2, 8, 30), funding=0.3, cm_sectors=(("addiction", 0.6), ("social_work", 0.4)),
        unknown_age=0.05, genders=_GENDERS_STREET,
        requesters=(("professional", "addiction", "low_threshold"), ("professional", "housing", "shelter"),
                    ("professional", "hospital", "hospital"), ("professional", "cpas", "cpas"), ("person", None, None)),
    ),
    Profile(
        key="elderly_home", services=(("brusano-cm", 1.0),), weight=18, ages=(65, 82, 98),
        regions=(("bruxelles", 1.0),), housing=(("own_home", 0.85), ("with_family", 0.15)),
        needs_required=(), needs_optional=_ELDER_NEEDS,
        informal=_ELDER_INFORMAL, core=_ELDER_CORE, extra=_ELDER_EXTRA, size=(3, 9, 30),
        months=(3, 10, 36), funding=0.08, cm_sectors=(("social_work", 0.6), ("primary_care", 0.4)),
        genders=_GENDERS_ELDERLY,
        requesters=(("relative", None, None), ("professional", "primary_care", "maison_medicale"),
                    ("professional", "hospital", "hospital"), ("professional", "home_care", "home_care")),
    ),
    Profile(
        key="adult_home", services=(("brusano-cm", 1.0),), weight=8, ages=(18, 45, 64),
        regions=(("bruxelles", 1.0),), housing=(("own_home", 0.7), ("with_family", 0.3)),
        needs_required=(), needs_optional=_ADULT_NEEDS,
        informal=_ADULT_INFORMAL, core=_ADULT_CORE, extra=_ADULT_EXTRA, size=(3, 8, 28),
        months=(3, 10, 30), funding=0.12, cm_sectors=(("social_work", 0.6), ("primary_care", 0.4)),
        requesters=_ADULT_REQ,
    ),
    Profile(
        key="psy_precarity", services=(("mobile-107-precarite", 1.0),), weight=12, ages=(18, 42, 75),
        regions=(("bruxelles", 1.0),), housing=(("homeless", 0.45), ("badly_housed", 0.55)),
        needs_required=("mental_health",), needs_optional=_PSY_NEEDS,
        informal=_PSY_INFORMAL, core=_PSY_CORE, extra=_PSY_EXTRA, size=(3, 8, 30),
        demand=(("non_demand", 0.65), ("expressed", 0.3), ("unknown", 0.05)), insured=0.7,
        months=(2, 10, 36), funding=0.35, genders=_GENDERS_STREET, network="exhausted_unless_non_demand",
        requesters=(("professional", "mental_health", "psy_hospital"), ("professional", "cpas", "cpas"),
                    ("professional", "housing", "outreach"), ("relative", None, None), ("professional", "primary_care", "maison_medicale")),
    ),
    # grey zones: persons who fit no service of the directory
    Profile(
        key="grey_adult_wallonia", services=(("brusano-cm", 0.6), ("mobile-107-precarite", 0.4)), weight=4,
        ages=(24, 40, 64), regions=(("liege", 0.5), ("charleroi", 0.3), ("mons", 0.2)),
        housing=(("badly_housed", 0.4), ("own_home", 0.3), ("homeless", 0.2), ("unknown", 0.1)),
        needs_required=("mental_health", "housing"), needs_optional=_ADULT_NEEDS,
        informal=_ADULT_INFORMAL, core=_ADULT_CORE, extra=_ADULT_EXTRA, size=(3, 7, 22), insured=0.8,
        months=(2, 8, 24), funding=0.15, cm_sectors=(("social_work", 1.0),), requesters=_ADULT_REQ, grey=True,
    ),
    Profile(
        key="grey_institution_bxl", services=(("brusano-cm", 1.0),), weight=2, ages=(24, 32, 60),
        regions=(("bruxelles", 1.0),), housing=(("institution", 1.0),),
        needs_required=("disability_support",),
        needs_optional=(("mental_health", 0.6), ("daily_activities", 0.5), ("social_network", 0.4),
                        ("physical_health", 0.4), ("family_relations", 0.3), ("work_training", 0.2)),
        informal=((MERE, 0.6), (PERE, 0.3), (SOEUR, 0.2)),
        core=((EDUC_INST, 0.9), (PSYCHIATRE, 0.4), (GP, 0.5), (CJ, 0.3), (HANDICAP, 0.3), (MUTU, 0.3)),
        extra=_ADULT_EXTRA, size=(3, 7, 20), months=(3, 10, 30), cm_sectors=(("social_work", 1.0),),
        requesters=(("professional", "disability", "disability"), ("relative", None, None)), grey=True,
    ),
    Profile(
        key="grey_youth_wallonia", services=(("bru-stars-cm", 0.4), ("kirikou-cm", 0.6)), weight=3,
        ages=(6, 15, 21), regions=(("charleroi", 0.4), ("liege", 0.35), ("brabant_wallon", 0.15), ("luxembourg", 0.1)),
        housing=(("with_family", 0.8), ("institution", 0.2)),
        needs_required=("mental_health",), needs_optional=_YOUTH_NEEDS,
        informal=_YOUTH_INFORMAL, core=_YOUTH_CORE, extra=_YOUTH_EXTRA, size=(3, 9, 24),
        months=(3, 12, 30), requesters=_YOUTH_REQ, grey=True, minor_consent_free=0.2,
    ),
    Profile(
        key="grey_elderly_namur", services=(("brusano-cm", 1.0),), weight=2, ages=(66, 83, 97),
        regions=(("namur", 0.7), ("brabant_wallon", 0.3)), housing=(("own_home", 0.9), ("with_family", 0.1)),
        needs_required=(), needs_optional=_ELDER_NEEDS,
        informal=_ELDER_INFORMAL, core=_ELDER_CORE, extra=_ELDER_EXTRA, size=(3, 8, 22),
        months=(3, 10, 30), cm_sectors=(("social_work", 0.6), ("primary_care", 0.4)), genders=_GENDERS_ELDERLY,
        requesters=(("relative", None, None), ("professional", "primary_care", None)), grey=True,
    ),
    Profile(
        key="grey_young_adult_namur", services=(("kirikou-cm", 1.0),), weight=2, ages=(24, 26, 30),
        regions=(("namur", 1.0),), housing=(("with_family", 0.5), ("own_home", 0.2), ("badly_housed", 0.3)),
        needs_required=("mental_health",), needs_optional=_ADULT_NEEDS,
        informal=_ADULT_INFORMAL, core=_ADULT_CORE, extra=_ADULT_EXTRA, size=(3, 7, 20),
        months=(3, 10, 24), requesters=_ADULT_REQ, grey=True,
    ),
    Profile(
        # homeless adult in Brussels with a mental-health need, who asks for help and has a
        # supportive family (so not 107), with no substance use (so not DUNE) and no home (not Brusano)
        key="grey_homeless_supported_bxl", services=(("mobile-107-precarite", 0.7), ("brusano-cm", 0.3)), weight=2,
        ages=(24, 38, 60), regions=(("bruxelles", 1.0),), housing=(("homeless", 0.5), ("badly_housed", 0.5)),
        needs_required=("mental_health", "housing"),
        needs_optional=(("finances", 0.4), ("rights_admin", 0.3), ("physical_health", 0.4), ("social_network", 0.2)),
        informal=((MERE, 0.8), (SOEUR, 0.5), (AMI, 0.3)), core=_PSY_CORE, extra=_PSY_EXTRA, size=(3, 7, 20),
        demand=(("expressed", 1.0),), insured=0.8, months=(2, 8, 24), funding=0.25, requesters=_ADULT_REQ,
        grey=True, network="supportive",
    ),
)
