"""The default texts of the four letters: version 1 of each template, used from the code until
a beheerder first edits one (then it is stored with the edit, :func:`schoonschip.cases.letters.service.save_template`). A beheerder edits
them from there; these texts are never changed in place (a new default would only reach a new
installation). Plain data: Jinja text with the fields of :data:`.rules.FIELDS`."""

from __future__ import annotations

from schoonschip.cases.letters.rules import LetterKind

SUBJECTS: dict[LetterKind, str] = {
    LetterKind.SALDO_OPGAVE: "Verzoek om een saldo-opgave",
    LetterKind.PAUZEKNOP: "Verzoek om de incasso stil te zetten (pauzeknop)",
    LetterKind.BEZWAAR_INCASSOKOSTEN: "Bezwaar tegen de incassokosten",
    LetterKind.AANBOD: "Betaalvoorstel",
}

DEFAULT_TEXTS: dict[LetterKind, str] = {
    LetterKind.SALDO_OPGAVE: """Geachte heer, mevrouw,

{{ bewoner_naam }} krijgt hulp bij het op orde brengen van de financiën van {{ organisatie }}. Wij maken een overzicht van alle schulden. Daarom vragen wij u om een saldo-opgave van de vordering met kenmerk {{ kenmerk }}{% if incassant %}, die nu wordt geïnd door {{ incassant }}{% endif %}.

Bij ons is een bedrag van {{ bedrag_totaal }} bekend.

Wilt u ons een overzicht sturen met:
- de hoofdsom;
- de rente;
- de incassokosten en andere kosten;
- wat er al is betaald;
- of er beslag is gelegd of een vonnis is.

Wij ontvangen uw antwoord graag vóór {{ antwoord_voor }}, op het adres van {{ bewoner_naam }} hierboven.

Met vriendelijke groet,""",
    LetterKind.PAUZEKNOP: """Geachte heer, mevrouw,

{{ bewoner_naam }} krijgt hulp van {{ organisatie }} om alle schulden op een rij te zetten en een oplossing te zoeken. Het gaat ook om uw vordering met kenmerk {{ kenmerk }}.

Wij vragen u om de incasso voor deze vordering stil te zetten zolang wij de schulden in kaart brengen (stabilisatie, de "pauzeknop" volgens de werkwijze van de NVVK). Wilt u in die tijd geen nieuwe kosten of rente berekenen, geen beslag leggen en de vordering niet doorsturen naar een incassobureau of deurwaarder?

Zodra het overzicht klaar is, hoort u van ons. Het bedrag dat bij ons bekend is: {{ bedrag_totaal }}.

Wij ontvangen uw bevestiging graag vóór {{ antwoord_voor }}, op het adres van {{ bewoner_naam }} hierboven.

Met vriendelijke groet,""",
    LetterKind.BEZWAAR_INCASSOKOSTEN: """Geachte heer, mevrouw,

Namens {{ bewoner_naam }} maken wij bezwaar tegen de incassokosten op de vordering met kenmerk {{ kenmerk }}.

U rekent {{ incassokosten }} aan incassokosten. Volgens het Besluit vergoeding voor buitengerechtelijke incassokosten mag dat bij een hoofdsom van {{ hoofdsom }} hoogstens {{ incassokosten_max }} zijn. Dat is {{ incassokosten_teveel }} te veel.

Wij vragen u de incassokosten te verlagen naar het wettelijk maximum en ons een nieuw overzicht van de vordering te sturen.

Wij ontvangen uw antwoord graag vóór {{ antwoord_voor }}, op het adres van {{ bewoner_naam }} hierboven.

Met vriendelijke groet,""",
    LetterKind.AANBOD: """Geachte heer, mevrouw,

{{ bewoner_naam }} wil de schulden oplossen. Met hulp van {{ organisatie }} hebben wij berekend hoeveel er elke maand betaald kan worden. Dat bedrag wordt eerlijk verdeeld over alle schuldeisers, naar de hoogte van hun vordering.

Voor uw vordering met kenmerk {{ kenmerk }} (bij ons bekend: {{ bedrag_totaal }}) bieden wij aan:

Per maand: {{ aanbod_per_maand }}, {{ looptijd_maanden }} maanden lang. Samen is dat {{ aanbod_totaal }}: {{ aanbod_percentage }} van de vordering.

Wij vragen u dit aanbod te aanvaarden als finale kwijting: na de laatste betaling is de rest van de schuld kwijtgescholden.

Wij ontvangen uw antwoord graag vóór {{ antwoord_voor }}, op het adres van {{ bewoner_naam }} hierboven.

Met vriendelijke groet,""",
}
