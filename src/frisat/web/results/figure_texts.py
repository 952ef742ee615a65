"""The Danish texts frisat.reporting writes into the results page's figures and labels, for the
translation catalogue.

:mod:`frisat.reporting` passes every Danish text of its figures and labels through
:func:`frisat.reporting.language.tr`; on the results page that is Django's ``gettext``
(:func:`frisat.web.results.texts.page_language`). ``makemessages`` only reads the web app, so the
same texts are listed here. ``tests/web/test_results_english.py`` checks that this list holds every
``tr("…")`` of frisat.reporting (and the names ``tr`` is called with), so a changed figure text
cannot leave the English page half Danish unnoticed.
"""

from __future__ import annotations

from django.utils.translation import gettext_noop

MESSAGES = (
    # frisat/reporting/labels.py
    gettext_noop("Alle"),
    gettext_noop("både implementering og vigtighed"),
    gettext_noop("for få besvarelser (færre end %(k)d)"),
    gettext_noop("Få besvarelser — fortolk med stor forsigtighed"),
    gettext_noop("implementering"),
    gettext_noop("percentil-bootstrap med %(samples)s genudtrækninger (frø %(seed)s)"),
    gettext_noop("Placeringen er usikker: intervallet krydser skillelinjen"),
    gettext_noop("t-fordelingen (gennemsnit ± t-fraktil · standardafvigelse / √N)"),
    gettext_noop("Uden placering"),
    gettext_noop("vigtighed"),
    # frisat/reporting/figures.py
    gettext_noop("%(caution)s (markeret med ⚠)"),
    gettext_noop("%(detail)s, usikker placering"),
    gettext_noop("%(items)s og %(last)s"),
    gettext_noop("%(label)s: vigtighed %(value)s"),
    gettext_noop("%(level)s-konfidensinterval"),
    gettext_noop("%(level)s-konfidensinterval %(interval)s"),
    gettext_noop("%(panel)s: for få besvarelser"),
    gettext_noop("%(panel)s: N = %(n)s, gennemsnitlig vigtighed %(vigt)s%(vigt_interval)s og implementering "
                 "%(impl)s%(impl_interval)s"),
    gettext_noop("%(quadrant)s, usikker placering"),
    gettext_noop("%(title)s (%(n)s), vigtighed vandret og implementering lodret, med "
                 "%(level)s-konfidensintervaller som streger. %(parts)s."),
    gettext_noop(", implementering %(value)s"),
    gettext_noop("Anm.: %(n)s. N er antal respondenter med mindst ét indeks."),
    gettext_noop("Anm.: %(panels)s."),
    gettext_noop("Anm.: Figuren er inspireret af Van Ryzin og Immerwahr (2007) og af Figur 3.1 i VIVE-notatet "
                 "af Hjelmar og Pedersen."),
    gettext_noop("Anm.: Ingen paneler med nok besvarelser."),
    gettext_noop("Anm.: N står ved hver gruppe. Sorteret efter forskel (vigtighed − implementering)."),
    gettext_noop("Antal respondenter pr. felt (log. skala)"),
    gettext_noop("del %(part)s af %(parts)s"),
    gettext_noop("Den sorte markør er panelets gennemsnit; stregerne gennem den er "
                 "%(level)s-konfidensintervaller, beregnet med %(method)s. Krydser et interval en skillelinje, er "
                 "placeringen usikker (åben markør)."),
    gettext_noop("for få besvarelser\n(færre end %(k)d)"),
    gettext_noop("Få besvarelser"),
    gettext_noop("Gennemsnit"),
    gettext_noop("Gennemsnit (1–10)"),
    gettext_noop("Gennemsnit for de fem spor – %(panel)s"),
    gettext_noop("Gennemsnit med %(level)s-konfidensinterval"),
    gettext_noop("Gennemsnit pr. %(groups)s – %(spor)s%(suffix)s"),
    gettext_noop("Gennemsnitslinjer (panelets gennemsnit)"),
    gettext_noop("høj implementering"),
    gettext_noop("Høj vigtighed"),
    gettext_noop("Implementering"),
    gettext_noop("Implementering og vigtighed – %(spor)s"),
    gettext_noop("Kvadrant (markørens form) og usikkerhed"),
    gettext_noop("lav implementering"),
    gettext_noop("Lav vigtighed"),
    gettext_noop("Læsevejledning: et koordinatsystem med vigtighed fra 1 til 10 på den vandrette akse og "
                 "implementering fra 1 til 10 på den lodrette akse, delt i fire felter af linjer ved "
                 "%(midpoint)s."),
    gettext_noop("N ukendt"),
    gettext_noop("nederst til højre"),
    gettext_noop("nederst til venstre"),
    gettext_noop("Paneler med mere end %(n)s respondenter vises som tæthed: jo mørkere felt, jo flere "
                 "respondenter."),
    gettext_noop("Placeringen er usikker: intervallet krydser skillelinjen for %(n)s gruppe (markeret med "
                 "%(mark)s)."),
    gettext_noop("Placeringen er usikker: intervallet krydser skillelinjen for %(n)s grupper (markeret med "
                 "%(mark)s)."),
    gettext_noop("Placeringen er usikker: intervallet krydser skillelinjen for %(which)s"),
    gettext_noop("Prikdiagram for %(spor)s%(suffix)s: gennemsnitlig implementering (cirkel) og vigtighed (rombe) "
                 "for %(n)s grupper efter %(groups)s, sorteret efter forskellen mellem vigtighed og "
                 "implementering, største forskel øverst.%(text)s Alle værdier står i tabellerne."),
    gettext_noop("Prikdiagram for %(spor)s%(suffix)s: gennemsnitlig implementering (cirkel) og vigtighed (rombe) "
                 "med %(level)s-konfidensintervaller som vandrette streger for %(n)s grupper efter %(groups)s, "
                 "sorteret efter forskellen mellem vigtighed og implementering, største forskel øverst.%(text)s "
                 "Alle værdier står i tabellerne."),
    gettext_noop("Punktdiagram med én prik pr. respondent for %(spor)s: vigtighed vandret og implementering "
                 "lodret (1–10), alle respondenter, med stiplede gennemsnitslinjer og skillelinjer ved "
                 "%(midpoint)s."),
    gettext_noop("Punktdiagram med én prik pr. respondent for %(spor)s: vigtighed vandret og implementering "
                 "lodret (1–10), ét panel pr. %(panel)s, med stiplede gennemsnitslinjer og skillelinjer ved "
                 "%(midpoint)s."),
    gettext_noop("Skillelinjer ved %(midpoint)s"),
    gettext_noop("Stregerne er %(level)s-konfidensintervaller for gennemsnittene (cirkel: implementering, rombe: "
                 "vigtighed). Jo kortere streg, jo mere sikkert er gennemsnittet."),
    gettext_noop("Stregerne er %(level)s-konfidensintervaller for gennemsnittene, beregnet med %(method)s. "
                 "Krydser et interval en skillelinje, er placeringen usikker (åben markør)."),
    gettext_noop("Sådan læses figurerne: prioritering af indsatsen"),
    gettext_noop("Tæthedsdiagram (antal respondenter pr. felt) for %(spor)s: vigtighed vandret og implementering "
                 "lodret (1–10), alle respondenter, med stiplede gennemsnitslinjer og skillelinjer ved "
                 "%(midpoint)s."),
    gettext_noop("Tæthedsdiagram (antal respondenter pr. felt) for %(spor)s: vigtighed vandret og implementering "
                 "lodret (1–10), ét panel pr. %(panel)s, med stiplede gennemsnitslinjer og skillelinjer ved "
                 "%(midpoint)s."),
    gettext_noop("Usikker placering (et interval krydser skillelinjen): %(groups)s."),
    gettext_noop("Vigtighed"),
    gettext_noop("Åben markør: usikker placering"),
    gettext_noop("Én respondent (let spredt, så ens svar ses)"),
    gettext_noop("Øverst %(first)s (vigtighed %(first_vigt)s, implementering %(first_impl)s); nederst %(last)s "
                 "(vigtighed %(last_vigt)s, implementering %(last_impl)s)."),
    gettext_noop("øverst til højre"),
    gettext_noop("øverst til venstre"),
    # frisat/reporting/figures_extended.py
    gettext_noop("%(flag)s = angivet og afledt vigtighed er uenige (forklaret i teksten)."),
    gettext_noop("%(level)s-KI %(interval)s"),
    gettext_noop("%(spor)s %(indicator)s: angivet %(stated)s, β %(beta)s"),
    gettext_noop("%(spor)s %(points)s point"),
    gettext_noop("%(spor)s: fra %(path)s, nu i «%(quadrant)s»"),
    gettext_noop("%(route)s til %(next)s"),
    gettext_noop("%(title)s (%(n)s) pr. spor og dimension, med %(level)s-konfidensintervaller som streger og en "
                 "lodret linje ved 0: %(parts)s."),
    gettext_noop("%(title)s (%(n)s), sorteret fra mest til mindst vigtig, med %(level)s-konfidensintervaller som "
                 "streger. Spor: %(order)s."),
    gettext_noop("Afledt vigtighed"),
    gettext_noop("Akserne viser kun det udsnit af skalaen fra 1 til 10, hvor sporene ligger (med skillelinjerne), "
                 "så pilene kan ses."),
    gettext_noop("Angivet og afledt vigtighed"),
    gettext_noop("Angivet vigtighed"),
    gettext_noop("Anm.: %(n)s (det første spor; N for hvert spor står i tabellen). Sådan læses figuren: en markør "
                 "til højre for 0-linjen betyder, at den første gruppe i gennemsnit svarer højere end "
                 "referencegruppen; til venstre lavere. Stregen er %(level)s-konfidensintervallet; rører den ikke "
                 "0-linjen (fyldt markør), er forskellen tydelig. Cirkel = implementering, rombe = vigtighed."),
    gettext_noop("Anm.: %(n)s (respondenter med en gyldig fordeling). Sådan læses figuren: respondenterne har "
                 "fordelt %(total)s point mellem sporene. Et spor over den stiplede linje har fået mere end sin "
                 "lige andel; det er tvunget til at vælge, så loftseffekten ikke skjuler prioriteringen. "
                 "Stregerne er %(level)s-konfidensintervaller."),
    gettext_noop("Anm.: %(n)s. Sådan læses figuren: hver pil går fra sporets gennemsnit i den tidligere måling "
                 "(åben markør) til gennemsnittet i den senere (fyldt markør). En pil opad betyder, at "
                 "implementeringen er steget; en pil mod højre, at vigtigheden er steget. Om ændringen er større "
                 "end tilfældet, står i tabellen over ændringer."),
    gettext_noop("Anm.: %(n)s. Sådan læses figuren: hvert svar om vigtighed er trukket fra respondentens eget "
                 "gennemsnit over alle vigtighedsspørgsmål. Til højre for 0-linjen er det, respondenterne finder "
                 "vigtigere end det, de ellers svarer; til venstre det mindre vigtige. Det kommer uden om, at "
                 "næsten alle svarer «særdeles vigtigt» til alt. Stregerne er %(level)s-konfidensintervaller."),
    gettext_noop("Anm.: %(n)s. Sådan læses figuren: jo længere søjlen til højre er, jo stærkere hænger "
                 "indikatorens implementering sammen med respondenternes samlede vurdering af sporet (indikator "
                 "d). Står en indikator højt til venstre men kort til højre, siger respondenterne, at den er "
                 "vigtig, uden at den præger deres samlede vurdering."),
    gettext_noop("Anm.: N for hver måling står i figurteksten og i trend.csv. Sådan læses figuren: hver linje er "
                 "ét spor (markørens form og navnet ved linjens ende viser hvilket). Stiger linjen, er "
                 "gennemsnittet steget fra måling til måling. De lodrette streger er "
                 "%(level)s-konfidensintervaller; overlapper de meget, kan forskellen være tilfældig. Den "
                 "vandrette linje ligger ved %(midpoint)s."),
    gettext_noop("for få besvarelser"),
    gettext_noop("Fordeling af %(total)s point"),
    gettext_noop("Fordeling af point"),
    gettext_noop("Forskel i gennemsnit (indekspoint)"),
    gettext_noop("Forskel: %(group)s − %(reference)s (indekspoint)"),
    gettext_noop("Forskelle mellem %(groups)s"),
    gettext_noop("Fra måling til måling i kvadranten"),
    gettext_noop("Fyldt: måling %(wave)s"),
    gettext_noop("Fyldt: seneste måling"),
    gettext_noop("Gennemsnit (skala 1–10)"),
    gettext_noop("Gennemsnitligt antal point (af %(total)s)"),
    gettext_noop("Indikatorer"),
    gettext_noop("kan ikke beregnes"),
    gettext_noop("Kvadrant i seneste måling (markørens form)"),
    gettext_noop("Kvadrantfigur%(suffix)s (%(n)s) med en pil for hvert spor fra gennemsnittet i én måling til den "
                 "næste, vigtighed vandret og implementering lodret, skillelinjer ved %(midpoint)s."),
    gettext_noop("Lige fordeling (%(points)s point)"),
    gettext_noop("Linjediagram%(suffix)s over gennemsnittet for hvert spor i målingerne %(waves)s, implementering "
                 "til venstre og vigtighed til højre, med %(level)s-konfidensintervaller som lodrette streger."),
    gettext_noop("Måling"),
    gettext_noop("Point over (+) eller under (−) respondentens eget gennemsnit"),
    gettext_noop("Relativ vigtighed"),
    gettext_noop("Spor"),
    gettext_noop("Søjlediagram over fordelingen af %(total)s point%(suffix)s (%(n)s): %(parts)s. Den stiplede "
                 "linje ved %(even)s point er en lige fordeling."),
    gettext_noop("To panelværdier pr. indikator%(suffix)s (%(n)s): til venstre den angivne vigtighed (gennemsnit "
                 "1–10), til højre den afledte vigtighed (β, sammenhængen med sporets samlede vurdering)."),
    gettext_noop("Udvikling"),
    gettext_noop("Udvikling i kvadranten"),
    gettext_noop("Udvikling over alle målinger"),
    gettext_noop("ukendt"),
    gettext_noop("vigtighed %(vigt)s, implementering %(impl)s (måling %(wave)s)"),
    gettext_noop("Vigtigste indikator: %(first_spor)s %(first)s; mindst vigtige: %(last_spor)s %(last)s."),
    gettext_noop("Åben markør: intervallet rummer 0"),
    gettext_noop("Åben: første måling"),
    gettext_noop("Åben: måling %(wave)s"),
    gettext_noop("β (sammenhæng med «alt i alt»)"),
    # frisat/reporting/codes.py
    gettext_noop("%(impl)s har svaret på implementering og %(vigt)s på vigtighed (%(both)s på begge)"),
    gettext_noop("%(who)s har et af de %(top)s største gab i sporet «%(spor)s»: vigtighed %(vigt)s mod "
                 "implementering %(impl)s (gab %(gap)s)."),
    gettext_noop("%(who)s ligger i «%(quadrant)s» i sporet «%(spor)s»: vigtighed %(vigt)s, implementering "
                 "%(impl)s (gab %(gap)s)."),
    gettext_noop("%(who)s: %(dimension)s i sporet «%(spor)s» er %(mean)s mod %(reference)s i gennemsnit for "
                 "%(place)s (%(difference)s point over)."),
    gettext_noop("%(who)s: %(dimension)s i sporet «%(spor)s» er %(mean)s mod %(reference)s i gennemsnit for "
                 "%(place)s (%(difference)s point under)."),
    gettext_noop("%(who)s: implementeringen i sporet «%(spor)s» er faldet fra %(before)s til %(now)s (%(change)s) "
                 "siden den forrige måling."),
    gettext_noop("%(who)s: implementeringen i sporet «%(spor)s» er steget fra %(before)s til %(now)s (%(change)s) "
                 "siden den forrige måling."),
    gettext_noop("Alle dimensioner er spurgt til alle: %(counts)s."),
    gettext_noop("alle enheder"),
    gettext_noop("Delt design efter respondentgruppe (%(groups)s): %(counts)s."),
    gettext_noop("Delt design, hvor hver respondent har fået én dimension: %(counts)s."),
    gettext_noop("Den afledte vigtighed af %(text)s kan ikke beregnes i sporet «%(spor)s»: for få fuldstændige "
                 "besvarelser eller ingen variation i svarene."),
    gettext_noop("For sporet «%(spor)s» vises ingen afledt vigtighed: gruppen har færre besvarelser end "
                 "anonymitetsgrænsen."),
    gettext_noop("I sporet «%(spor)s» passer respondenternes egen vurdering af, hvor vigtigt %(text)s er, med "
                 "hvor stærkt det hænger sammen med den samlede vurdering af sporet."),
    gettext_noop("I «%(quadrant)s»"),
    gettext_noop("implementeringen"),
    gettext_noop("Ingen besvarelser med svar på implementering eller vigtighed."),
    gettext_noop("området «%(area)s»"),
    gettext_noop("Respondenterne siger, at %(text)s er det mindst vigtige i sporet «%(spor)s», men det er det, "
                 "der hænger stærkest sammen med den samlede vurdering af sporet (β = %(beta)s)."),
    gettext_noop("Respondenterne siger, at %(text)s er det vigtigste i sporet «%(spor)s», men det hænger kun "
                 "svagt sammen med den samlede vurdering af sporet (β = %(beta)s)."),
    gettext_noop("Respondenterne siger, at %(text)s er det vigtigste i sporet «%(spor)s», men det hænger svagest "
                 "sammen med den samlede vurdering af sporet (β = %(beta)s)."),
    gettext_noop("vigtigheden"),
    # frisat/reporting/report_extended.py
    gettext_noop("måling %(wave)s: N = %(n)s"),
)
"""The literal texts of ``tr("…")`` in frisat.reporting (sorted per module)."""

