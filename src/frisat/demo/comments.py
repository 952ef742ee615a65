"""A bank of short, invented Danish comments for synthetic demo data.

The comments are written for Frisat's demo data; they are not quotes from any survey. Each spor
has three tones: ``lav`` (the respondent is not far with the work), ``hoej`` (the work is well
under way) and ``neutral``. Every generated comment starts with :data:`COMMENT_PREFIX`, so it can
never be mistaken for a real answer.
"""

from __future__ import annotations

COMMENT_PREFIX = "[Demo] "
"""Put in front of every synthetic comment."""

TONES: tuple[str, ...] = ("lav", "neutral", "hoej")

COMMENT_BANK: dict[str, dict[str, tuple[str, ...]]] = {
    "regler": {
        "lav": (
            "Det er svært at fjerne regler, når mange af dem er bundet i lovgivningen.",
            "Vi er ikke kommet i mål med at udvikle nye rammer, der kan træde i stedet for reglerne.",
            "Rammerne i forsøget gav ikke den frihed fra regler, som vi havde håbet på.",
            "Mange lokale retningslinjer lever videre i praksis, selvom de formelt er afskaffet.",
            "Koordinationen mellem lovgivningerne er stadig tung for borgere med flere sager.",
        ),
        "neutral": (
            "Arbejdet med regler er en løbende proces, som man aldrig kommer helt i mål med.",
            "Det tager tid at finde ud af, hvilke regler der reelt kan fjernes.",
            "Nogle regler er der gode grunde til, så vi går forsigtigt frem.",
        ),
        "hoej": (
            "Vi har ryddet op i de lokale retningslinjer og bruger tiden bedre på kerneopgaven.",
            "Medarbejderne oplever markant færre bøvlede procedurer end før.",
            "Vi har fjernet mange interne krav, og ingen har savnet dem.",
        ),
    },
    "maal": {
        "lav": (
            "De overordnede formål er formuleret, men de styrer endnu ikke det daglige arbejde.",
            "Der mangler opfølgning på formålene, så de gamle måltal fylder stadig.",
            "Forvaltningen efterspørger fortsat mange detaljerede mål og nøgletal.",
        ),
        "neutral": (
            "Det kræver tid at oversætte overordnede formål til konkret praksis.",
            "Vi leder stadig efter den rette balance mellem formål og opfølgning.",
        ),
        "hoej": (
            "Vi har få og klare formål, som medarbejderne kan genkende i hverdagen.",
            "Formålene bruges aktivt på personalemøder og i dialogen med forvaltningen.",
            "Der er bred opbakning til de nye formål i hele organisationen.",
        ),
    },
    "dok": {
        "lav": (
            "Dokumentationsbyrden er ikke faldet, fordi den politiske efterspørgsel efter "
            "ledelsesinformation er uændret.",
            "Vi dokumenterer stadig meget af hensyn til tilsyn og klagesager.",
            "Det er lykkedes at fjerne enkelte skemaer, men de store systemkrav består.",
            "Dobbeltregistrering mellem systemerne tager fortsat tid fra borgerne.",
        ),
        "neutral": (
            "Mængden er svær at reducere, men dokumentationen hænger bedre sammen med hverdagen.",
            "Vi er i gang med at afprøve mere mundtlige former for tilbagemelding.",
        ),
        "hoej": (
            "Vi har erstattet skriftlige afrapporteringer med dialogmøder med forvaltningen.",
            "Dokumentationen giver nu mening i det daglige arbejde og ikke kun for kontrollens skyld.",
            "Borgerne inddrages i dokumentationen, og det giver værdi for begge parter.",
        ),
    },
    "tillid": {
        "lav": (
            "Kulturforandringen tager tid, og mange venter stadig på lov til at handle selv.",
            "Medarbejderne er ikke blevet inddraget nok i arbejdet med de nye værdier.",
            "Der tales om tillid, men kontrollen fylder stadig i praksis.",
        ),
        "neutral": (
            "Arbejdet med en tillidsbaseret kultur er meget vigtigt for os.",
            "Det er et langt, sejt træk at ændre mindset i hele kommunen.",
        ),
        "hoej": (
            "Medarbejderne træffer i langt højere grad selv faglige beslutninger i hverdagen.",
            "Vi taler meget mere om værdier og formål på tværs af ledelseslagene.",
            "Tilliden mellem forvaltning og institutioner er blevet tydeligt større.",
        ),
    },
    "innov": {
        "lav": (
            "Vi har afprøvet for mange initiativer på én gang og mangler opfølgning.",
            "Der er ikke tid til ordentlige evalueringer ved siden af kerneopgaven.",
            "Nye indsatser bliver sat i gang, men sjældent fulgt systematisk op.",
        ),
        "neutral": (
            "Innovation er en central del af frisættelsen for os.",
            "Vi skal blive bedre til at vælge få indsatser og følge dem til dørs.",
        ),
        "hoej": (
            "Medarbejderne har fået rum til at afprøve nye idéer, og flere er blevet fast praksis.",
            "Vi evaluerer nye lokale indsatser enkelt og bruger resultaterne aktivt.",
            "Forsøgene har givet bedre kvalitet for borgerne på flere områder.",
        ),
    },
}
"""Comments per spor id and tone."""

GENERIC_COMMENTS: dict[str, tuple[str, ...]] = {
    "lav": (
        "Vi er kun lige begyndt på dette arbejde.",
        "Der mangler tid og ressourcer til at komme videre.",
    ),
    "neutral": (
        "Arbejdet er i gang, men det tager tid.",
        "Det er svært at vurdere, hvor langt vi er nået.",
    ),
    "hoej": (
        "Vi er kommet godt i gang og kan se resultater.",
        "Arbejdet er godt forankret i organisationen.",
    ),
}
"""Used for sections of other instruments that have no bank of their own."""


def comments_for(spor: str) -> dict[str, tuple[str, ...]]:
    """The comment bank of a spor (the generic bank for an unknown spor id)."""
    return COMMENT_BANK.get(spor, GENERIC_COMMENTS)
