"""The dashboard's strings, in French, Dutch and English from netmap's catalogs; taxonomy labels come from
netmap.taxonomy, never from here.

``STRINGS`` (and ``COLUMNS``) stay the place where a developer adds a string: key -> (French, English).
Each entry is a catalog message in the context ``dashboard|<key>``, its msgid the English text;
``make messages`` adds new entries to the catalogs (French prefilled from the table) and
tests/test_i18n_catalogs.py fails until the Dutch is written. Until then :func:`t` shows the
table's French (fr, nl) or English (en).
"""

from __future__ import annotations

from collections.abc import Mapping

from netmap.i18n import LANGS as _LANGS
from netmap.i18n import translator
from netmap.measures.flags import FLAG_NAMES
from netmap.taxonomy import default_taxonomy

__all__ = [
    "DEFAULT_LANG",
    "LANGS",
    "COLUMNS",
    "STRINGS",
    "column_label",
    "domain_label",
    "dropdown_labels",
    "label",
    "region_label",
    "lang_of",
    "sector_label",
    "service_label",
    "t",
    "catalog_entries",
]

LANGS = _LANGS
DEFAULT_LANG = "fr"

# One entry per UI string: key -> (French, English). Keys are identifiers, never shown.
STRINGS: Mapping[str, tuple[str, str]] = {
    # shell
    "app.title": ("netmap — réseaux autour des situations complexes", "netmap — networks around complex situations"),
    "app.brand": ("netmap", "netmap"),
    "app.tagline": ("Réseaux autour des situations complexes", "Networks around complex situations"),
    "lang.switch": ("Langue", "Language"),
    "mode.internal": ("Usage interne du service", "Service's internal use"),
    "mode.public": ("Vue agrégée · k = {k}", "Aggregate view · k = {k}"),
    "mode.internal_k": ("Usage interne · k = {k}", "Internal use · k = {k}"),
    # pages
    "page.overview": ("Vue d'ensemble", "Overview"),
    "page.situations": ("Situations", "Situations"),
    "page.situation": ("Situation", "Situation"),
    "page.needs": ("Besoins & lacunes", "Needs & gaps"),
    "page.fragility": ("Fragilité", "Fragility"),
    "page.intersectoral": ("Liens intersectoriels", "Intersectoral links"),
    "page.activity": ("Activité & saturation", "Activity & saturation"),
    "page.services": ("Services & zones grises", "Services & grey zones"),
    "page.exports": ("Exports", "Exports"),
    "page.editor": ("Saisie", "Editor"),
    # editor (issue 17)
    "ed.title": ("Saisie d'une situation", "Capture a situation"),
    "ed.intro": ("Choisissez une situation ou créez-en une. Les identifiants sont créés à partir des libellés ; "
                 "la carte et les constats se recalculent à chaque modification, avant l'enregistrement.",
                 "Pick a situation or create one. Ids are made from the labels; the map and the findings are "
                 "recomputed on every change, before saving."),
    "ed.refused": ("La saisie est réservée à l'usage interne du service.", "Capture is for the service's internal use only."),
    "ed.open": ("Ouvrir une situation…", "Open a situation…"),
    "ed.new_situation": ("Nouvelle situation", "New situation"),
    "ed.new_assessment": ("Nouvelle évaluation (copie de la dernière)", "New assessment (copy of the latest)"),
    "ed.need_situation": ("Ouvrez d'abord une situation enregistrée.", "Open a saved situation first."),
    "ed.carried": ("Nouvelle évaluation datée d'aujourd'hui : acteurs, liens, besoins et plan repris de la précédente.",
                   "New assessment dated today: actors, ties, needs and plan carried forward from the previous one."),
    "ed.unknown": ("Situation inconnue ou hors de vos services.", "Unknown situation, or not one of your services."),
    "ed.person": ("La situation et la personne", "The situation and the person"),
    "ed.ref_hint": ("vide = créée automatiquement", "blank = made for you"),
    "ed.label_hint": ("p. ex. concertation 3", "e.g. concertation 3"),
    "ed.f.ref": ("Référence", "Reference"), "ed.f.service": ("Service", "Service"), "ed.f.region": ("Région", "Region"),
    "ed.f.age": ("Âge", "Age"), "ed.f.gender": ("Genre", "Gender"), "ed.f.housing": ("Logement", "Housing"),
    "ed.f.insured": ("En ordre de mutuelle", "Insured"), "ed.f.languages": ("Langues", "Languages"),
    "ed.f.demand": ("Demande", "Demand"), "ed.f.consent": ("Consentement", "Consent"),
    "ed.f.requested": ("Date de la demande", "Requested on"), "ed.f.opened": ("Date d'ouverture", "Opened on"),
    "ed.f.outcome": ("Issue", "Outcome"), "ed.f.date": ("Date de l'évaluation", "Assessment date"),
    "ed.f.label": ("Libellé de l'évaluation", "Assessment label"),
    "ed.actors": ("Acteurs", "Actors"), "ed.ties": ("Liens entre acteurs", "Ties between actors"),
    "ed.needs": ("Besoins et qui les couvre", "Needs and who covers them"), "ed.actions": ("Plan d'action", "Action plan"),
    "ed.add_actors": ("+ acteur", "+ actor"), "ed.add_ties": ("+ lien", "+ tie"), "ed.add_needs": ("+ besoin", "+ need"),
    "ed.add_actions": ("+ action", "+ action"),
    "ed.requesters": ("Qui a fait la demande", "Who asked"), "ed.funding": ("Demandes à un fonds d'urgence", "Emergency fund requests"),
    "ed.add_requesters": ("+ demandeur", "+ requester"), "ed.add_funding": ("+ demande", "+ request"),
    "ed.col.type": ("Demandeur", "Requester"), "ed.col.date": ("Date (AAAA-MM-JJ)", "Date (YYYY-MM-DD)"),
    "ed.col.fund": ("Fonds", "Fund"), "ed.col.requested_eur": ("Demandé (€)", "Requested (€)"),
    "ed.col.granted_eur": ("Accordé (€)", "Granted (€)"),
    "ed.col.label": ("Libellé", "Label"), "ed.col.sector": ("Secteur", "Sector"),
    "ed.col.tie_to_person": ("Lien à la personne", "Tie to the person"), "ed.col.exhaustion": ("Épuisement", "Exhaustion"),
    "ed.col.case_manager": ("Case manager", "Case manager"), "ed.col.referent": ("Référent", "Referent"),
    "ed.col.active": ("Actif", "Active"), "ed.col.support": ("Soutien", "Support"),
    "ed.col.reciprocity": ("Réciprocité", "Reciprocity"), "ed.col.contact": ("Contact", "Contact"),
    "ed.col.organisation": ("Organisation", "Organisation"), "ed.col.role": ("Rôle", "Role"),
    "ed.col.mandate": ("Mandat", "Mandate"), "ed.col.language": ("Langue", "Language"),
    "ed.col.domain": ("Domaine", "Domain"), "ed.col.severity": ("Sévérité", "Severity"),
    "ed.col.status": ("Statut", "Status"), "ed.col.priority": ("Priorité de la personne", "Person's priority"),
    "ed.col.goal": ("Objectif", "Goal"), "ed.col.covered_by": ("Couvert par", "Covered by"),
    "ed.col.a": ("Acteur", "Actor"), "ed.col.b": ("Autre acteur", "Other actor"),
    "ed.col.kind": ("Type de lien", "Kind"), "ed.col.strength": ("Force", "Strength"),
    "ed.col.what": ("Quoi", "What"), "ed.col.owner": ("Qui", "Who"), "ed.col.need": ("Pour le besoin", "For the need"),
    "ed.col.due": ("Échéance (AAAA-MM-JJ)", "Due (YYYY-MM-DD)"),
    "ed.yes": ("oui", "yes"), "ed.no": ("non", "no"),
    "ed.map": ("Écocarte", "Eco-map"), "ed.findings": ("Constats", "Findings"),
    "ed.no_findings": ("Aucun constat.", "No finding."),
    "ed.fix_first": ("Corrigez les problèmes signalés pour voir la carte et les constats.",
                     "Fix the problems shown to see the map and the findings."),
    "ed.problems": ("Contrôle et enregistrement", "Check and save"),
    "ed.no_problem": ("Aucun problème : la situation peut être enregistrée.", "No problem: the situation can be saved."),
    "ed.where": ("{grid}, ligne {row}, {col}", "{grid}, row {row}, {col}"),
    "ed.field_problem": ("{field} : {text}", "{field}: {text}"),
    "ed.delete_row": ("Supprimer la ligne", "Delete the row"),
    "ed.choose": ("à choisir dans la liste", "to choose in the list"), "ed.fill": ("à remplir", "to fill in"),
    "ed.grid.loading": ("Chargement…", "Loading…"),
    "ed.grid.toggle": ("Espace pour cocher ou décocher", "Press space to tick or untick"),
    "ed.grid.checked": ("coché", "ticked"), "ed.grid.unchecked": ("non coché", "not ticked"),
    "ed.save": ("Enregistrer une nouvelle version", "Save a new version"),
    "ed.saved": ("Version {v} de {id} enregistrée.", "Version {v} of {id} saved."),
    "ed.version": ("version {v}", "version {v}"),
    "ed.no_store": ("Enregistrement impossible : le tableau de bord n'a pas de base (lancez-le sur une base ou avec "
                    "un journal d'accès).", "Cannot save: the dashboard has no store (start it on a store or with an "
                    "access log)."),
    "ed.refused_problems": ("Enregistrement refusé : {n} problème(s) à corriger.", "Not saved: {n} problem(s) to fix."),
    "ed.refused_service": ("Enregistrement refusé : ce service n'est pas l'un des vôtres.",
                           "Not saved: this service is not one of yours."),
    "ed.conflict": ("Enregistrement refusé : quelqu'un d'autre a enregistré cette situation entre-temps (version {v}). "
                    "Vos modifications restent à l'écran ; rouvrez la situation dans un autre onglet pour comparer.",
                    "Not saved: someone else saved this situation meanwhile (version {v}). Your edits stay on screen; "
                    "open the situation in another tab to compare."),
    "ed.save_failed": ("Enregistrement impossible : la base a refusé l'écriture, rien n'a été modifié.",
                       "Cannot save: the store refused the write; nothing was changed."),
    "page.not_found": ("Page introuvable", "Page not found"),
    "page.not_found_text": ("Cette adresse ne correspond à aucune page du tableau de bord.",
                            "This address matches no page of the dashboard."),
    "page.back_home": ("Retour à la vue d'ensemble", "Back to the overview"),
    # filters
    "filter.title": ("Filtres", "Filters"),
    "filter.service": ("Service", "Service"),
    "filter.all_services": ("Tous les services", "All services"),
    "filter.period": ("Période", "Period"),
    "filter.from": ("Du", "From"),
    "filter.to": ("Au", "To"),
    "filter.region": ("Région", "Region"),
    "filter.all_regions": ("Toutes les régions", "All regions"),
    "filter.age": ("Âge", "Age"),
    "filter.all_ages": ("Tous les âges", "All ages"),
    "filter.reset": ("Réinitialiser", "Reset"),
    "filter.summary": ("{n} situations dans la sélection", "{n} situations in the selection"),
    "filter.summary_hidden": ("Moins de {k} situations dans la sélection", "Fewer than {k} situations in the selection"),
    # empty states and errors
    "empty.no_data": ("Aucune situation ne correspond à ces filtres.", "No situation matches these filters."),
    "empty.hint": ("Élargissez la période ou retirez un filtre.", "Widen the period or remove a filter."),
    "empty.table": ("Rien à afficher pour cette sélection.", "Nothing to show for this selection."),
    "empty.no_assessment": ("Cette situation n'a pas encore d'évaluation du réseau.",
                            "This situation has no network assessment yet."),
    "error.unavailable": ("Cette partie n'est pas disponible dans cette installation.",
                          "This part is not available in this installation."),
    "refused.title": ("Page réservée à l'usage interne", "Page reserved for internal use"),
    "refused.text": ("Les pages par situation ne sont pas accessibles dans une vue agrégée : seuls des chiffres "
                     "regroupés, dont les petits effectifs sont masqués, sont montrés ici.",
                     "Per-situation pages are not available in an aggregate view: only grouped figures, with "
                     "small counts hidden, are shown here."),
    "unknown_situation": ("Aucune situation ne porte cet identifiant.", "No situation has this id."),
    "suppressed.note": ("Pour protéger les personnes, chaque effectif est légèrement modifié (de 2 au plus), "
                        "« <{k} » remplace un petit effectif (moins de {k} une fois modifié), « x » une valeur "
                        "calculée sur moins de {k} situations, et un total peut différer un peu de la somme de "
                        "ses lignes.",
                        "To protect people, every count is altered slightly (by at most 2), “<{k}” stands for a "
                        "small count (below {k} once altered), “x” for a value computed over fewer than {k} "
                        "situations, and a total may differ slightly from the sum of its rows."),
    # overview
    "ov.title": ("Vue d'ensemble", "Overview"),
    "ov.period": ("Période du {start} au {end}, comparée aux {days} jours précédents.",
                  "Period from {start} to {end}, compared with the previous {days} days."),
    "ov.period_months": ("Période du {start} au {end} (chiffres publiés : mois entiers), comparée aux {months} mois "
                         "précédents.",
                         "Period from {start} to {end} (published figures: whole months), compared with the previous "
                         "{months} months."),
    "ov.no_period": ("Toutes dates confondues. Choisissez une période pour voir l'évolution.",
                     "All dates. Choose a period to see the change."),
    "ov.change": ("{sign}{value} par rapport à la période précédente", "{sign}{value} on the previous period"),
    "ov.no_change": ("Pas de comparaison possible", "No comparison possible"),
    "ov.same": ("Stable par rapport à la période précédente", "Unchanged on the previous period"),
    "kpi.situations": ("Situations suivies", "Situations followed"),
    "kpi.situations_help": ("Suivi en cours à un moment de la période", "Follow-up under way at some point of the period"),
    "kpi.open": ("En cours en fin de période", "In progress at the period's end"),
    "kpi.requests": ("Nouvelles demandes", "New requests"),
    "kpi.refused_saturation": ("Refus pour saturation", "Refused: service full"),
    "kpi.coverage": ("Couverture moyenne des besoins", "Mean coverage of needs"),
    "kpi.exhausted": ("Situations avec un acteur épuisé", "Situations with an exhausted actor"),
    "kpi.uncovered": ("Situations avec un besoin non couvert", "Situations with an uncovered need"),
    "kpi.ready": ("Prêtes pour le retrait", "Ready for withdrawal"),
    "ov.no_uncovered": ("Aucun besoin non couvert dans cette sélection.", "No uncovered need in this selection."),
    "ov.fragility_chart": ("Niveau de fragilité des situations suivies", "Fragility level of the situations followed"),
    "ov.outcome_chart": ("Issue des demandes de la période", "Outcome of the period's requests"),
    # situations
    "sit.title": ("Situations", "Situations"),
    "sit.search": ("Rechercher : identifiant, service, statut, région…", "Search: id, service, status, region…"),
    "sit.count": ("{n} situations", "{n} situations"),
    "col.situation": ("Situation", "Situation"),
    "col.service": ("Service", "Service"),
    "col.status": ("Statut", "Status"),
    "col.region": ("Région", "Region"),
    "col.age": ("Âge", "Age"),
    "col.requested": ("Demande", "Request"),
    "col.assessment": ("Dernière évaluation", "Latest assessment"),
    "col.fragility": ("Fragilité", "Fragility"),
    "col.readiness": ("Préparation au retrait", "Withdrawal readiness"),
    "col.coverage": ("Couverture", "Coverage"),
    # one situation
    "one.back": ("← Toutes les situations", "← All situations"),
    "one.assessment": ("Évaluation", "Assessment"),
    "one.map": ("Écocarte", "Eco-map"),
    "one.findings": ("Constats", "Findings"),
    "one.no_findings": ("Aucun point d'attention.", "Nothing to point out."),
    "one.readiness": ("Préparation au retrait", "Withdrawal readiness"),
    "one.ready": ("Prête pour le retrait", "Ready for withdrawal"),
    "one.not_ready": ("Pas encore prête pour le retrait", "Not yet ready for withdrawal"),
    "one.score": ("{passed} critères sur {total} remplis", "{passed} of {total} criteria met"),
    "one.score_label": ("Critères remplis", "Criteria met"),
    "one.blocking": ("bloquant", "blocking"),
    "one.coverage": ("Besoins × acteurs", "Needs × actors"),
    "one.need": ("Besoin", "Need"),
    "one.severity": ("Gravité", "Severity"),
    "one.covered_by": ("Couvert par", "Covered by"),
    "one.not_covered": ("Non couvert", "Not covered"),
    "one.plan": ("Plan d'action", "Action plan"),
    "one.no_plan": ("Aucune action enregistrée.", "No action recorded."),
    "one.what": ("Action", "Action"),
    "one.owner": ("Porteur", "Owner"),
    "one.due": ("Échéance", "Due"),
    "one.status": ("Statut", "Status"),
    "one.nobody": ("Personne", "Nobody"),
    "one.the_person": ("La personne", "The person"),
    "one.timeline": ("Évolution entre évaluations", "Change between assessments"),
    "one.single_assessment": ("Une seule évaluation : pas encore d'évolution à montrer.",
                              "A single assessment: no change to show yet."),
    "one.whatif": ("Et si… ?", "What if…?"),
    "one.whatif_help": ("Choisissez les acteurs qui ne seraient plus là pour voir ce qui lâche.",
                        "Pick the actors who would no longer be there to see what breaks."),
    "one.whatif_pick": ("Acteurs à retirer", "Actors to remove"),
    "one.whatif_none": ("Aucun acteur retiré : la carte montre le réseau actuel.",
                        "No actor removed: the map shows the current network."),
    "one.whatif_uncovered": ("Besoins qui deviendraient non couverts", "Needs that would become uncovered"),
    "one.whatif_nothing": ("Aucun besoin ne perdrait toute couverture.", "No need would lose all coverage."),
    "one.whatif_new_findings": ("Nouveaux constats", "New findings"),
    "one.whatif_gone_findings": ("Constats levés", "Findings lifted"),
    "one.whatif_none_gone": ("Aucun constat levé.", "No finding lifted."),
    "one.blocks": ("Ce qui bloque", "What blocks"),
    "one.before": ("Avant", "Before"),
    "one.after": ("Après", "After"),
    "one.report": ("Télécharger le rapport de concertation", "Download the concertation report"),
    "one.person": ("Personne : {age}, {region}, {housing}", "Person: {age}, {region}, {housing}"),
    "one.age_years": ("{age} ans", "{age} years old"),
    "one.age_unknown": ("âge inconnu", "age unknown"),
    # changes
    "chg.actors_added": ("Acteurs arrivés", "Actors added"),
    "chg.actors_removed": ("Acteurs partis", "Actors removed"),
    "chg.exhaustion": ("Épuisement modifié", "Exhaustion changed"),
    "chg.needs_added": ("Nouveaux besoins", "New needs"),
    "chg.needs_met": ("Besoins rencontrés", "Needs met"),
    "chg.newly_covered": ("Besoins nouvellement couverts", "Needs newly covered"),
    "chg.newly_uncovered": ("Besoins devenus non couverts", "Needs newly uncovered"),
    "chg.ties_added": ("Liens ajoutés", "Ties added"),
    "chg.ties_removed": ("Liens retirés", "Ties removed"),
    "chg.ties_changed": ("Liens qui ont changé", "Ties that changed"),
    "chg.nothing": ("Pas de changement du réseau.", "No change in the network."),
    "chg.measure": ("Mesure", "Measure"),
    # flags
    # finding names: netmap.measures.FLAG_NAMES, the one wording of each finding
    **{f"flag.{code}": (names["fr"], names["en"]) for code, names in FLAG_NAMES.items()},
    "flag.ready": ("Prêtes pour le retrait", "Ready for withdrawal"),
    # fragility levels
    "level.high": ("Élevée", "High"),
    "level.medium": ("Moyenne", "Medium"),
    "level.low": ("Faible", "Low"),
    "level.none": ("Aucune", "None"),
    "severity.high": ("élevée", "high"),
    "severity.medium": ("moyenne", "medium"),
    "severity.low": ("faible", "low"),
    # outcomes
    "outcome.pending": ("Demande en attente", "Request pending"),
    "outcome.refused_saturation": ("Refusée : service saturé", "Refused: service full"),
    "outcome.refused_criteria": ("Refusée : hors critères", "Refused: outside criteria"),
    "outcome.redirected": ("Réorientée", "Redirected"),
    "outcome.open": ("Suivi en cours", "Follow-up in progress"),
    "outcome.closed_stabilised": ("Clôturée : situation stabilisée", "Closed: situation stabilised"),
    "outcome.closed_interrupted": ("Clôturée : suivi interrompu", "Closed: follow-up interrupted"),
    "outcome.closed_other": ("Clôturée : autre motif", "Closed: other reason"),
    # housing
    "housing.own_home": ("Domicile propre", "Own home"),
    "housing.with_family": ("En famille", "With family"),
    "housing.institution": ("En institution", "In an institution"),
    "housing.homeless": ("Sans abri", "Homeless"),
    "housing.badly_housed": ("Mal logé·e", "Badly housed"),
    "housing.unknown": ("Logement inconnu", "Housing unknown"),
    # demand
    "demand.expressed": ("demande exprimée", "demand expressed"),
    "demand.non_demand": ("pas de demande", "no demand"),
    "demand.unknown": ("demande inconnue", "demand unknown"),
    # action statuses
    "action.todo": ("À faire", "To do"),
    "action.done": ("Fait", "Done"),
    "action.dropped": ("Abandonné", "Dropped"),
    # cohort
    "cohort.not_opened": ("Jamais ouvert", "Never opened"),
    "cohort.in_progress": ("En cours", "In progress"),
    # age bands
    "age.0-11": ("0 à 11 ans", "0 to 11"),
    "age.12-17": ("12 à 17 ans", "12 to 17"),
    "age.18-23": ("18 à 23 ans", "18 to 23"),
    "age.24-64": ("24 à 64 ans", "24 to 64"),
    "age.65+": ("65 ans et plus", "65 and over"),
    "age.unknown": ("Âge inconnu", "Age unknown"),
    # funding statuses
    "funding.pending": ("En attente", "Pending"),
    "funding.granted": ("Accordé", "Granted"),
    "funding.refused": ("Refusé", "Refused"),
    "funding.redirected": ("Réorienté", "Redirected"),
    # yes / no
    "yes": ("Oui", "Yes"),
    "no": ("Non", "No"),
    "pass": ("Rempli", "Met"),
    "fail": ("Non rempli", "Not met"),
    # needs page
    "needs.title": ("Besoins & lacunes", "Needs & gaps"),
    "needs.intro": ("Pour chaque domaine de vie : combien de situations ont un besoin actif, et combien restent "
                    "sans intervenant à la première et à la dernière évaluation.",
                    "For each life domain: how many situations have an active need, and how many stay without "
                    "a provider at the first and at the latest assessment."),
    "needs.chart": ("Besoins non couverts par domaine", "Uncovered needs by domain"),
    "needs.chart_both": ("Situations par domaine de besoin, dont besoin non couvert",
                         "Situations by need domain, with an uncovered need"),
    "needs.sectors": ("Secteurs présents et manquants", "Sectors present and missing"),
    "needs.partners": ("Partenaires par secteur", "Partners by sector"),
    # fragility page
    "frag.title": ("Fragilité des réseaux", "Fragility of the networks"),
    "frag.intro": ("Points d'attention relevés à la dernière évaluation de chaque situation.",
                   "Findings raised at each situation's latest assessment."),
    "frag.levels": ("Situations par niveau de fragilité", "Situations by fragility level"),
    "frag.flags": ("Situations concernées par point d'attention", "Situations concerned by each finding"),
    # intersectoral page
    "inter.title": ("Liens intersectoriels", "Intersectoral links"),
    "inter.intro": ("Liens entre acteurs de secteurs différents, additionnés sur les situations de la sélection.",
                    "Ties between actors of different sectors, summed over the situations of the selection."),
    "inter.heatmap": ("Liens entre secteurs", "Ties between sectors"),
    "inter.siloed": ("Secteurs cloisonnés", "Siloed sectors"),
    "inter.siloed_help": ("Situations où les acteurs d'un secteur n'ont aucun lien avec un autre secteur.",
                          "Situations where a sector's actors have no tie to another sector."),
    "inter.language": ("Liens entre acteurs francophones et néerlandophones", "Ties between French- and Dutch-speaking actors"),
    "inter.language_text": ("{ties} liens relient des acteurs de langues de travail différentes, dans {situations} situations.",
                            "{ties} ties join actors with different working languages, in {situations} situations."),
    # activity page
    "act.title": ("Activité & saturation", "Activity & saturation"),
    "act.caseload": ("Situations actives par mois et capacité", "Active situations by month and capacity"),
    "act.capacity": ("Capacité", "Capacity"),
    "act.active": ("Situations actives", "Active situations"),
    "act.refusals": ("Demandes et refus par mois", "Requests and refusals by month"),
    "act.all_hidden": ("Chaque mois compte moins de {k} situations pour au moins un service : les totaux sont masqués "
                       "(voir le tableau).", "Every month has fewer than {k} situations for some service: totals are "
                       "hidden (see the table)."),
    "act.cohort": ("Cohortes : année d'ouverture × clôture", "Cohorts: opening year × closing"),
    "act.meetings": ("Concertations et réunions", "Concertations and meetings"),
    "act.funding": ("Fonds d'urgence", "Emergency funds"),
    # services page
    "svc.title": ("Services & zones grises", "Services & grey zones"),
    "svc.intro": ("Personnes qui ne correspondent aux critères d'aucun service du répertoire.",
                  "Persons who fit the criteria of no service in the directory."),
    "svc.directory": ("Répertoire des services", "Service directory"),
    "svc.capacity": ("Capacité", "Capacity"),
    "svc.unknown_capacity": ("inconnue", "unknown"),
    "svc.greyzones": ("Zones grises", "Grey zones"),
    "svc.detail": ("Détail par situation (usage interne)", "Detail by situation (internal use)"),
    "svc.eligible": ("Services possibles", "Services that fit"),
    "svc.none": ("Aucun", "None"),
    "svc.no_greyzone": ("Aucune personne de cette sélection n'est hors des critères de tous les services.",
                        "No person of this selection falls outside every service's criteria."),
    # exports
    "exp.title": ("Exports", "Exports"),
    "exp.yearly": ("Rapport annuel", "Yearly report"),
    "exp.yearly_help": ("Un fichier HTML autonome, lisible hors ligne.", "A self-contained HTML file, readable offline."),
    "exp.year": ("Année", "Year"),
    "exp.download": ("Télécharger", "Download"),
    "exp.tables": ("Tableaux", "Tables"),
    "exp.tables_help": ("Chaque tableau avec les filtres en cours, sur des mois entiers, ses effectifs protégés "
                        "(un fichier Excel porte la note qui les explique dans sa feuille « note »).",
                        "Each table with the current filters, over whole months, its counts protected (an Excel "
                        "file carries the note explaining them in its sheet \u201cnote\u201d)."),
    "exp.table": ("Tableau", "Table"),
    "exp.format": ("Format", "Format"),
    "table.filter": ("Filtrer…", "Filter…"),
    # table names
    "table.key_figures": ("Chiffres clés", "Key figures"),
    "table.cohort": ("Cohortes", "Cohorts"),
    "table.caseload": ("Charge de travail mensuelle", "Monthly caseload"),
    "table.meetings": ("Réunions", "Meetings"),
    "table.funding": ("Fonds d'urgence", "Emergency funds"),
    "table.needs": ("Besoins par domaine", "Needs by domain"),
    "table.sectors": ("Secteurs", "Sectors"),
    "table.partners": ("Partenaires", "Partners"),
    "table.fragility": ("Points d'attention", "Findings"),
    "table.intersectoral": ("Liens intersectoriels", "Intersectoral links"),
    "table.greyzones": ("Zones grises", "Grey zones"),
}