NAMES = (
    # VIVE's quadrants (frisat.reporting.codes): names, and the explanations the reading guide's alt text quotes
    gettext_noop("Vigtigste fokusområde"),
    gettext_noop("Fortsæt det gode arbejde"),
    gettext_noop("Risiko for over-implementering"),
    gettext_noop("Lav prioritet"),
    gettext_noop("Endelig er indsatser, der falder i figurens nederste højre hjørne, vigtige at arbejde med, og "
                 "samtidig er indsatsen i lav grad blevet implementeret. De indsatser bør derfor vurderes som de "
                 "vigtigste at arbejde med og er det væsentligste fokusområde."),
    gettext_noop("Ligger en indsats i figurens øverste højre hjørne, er indsatsens fokusområde vigtigt at arbejde "
                 "med, men den er også i høj grad allerede blevet implementeret. Derfor bør det eksisterende arbejde "
                 "fortsættes."),
    gettext_noop("Ligger en indsats i øverste venstre hjørne, er indsatsen i høj grad blevet implementeret, men "
                 "fordi indsatsens fokus ikke vurderes som vigtigt, er der risiko for, at den er blevet "
                 "over-implementeret."),
    gettext_noop("Ligger den i nederste venstre hjørne, er indsatsen ikke implementeret og vurderes til ikke at "
                 "være vigtig, hvorfor den har lav prioritet."),
    # the spor of the built-in instruments (their dimensions are above)
    gettext_noop("Færre regler"),
    gettext_noop("Fra detailmål til formål"),
    gettext_noop("Mindre dokumentation"),
    gettext_noop("Tillidsbaseret kultur"),
    gettext_noop("Innovation og eksperimenter"),
    # areas (frisat.reporting.labels.AREA_VALUE_LABELS)
    gettext_noop("Dagtilbud"),
    gettext_noop("Skole"),
    gettext_noop("Folkeskole"),
    gettext_noop("Ældre"),
    # background columns (frisat.core.schema.BACKGROUND_LABELS) as panel names, and as compared groups in
    # the plural that figures_extended.difference_figure forms (the web compares «gruppe»)
    gettext_noop("Kommune"),
    gettext_noop("Område"),
    gettext_noop("Enhed"),
    gettext_noop("Respondentgruppe"),
    gettext_noop("kommuner"),
    gettext_noop("områder"),
    gettext_noop("respondentgrupper"),
    # frisat.reporting.codes: the sentences of the core's notes, the reasons and the designs
    gettext_noop("Data indeholder %(count)s målinger (%(waves)s). Hovedtabellerne og de øvrige udvidede tabeller "
                 "samler dem; brug --by %(column)s for at se hver måling for sig. Udviklingen fra måling til "
                 "måling står i changes.csv og trend.csv."),
    gettext_noop("Ingen pointfordeling: spørgeskemaet har ikke spørgsmålet om at fordele point mellem sporene, "
                 "eller ingen har besvaret det."),
    gettext_noop("Ingen sammenligning af respondentgrupper: kolonnen «%(column)s» er tom."),
    gettext_noop("Ingen sammenligning af respondentgrupper: der er kun én gruppe («%(group)s») i kolonnen "
                 "«%(column)s»."),
    gettext_noop("Ingen udvikling over tid: kolonnen «%(column)s» angiver ingen målinger."),
    gettext_noop("Ingen udvikling over tid: data har kun én måling («%(wave)s») i kolonnen «%(column)s»."),
    gettext_noop("Ingen liste over enheder, der skiller sig ud: kolonnen «%(column)s» angiver ingen enheder."),
    gettext_noop("Anonymitetsgrænsen er sat til %(k)s (standard er %(default)s): små grupper kan genkendes."),
    gettext_noop("I «Vigtigste fokusområde»"),
    gettext_noop("Langt fra områdets gennemsnit"),
    gettext_noop("Største forskel mellem vigtighed og implementering"),
    gettext_noop("Største ændring siden sidste måling"),
    gettext_noop("Begge dimensioner til alle"),
    gettext_noop("Tilfældig halvdel: halvdelen svarer kun på implementering, resten kun på vigtighed"),
    gettext_noop("Én dimension pr. respondentgruppe"),
)
"""Texts ``tr`` gets as values (names from frisat.core and the instruments) that are not above."""
