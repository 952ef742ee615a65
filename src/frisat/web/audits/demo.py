"""A completed demo friktionseftersyn of «Sygedagpengeopfølgning» for the demo municipality.

The activities are the fifteen of seed 003, Tabel 1 (Stenderup: activities the case workers of a
sygedagpengekontor pointed out as burdensome), quoted exactly, in a plausible order through a case.
Everything else is invented for the demo and marked so: time figures, the three pseudonymous
employees' markings (comments start with «[Demo]»), register items, decisions and ideas. One
item follows the seed's example: the registration of partial sick leave whose legal basis was
changed long ago — origin «ukendt», nobody uses it, removed «fra på mandag».

Everything is created through :mod:`frisat.web.audits.services`, as the pages would do it.
:func:`build_demo_audit` is idempotent (a second call returns the existing process).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from frisat.core.errors import FrisatError
from frisat.web.audits import services
from frisat.web.audits.models import Activity, Decision, Idea, MarkingLink, Process, Requirement
from frisat.web.organisations.models import Area, Municipality

PROCESS_NAME = "Sygedagpengeopfølgning"
DEMO_PREFIX = "[Demo]"
OWNER = "Funktionsleder, sygedagpengeafdelingen"


@dataclass(frozen=True)
class DemoActivity:
    description: str
    """Quoted from seed 003, Tabel 1."""
    category: str
    """The Tabel 1 category (Marking.Category value)."""
    channel: str
    performed_by: str
    minutes: float
    per_year: float
    """Occurrences per year per person."""
    people: float


# Chronological through a case; the category is the one Tabel 1 lists the activity under.
ACTIVITIES: tuple[DemoActivity, ...] = (
    DemoActivity("Selvbook (inkl. fritagelse)", "systemarbejde", "fagsystem", "sagsbehandler", 10, 60, 12),
    DemoActivity("Fordeling af opgaveportefølje ml. teams", "koordination", "møde", "teamkoordinator", 60, 50, 2),
    DemoActivity("Vurdering af kontakt til arbejdsgiver", "faglighed", "telefon", "sagsbehandler", 15, 100, 12),
    DemoActivity("Håndtering af arbejdsgivere og andre tredjeparter", "ekstra_opgaver", "telefon og e-mail",
                 "sagsbehandler", 20, 120, 12),
    DemoActivity("Borgerkontakt rundt om (”gyldige”) samtaler", "ekstra_opgaver", "telefon", "sagsbehandler",
                 10, 200, 12),
    DemoActivity("Registreringer/”klik”", "systemarbejde", "fagsystem", "sagsbehandler", 2, 3000, 12),
    DemoActivity("Dobbeltregistreringer", "systemarbejde", "fagsystem", "sagsbehandler", 5, 400, 12),
    DemoActivity("Notatlængder/indhold (copy-paste)", "systemarbejde", "fagsystem", "sagsbehandler", 15, 300, 12),
    DemoActivity("Fagsystem: ”opgaver”, workflow og nedetid", "systemarbejde", "fagsystem", "sagsbehandler",
                 10, 250, 12),
    DemoActivity("Dobbeltarbejde ift. min plan", "systemarbejde", "fagsystem og Min plan", "sagsbehandler",
                 10, 150, 12),
    DemoActivity("Dobbeltarbejde ift. delvis raskmelding", "systemarbejde", "fagsystem", "sagsbehandler",
                 15, 80, 12),
    DemoActivity("Drøftelser med teamkoordinator", "faglighed", "møde", "sagsbehandler og teamkoordinator",
                 20, 40, 12),
    DemoActivity("Henvisning til praktik (samtale med virksomhedskonsulenter)", "koordination", "møde",
                 "sagsbehandler og virksomhedskonsulent", 30, 20, 12),
    DemoActivity("Rehabiliteringsplanens forberedende del (skema)", "faglighed", "skema i fagsystem",
                 "sagsbehandler", 90, 8, 12),
    DemoActivity("Overgang fra sagsbehandling til afklaringsteam", "koordination", "fagsystem og møde",
                 "sagsbehandler", 30, 10, 12),
)


@dataclass(frozen=True)
class DemoRequirement:
    key: str
    title: str
    kind: str
    source_type: str
    reference: str
    hegnspael: bool
    use: str
    used_by: str
    spor: tuple[str, ...]
    description: str
    activities: tuple[str, ...]


# Seed 003 (Lond og Hvolbæk Christensen, KL) lists «Min Plan» among the statutory requirements of the
# employment effort, not as a KL concept: the demo quotes it. Demo data made before this correction is
# brought in line by :func:`correct_demo_audit`.
MIN_PLAN_QUOTE = "Lovfastsatte krav til beskæftigelsesindsatsen, f.eks. om ”Min Plan”"
MIN_PLAN_REFERENCE = "Min Plan (lovfastsat krav til beskæftigelsesindsatsen)"
MIN_PLAN_DESCRIPTION = (f"{DEMO_PREFIX} Planen skrives både i fagsystemet og i Min plan. Kilde til oprindelsen: "
                        f"Lond og Hvolbæk Christensen (KL) nævner «{MIN_PLAN_QUOTE}» som en del af det "
                        "«styrings- og kontrolparadigme», der kendetegner beskæftigelsesområdet.")
_OLD_MIN_PLAN = {"source_type": "statsligt_kl", "reference": "Min plan", "hegnspael": False,
                 "description": f"{DEMO_PREFIX} Planen skrives både i fagsystemet og i Min plan."}

REQUIREMENTS: tuple[DemoRequirement, ...] = (
    DemoRequirement(
        "delvis", "Registrering af delvis raskmelding", "procedure", "ukendt", "", False, "ingen", "",
        ("dok", "regler"),
        f"{DEMO_PREFIX} Levn fra dengang telefonisk opfølgning krævede, at borgeren var delvist i beskæftigelse. "
        "Loven er ændret; ingen kunne huske, hvorfor registreringen fortsat blev lavet.",
        ("Dobbeltarbejde ift. delvis raskmelding",)),
    DemoRequirement(
        "opfoelgning", "Opfølgningssamtaler med borgeren", "regel", "lov", "sygedagpengeloven (opfølgning)", True,
        "bruges", "Borgeren og sagsbehandleren; grundlag for vurderingen af uarbejdsdygtighed", ("regler",),
        f"{DEMO_PREFIX} Samtalerne er et lovkrav (hegnspæl); kun registreringen omkring dem er til debat.",
        ("Borgerkontakt rundt om (”gyldige”) samtaler", "Registreringer/”klik”")),
    DemoRequirement(
        "minplan", "Opdatering af borgerens plan", "dokumentationskrav", "lov", MIN_PLAN_REFERENCE, True, "bruges",
        "Borgeren ser planen", ("dok",), MIN_PLAN_DESCRIPTION,
        ("Dobbeltarbejde ift. min plan", "Dobbeltregistreringer")),
    DemoRequirement(
        "notat", "Notatskabelon med faste overskrifter", "dokumentationskrav", "forvaltning",
        "Instruks om journalnotater (afdelingens egen)", False, "bruges", "Kollegaer, der overtager sagen", ("dok",),
        f"{DEMO_PREFIX} Skabelonen har 11 overskrifter; de fleste udfyldes med copy-paste.",
        ("Notatlængder/indhold (copy-paste)",)),
    DemoRequirement(
        "rehab", "Rehabiliteringsplanens forberedende del", "dokumentationskrav", "lov",
        "rehabiliteringsplan (beskæftigelseslovgivningen)", True, "bruges", "Rehabiliteringsteamet", ("dok",),
        f"{DEMO_PREFIX} Lovbestemt skema; formålet var ikke kendt af alle.",
        ("Rehabiliteringsplanens forberedende del (skema)",)),
    DemoRequirement(
        "koordinator", "Alle sager drøftes med teamkoordinator", "procedure", "lokal_praksis", "", False, "ukendt",
        "", ("tillid",), f"{DEMO_PREFIX} Lokal praksis fra en tid med mange nye medarbejdere.",
        ("Drøftelser med teamkoordinator",)),
    DemoRequirement(
        "fordeling", "Ugentlig fordeling af sager mellem teams", "procedure", "forvaltning", "", False, "bruges",
        "Teamkoordinatorerne", ("tillid",), f"{DEMO_PREFIX} Fordelingen sker på et ugentligt møde.",
        ("Fordeling af opgaveportefølje ml. teams",)),
    DemoRequirement(
        "telefonnotat", "Politik for skriftlig gengivelse af alle telefonsamtaler", "politik", "kommunalbestyrelse",
        "", False, "ingen", "", ("dok", "tillid"),
        f"{DEMO_PREFIX} Kræver et notat om hver samtale, også når intet nyt er sagt.",
        ("Håndtering af arbejdsgivere og andre tredjeparter",)),
)


@dataclass(frozen=True)
class DemoDecision:
    target: str
    """An activity description, or ``krav:<key>`` for a register item."""
    outcome: str
    rationale: str
    purpose: str = ""
    after_minutes: float | None = None
    after_per_year: float | None = None
    after_people: float | None = None


DECISIONS: tuple[DemoDecision, ...] = (
    DemoDecision("krav:delvis", "fjernes", "Lovkravet bag registreringen er ændret for mange år siden; "
                 "ingen bruger registreringen. Stoppes fra på mandag."),
    DemoDecision("Dobbeltarbejde ift. delvis raskmelding", "fjernes",
                 "Registreringen er et levn fra en ændret lov; ingen bruger den."),
    DemoDecision("krav:telefonnotat", "fjernes", "Notat kun, når samtalen har betydning for sagen."),
    DemoDecision("krav:opfoelgning", "forankres", "Samtalerne er et lovkrav og kernen i opfølgningen.",
                 "Samtalerne sikrer borgerens ret til opfølgning og grundlaget for at vurdere uarbejdsdygtighed."),
    DemoDecision("krav:rehab", "forankres", "Kræves af loven.",
                 "Skemaet giver rehabiliteringsteamet et fælles grundlag, så borgeren ikke skal fortælle "
                 "det hele igen."),
    DemoDecision("krav:minplan", "forandres", "Planen skrives ét sted og hentes ind det andet."),
    DemoDecision("krav:notat", "forandres", "Skabelonen skæres ned til fire overskrifter."),
    DemoDecision("krav:koordinator", "forandres", "Kun sager, hvor sagsbehandleren er i tvivl, drøftes."),
    DemoDecision("krav:fordeling", "forankres", "Fordelingen sikrer en jævn arbejdsbyrde.",
                 "Teamkoordinatorerne forklarer på teammødet, hvordan fordelingen holder byrden jævn."),
    DemoDecision("Dobbeltregistreringer", "fjernes", "De samme oplysninger registreres ikke længere to steder."),
    DemoDecision("Dobbeltarbejde ift. min plan", "forandres", "Planen skrives i fagsystemet og overføres.",
                 after_minutes=3),
    DemoDecision("Notatlængder/indhold (copy-paste)", "forandres", "Kortere skabelon med fire overskrifter.",
                 after_minutes=8),
    DemoDecision("Registreringer/”klik”", "forandres", "Felter, ingen bruger, fjernes fra skærmbilledet.",
                 after_per_year=2000),
    DemoDecision("Drøftelser med teamkoordinator", "forandres", "Kun sager med tvivl drøftes.",
                 after_per_year=15),
    DemoDecision("Håndtering af arbejdsgivere og andre tredjeparter", "forandres",
                 "Standardbrev til arbejdsgivere; notat kun ved nyt i sagen.", after_minutes=12),
    DemoDecision("Rehabiliteringsplanens forberedende del (skema)", "forankres", "Lovkrav.",
                 "Lederen forklarede på personalemødet, hvad rehabiliteringsteamet bruger skemaet til."),
    DemoDecision("Vurdering af kontakt til arbejdsgiver", "forankres", "Kernen i den faglige vurdering.",
                 "Kontakten er ofte vejen tilbage til arbejdet; det er den faglige kerne, ikke administration."),
    DemoDecision("Borgerkontakt rundt om (”gyldige”) samtaler", "forankres", "Skaber tryghed for borgeren.",
                 "Kontakten er en del af opgaven og må gerne tage tid; den tæller med i planlægningen."),
    DemoDecision("Selvbook (inkl. fritagelse)", "forankres", "Giver borgeren indflydelse på tidspunktet.",
                 "Selvbooking giver borgeren indflydelse; fritagelser registreres kun, når de gives."),
    DemoDecision("Fordeling af opgaveportefølje ml. teams", "forankres", "Sikrer en jævn arbejdsbyrde.",
                 "Fordelingen holder arbejdsbyrden jævn mellem teams."),
    DemoDecision("Fagsystem: ”opgaver”, workflow og nedetid", "forandres",
                 "Automatiske opgaver, ingen handler på, slås fra.", after_per_year=150),
    DemoDecision("Henvisning til praktik (samtale med virksomhedskonsulenter)", "forankres",
                 "Samarbejdet giver bedre praktikker.",
                 "Samtalen sikrer, at praktikken passer til borgeren; virksomhedskonsulenterne deltager fast."),
    DemoDecision("Overgang fra sagsbehandling til afklaringsteam", "forankres", "Nødvendig overdragelse.",
                 "Overdragelsen sikrer, at afklaringsteamet kender sagen, så borgeren ikke starter forfra."),
)

# (participant 1–3, activity description, kind, comment or "")
MARKINGS: tuple[tuple[int, str, str, str], ...] = (
    (1, "Registreringer/”klik”", "tung", "Mange små klik, der ikke hjælper borgeren."),
    (2, "Registreringer/”klik”", "belastende", "«Systemtilfredsstillelse»."),
    (3, "Registreringer/”klik”", "tung", ""),
    (1, "Dobbeltregistreringer", "unoedvendig", "Det samme skrives to steder."),
    (2, "Dobbeltregistreringer", "unoedvendig", ""),
    (1, "Dobbeltarbejde ift. delvis raskmelding", "meningsloes", "Ingen ved, hvem der bruger registreringen."),
    (2, "Dobbeltarbejde ift. delvis raskmelding", "unoedvendig", ""),
    (3, "Dobbeltarbejde ift. delvis raskmelding", "meningsloes", "Vi gør det, fordi vi altid har gjort det."),
    (2, "Dobbeltarbejde ift. min plan", "unoedvendig", "Planen skrives både i fagsystemet og i Min plan."),
    (3, "Dobbeltarbejde ift. min plan", "tung", ""),
    (1, "Notatlængder/indhold (copy-paste)", "tung", "Lange notater, som ingen læser."),
    (3, "Notatlængder/indhold (copy-paste)", "meningsloes", ""),
    (2, "Fagsystem: ”opgaver”, workflow og nedetid", "belastende", "Systemet er ofte nede om morgenen."),
    (1, "Selvbook (inkl. fritagelse)", "tung", ""),
    (3, "Fordeling af opgaveportefølje ml. teams", "belastende", "Uklart hvem der har sagen."),
    (1, "Overgang fra sagsbehandling til afklaringsteam", "belastende", ""),
    (2, "Henvisning til praktik (samtale med virksomhedskonsulenter)", "tung", ""),
    (3, "Borgerkontakt rundt om (”gyldige”) samtaler", "belastende", "Tager tid, men tæller ikke med."),
    (1, "Håndtering af arbejdsgivere og andre tredjeparter", "tung", ""),
    (2, "Vurdering af kontakt til arbejdsgiver", "meningsloes", "Hvorfor skal det dokumenteres hver gang?"),
    (2, "Drøftelser med teamkoordinator", "tung", "Venter ofte en uge på en drøftelse."),
    (3, "Rehabiliteringsplanens forberedende del (skema)", "meningsloes", "Ved ikke, hvem der læser skemaet."),
)

IDEAS: tuple[tuple[str, str, str, tuple[str, ...], tuple[tuple[int, str, str], ...]], ...] = (
    ("Planen skrives ét sted", "prototype", "Planen skrives i fagsystemet og overføres til Min plan.",
     ("Dobbeltarbejde ift. min plan",),
     ((-60, "To sagsbehandlere skrev planen kun i fagsystemet i to uger.", "Halv tid; borgerne savnede intet."),
      (-40, "Hele teamet prøvede i en måned.", "Fungerer; indføres."))),
    ("Kortere notatskabelon", "indfoert", "Fire overskrifter i stedet for elleve.",
     ("Notatlængder/indhold (copy-paste)",),
     ((-50, "Skabelonen med fire overskrifter brugt i ét team.", "Notater halvt så lange; overtagelser gik fint."),)),
)


def _activity(process: Process, description: str) -> Activity:
    return process.activities.get(description=description)


def build_demo_audit(municipality: Municipality, *, decided_by: AbstractBaseUser | None = None,
                     area: Area | None = None, today: dt.date | None = None) -> Process:
    """Create the completed demo audit in ``kommune`` (or return it if it exists).

    ``decided_by`` is recorded as the leader who registered the decisions; ``omraade`` places the
    process in an area (default: none); ``today`` anchors the dates (default: today).
    """
    existing = Process.objects.filter(municipality=municipality, name=PROCESS_NAME).first()
    if existing is not None:
        correct_demo_audit(municipality)
        return existing
    today = today or timezone.localdate()
    with transaction.atomic():
        process = services.create_process(
            municipality=municipality, name=PROCESS_NAME, area=area, owner=OWNER, created_by=decided_by,
            purpose=("Følge op på sygemeldte borgere, så de kommer tilbage i arbejde, og sikre deres ret til "
                     f"sygedagpenge. {DEMO_PREFIX} Aktiviteterne er fra Tabel 1 i Stenderups friktionseftersyn; "
                     "tider, markeringer og beslutninger er opdigtede."),
            start="Sygemeldingen er modtaget; førstegangssamtale otte uger efter sygemeldingen.",
            end="Borgeren er raskmeldt, eller sagen revurderes og afsluttes.",
        )
        for item in ACTIVITIES:
            services.add_activity(process, description=item.description, channel=item.channel,
                                  performed_by=item.performed_by, minutes_per_occurrence=item.minutes,
                                  occurrences_per_year=item.per_year, people=item.people)
        requirements: dict[str, Requirement] = {}
        for item in REQUIREMENTS:
            requirements[item.key] = services.create_requirement(
                municipality, title=item.title, kind=item.kind, source_type=item.source_type, reference=item.reference,
                hegnspael=item.hegnspael, tilbageloeb_status=item.use, tilbageloeb=item.used_by, spor=item.spor,
                area=area, owner=OWNER, description=item.description)
        for activity in process.activities.all():
            linked = [requirements[r.key] for r in REQUIREMENTS if activity.description in r.activities]
            if linked:
                services.set_activity_requirements(activity, linked)

        services.set_process_status(process, Process.Status.MARKING)
        link = services.create_marking_link(process, label=f"Workshop i sygedagpengeafdelingen {DEMO_PREFIX}",
                                            created_by=decided_by).link
        participants = [services.join_marking(link).participant for _ in range(3)]
        categories = {a.description: a.category for a in ACTIVITIES}
        for number, description, kind, comment in MARKINGS:
            services.mark_activity(participants[number - 1], _activity(process, description), kind=kind,
                                   category=categories[description],
                                   comment=f"{DEMO_PREFIX} {comment}" if comment else "")
        services.close_marking_link(link)

        services.set_process_status(process, Process.Status.DECISION)
        for item in DECISIONS:
            target = ({"requirement": requirements[item.target.removeprefix("krav:")]}
                      if item.target.startswith("krav:") else {"activity": _activity(process, item.target)})
            services.decide(**target, outcome=item.outcome, rationale=item.rationale, purpose_explained=item.purpose,
                            owner=OWNER, decided_on=today - dt.timedelta(days=30), decided_by=decided_by,
                            after_minutes_per_occurrence=item.after_minutes,
                            after_occurrences_per_year=item.after_per_year, after_people=item.after_people)
        for title, status, description, activities, iterations in IDEAS:
            idea = services.add_idea(process, title=title, description=description, owner=OWNER, status=status,
                                     activities=[_activity(process, a) for a in activities])
            for days, tried, result in iterations:
                services.add_iteration(idea, date=today + dt.timedelta(days=days), tried=tried, result=result)
        services.set_process_status(process, Process.Status.DONE)
    return process


def correct_demo_audit(municipality: Municipality) -> int:
    """Bring demo data made by an older version in line with the corrected demo; returns rows changed.

    Only the demo's own «Min plan» item is touched, and only while it still holds the old demo values
    (classified as a KL concept): a user's own edits are left alone, and a second call changes nothing.
    """
    item = next(r for r in REQUIREMENTS if r.key == "minplan")
    changed = 0
    for requirement in Requirement.objects.filter(municipality=municipality, title=item.title, **_OLD_MIN_PLAN):
        services.update_requirement(requirement, source_type=item.source_type, reference=item.reference,
                                    hegnspael=item.hegnspael, description=item.description)
        changed += 1
    return changed


def delete_demo_audits(municipality: Municipality, *, demo_name: str = "Demo Kommune") -> None:
    """Remove all audit and register data of the demo municipality (for a demo reset).

    The decision log cannot be deleted through the models (append-only); this bypass is only for
    the demo kommune, so a real kommune's log can never be removed this way.
    """
    if municipality.name != demo_name:
        raise FrisatError("Kun demokommunens eftersyn kan slettes.")
    with transaction.atomic():
        decisions = Decision.objects.filter(activity__process__municipality=municipality) | Decision.objects.filter(
            requirement__municipality=municipality)
        # A raw DELETE of the whole set in one statement (supersedes points inside the set).
        Decision.objects.filter(pk__in=list(decisions.values_list("pk", flat=True)))._raw_delete(
            Decision.objects.db)
        Idea.objects.filter(process__municipality=municipality).delete()
        MarkingLink.objects.filter(process__municipality=municipality).delete()
        Process.objects.filter(municipality=municipality).delete()
        Requirement.objects.filter(municipality=municipality).delete()