# column headers of the aggregate tables (spec column names -> labels)
COLUMNS: Mapping[str, tuple[str, str]] = {
    "in_progress": ("En cours", "In progress"),
    "coverage_mean": ("Couverture moyenne", "Mean coverage"),
    "with_exhausted_actor": ("Avec un acteur épuisé", "With an exhausted actor"),
    "with_uncovered_need": ("Avec un besoin non couvert", "With an uncovered need"),
    "opened": ("Année d'ouverture", "Opened"),
    "closed": ("Clôture", "Closed"),
    "situations": ("Situations", "Situations"),
    "funding_requests": ("Demandes de fonds", "Fund requests"),
    "granted_eur": ("Accordé (€)", "Granted (€)"),
    "requested_eur": ("Demandé (€)", "Requested (€)"),
    "service": ("Service", "Service"),
    "month": ("Mois", "Month"),
    "active": ("Actives", "Active"),
    "requests": ("Demandes", "Requests"),
    "refused_saturation": ("Refus (saturation)", "Refused (full)"),
    "refused_criteria": ("Refus (critères)", "Refused (criteria)"),
    "capacity": ("Capacité", "Capacity"),
    "saturated": ("Saturé", "Full"),
    "meetings": ("Réunions", "Meetings"),
    "attendees_mean": ("Participants (moyenne)", "Attendees (mean)"),
    "person_present_share": ("Personne présente (part)", "Person present (share)"),
    "fund": ("Fonds", "Fund"),
    "granted": ("Accordées", "Granted"),
    "refused": ("Refusées", "Refused"),
    "redirected": ("Réorientées", "Redirected"),
    "pending": ("En attente", "Pending"),
    "domain": ("Domaine", "Domain"),
    "uncovered_first": ("Non couvert (1re évaluation)", "Uncovered (first)"),
    "uncovered_latest": ("Non couvert (dernière)", "Uncovered (latest)"),
    "informal_only_latest": ("Entourage seul (dernière)", "Informal only (latest)"),
    "sector": ("Secteur", "Sector"),
    "present": ("Situations où il est présent", "Situations where present"),
    "siloed": ("Situations où il est cloisonné", "Situations where siloed"),
    "missing": ("Manquant", "Missing"),
    "organisations": ("Organisations", "Organisations"),
    "organisation": ("Organisation", "Organisation"),
    "code": ("Point d'attention", "Finding"),
    "share": ("Part", "Share"),
    "sector_a": ("Secteur A", "Sector A"),
    "sector_b": ("Secteur B", "Sector B"),
    "ties": ("Liens", "Ties"),
    "age_band": ("Âge", "Age"),
    "region": ("Région", "Region"),
    "housing": ("Logement", "Housing"),
    "of_total": ("Part du total", "Share of total"),
    "situation": ("Situation", "Situation"),
    "eligible": ("Services possibles", "Services that fit"),
    "criteria": ("Critères", "Criteria"),
}


# the texts drawn inside a dcc.Dropdown: key -> (French, English), like STRINGS
DROPDOWN: Mapping[str, tuple[str, str]] = {
    "select_all": ("Tout sélectionner", "Select all"),
    "deselect_all": ("Tout désélectionner", "Deselect all"),
    "search": ("Rechercher", "Search"),
    "clear_search": ("Effacer la recherche", "Clear search"),
    "clear_selection": ("Effacer la sélection", "Clear selection"),
    "no_options_found": ("Aucun résultat", "No match"),
}


def _text(context: str, pair: tuple[str, str], lang: str) -> str:
    """One table entry in ``lang`` from the catalogs; the table's own text while the catalogs lack it."""
    lang = lang_of(lang)
    fr, en = pair
    words = translator(lang)
    if words.has(context, en):
        return words.pgettext(context, en)
    return en if lang == "en" else fr


def catalog_entries() -> list[tuple[str, str, str]]:
    """(context, English msgid, French) of every table entry of the dashboard, for ``make messages``."""
    out = [(f"dashboard|{k}", en, fr) for k, (fr, en) in STRINGS.items()]
    out += [(f"dashboard column|{k}", en, fr) for k, (fr, en) in COLUMNS.items()]
    out += [(f"dashboard column|{tb}|{k}", en, fr) for (tb, k), (fr, en) in TABLE_COLUMNS.items()]
    out += [(f"dropdown|{k}", en, fr) for k, (fr, en) in DROPDOWN.items()]
    return out


def dropdown_labels(lang: str = DEFAULT_LANG) -> dict[str, str]:
    """The texts drawn inside a dcc.Dropdown (search box, select all…) in ``lang``."""
    return {k: _text(f"dropdown|{k}", pair, lang) for k, pair in DROPDOWN.items()}


def lang_of(value: object) -> str:
    """A supported language code from a UI value (anything else gives French)."""
    return value if value in LANGS else DEFAULT_LANG  # type: ignore[return-value]


def t(key: str, lang: str = DEFAULT_LANG, **values: object) -> str:
    """The UI string ``key`` in ``lang``, formatted with ``values``.

    Examples
    --------
    >>> t("page.needs", "en")
    'Needs & gaps'
    >>> t("sit.count", "fr", n=3)
    '3 situations'
    """
    text = _text(f"dashboard|{key}", STRINGS[key], lang)
    return text.format(**values) if values else text


def label(prefix: str, code: object, lang: str = DEFAULT_LANG) -> str:
    """The label of an enumerated ``code`` (``outcome``, ``housing``, ``flag``…); a neutral text if unknown."""
    key = f"{prefix}.{code}"
    if key in STRINGS:
        return t(key, lang)
    return "—" if code in (None, "") else str(code).replace("_", " ").capitalize()


# headers that differ by table (the same column name means another thing there)
TABLE_COLUMNS: Mapping[tuple[str, str], tuple[str, str]] = {
    ("caseload", "opened"): ("Ouvertures", "Opened"),
    ("caseload", "closed"): ("Clôtures", "Closed"),
    ("caseload", "capacity"): ("Capacité", "Capacity"),
    ("funding", "granted_eur"): ("Accordé (€)", "Granted (€)"),
}


def column_label(column: str, lang: str = DEFAULT_LANG, table: str | None = None) -> str:
    """Header of an aggregate table column (``table`` picks the table-specific header where there is one)."""
    if (table or "", column) in TABLE_COLUMNS:
        return _text(f"dashboard column|{table}|{column}", TABLE_COLUMNS[(table or "", column)], lang)
    if column in COLUMNS:
        return _text(f"dashboard column|{column}", COLUMNS[column], lang)
    return column.replace("_", " ").capitalize()


def domain_label(code: str, lang: str = DEFAULT_LANG) -> str:
    """Need domain label from the taxonomy."""
    return default_taxonomy().domain_label(code, lang)


def sector_label(code: str, lang: str = DEFAULT_LANG) -> str:
    """Sector label from the taxonomy."""
    return default_taxonomy().sector_label(code, lang)


def service_label(code: str) -> str:
    """The directory's name of a service, or its id when the directory does not list it."""
    return default_taxonomy().service_name(code)


def region_label(code: str | None, lang: str = DEFAULT_LANG) -> str:
    """The display name of a region (``liege`` → ``Liège``), from the taxonomy."""
    return default_taxonomy().region_label(code, lang)


if __name__ == "__main__":  # `make messages`: add the tables' entries to the catalog template
    import sys

    from babel.messages.catalog import Catalog
    from babel.messages.pofile import read_po, write_po

    from netmap.io.template import catalog_entries as template_entries

    pot_path = sys.argv[1]
    with open(pot_path, "rb") as source:
        pot: Catalog = read_po(source)
    for context, msgid, _fr in [*catalog_entries(), *template_entries()]:
        pot.add(msgid, context=context)
    with open(pot_path, "wb") as target:
        write_po(target, pot, width=120, sort_output=True, no_location=True)
