"""The manual items of the readiness checklist: what the coach answers ja / nee / n.v.t.
with a date. Data (rules.md §3.4 and §2). Pure module."""

from __future__ import annotations

from dataclasses import dataclass

from schoonschip.cases.handover.rules.vocabulary import AANGIFTE_JAREN, ItemKind, Track
from schoonschip.i18n import N_


# -------------------------------------------------------------- manual items
@dataclass(frozen=True, slots=True)
class CatalogueEntry:
    """A manual checklist item the coach answers ja / nee / n.v.t. with a date."""

    code: str
    label: str
    help: str
    kind: ItemKind
    tracks: tuple[Track, ...]
    nvt_allowed: bool


_BOTH = (Track.MINNELIJK, Track.WSNP)
_WSNP = (Track.WSNP,)

_CATALOGUE: tuple[CatalogueEntry, ...] = (
    CatalogueEntry(
        "identiteitsbewijs",
        N_("Identiteitsbewijs"),
        N_("Een geldig paspoort, ID-kaart of verblijfsdocument van de bewoner en van de partner."),
        ItemKind.BLOKKEREND,
        _BOTH,
        False,
    ),
    CatalogueEntry(
        "inkomen_bewoner",
        N_("Bewijs van inkomen van de bewoner"),
        N_("Specificaties van loon of uitkering. Hoeveel hangt af van hoe vaak het geld komt: "
        "per maand 3, per 4 weken 4, per week 13. Bij bijstand is 1 specificatie genoeg."),
        ItemKind.BLOKKEREND,
        _BOTH,
        False,
    ),
    CatalogueEntry(
        "inkomen_partner",
        N_("Bewijs van inkomen van de partner"),
        N_("Dezelfde specificaties als voor de bewoner. Ook als de partner niet meedoet aan de "
        "regeling. Kies n.v.t. als de partner geen inkomen heeft."),
        ItemKind.BLOKKEREND,
        _BOTH,
        True,
    ),
    CatalogueEntry(
        "inkomen_voorzieningen",
        N_("Inkomen op orde en voorzieningen aangevraagd"),
        N_("Het inkomen is minstens het sociaal minimum (de bijstandsnorm). Alles waar de bewoner "
        "recht op heeft is aangevraagd: toeslagen, kwijtschelding van gemeentelijke belastingen "
        "en bijzondere bijstand."),
        ItemKind.BLOKKEREND,
        _BOTH,
        False,
    ),
    CatalogueEntry(
        "schuldenlijst_akkoord",
        N_("Bewoner is akkoord met de schuldenlijst"),
        N_("De bewoner heeft de lijst met schulden gezien en zegt dat die klopt."),
        ItemKind.BLOKKEREND,
        _BOTH,
        False,
    ),
    CatalogueEntry(
        "vaste_lasten_betaald",
        N_("Vaste lasten worden nu betaald"),
        N_("Huur, energie, water en zorgverzekering worden elke maand betaald. Er komen geen "
        "nieuwe achterstanden bij. Dit heet stabilisatie."),
        ItemKind.BLOKKEREND,
        _BOTH,
        False,
    ),
    CatalogueEntry(
        "aanvraag_volmacht",
        N_("Aanvraagformulier en volmacht getekend"),
        N_("De bewoner heeft het aanvraagformulier en de volmacht getekend. Met een volmacht mag "
        "de hulpverlener namens de bewoner met schuldeisers praten."),
        ItemKind.BLOKKEREND,
        _BOTH,
        False,
    ),
    CatalogueEntry(
        "belastingaangiften",
        N_("Belastingaangiften van de laatste %(n)s jaar gedaan", n=AANGIFTE_JAREN),
        N_(
            "De aangiften inkomstenbelasting van de laatste %(n)s jaar zijn gedaan. "
            "Had de bewoner een eigen bedrijf? Dan ook de btw-aangiften.",
            n=AANGIFTE_JAREN,
        ),
        ItemKind.WAARSCHUWING,
        _BOTH,
        True,
    ),
    CatalogueEntry(
        "wsnp_285_verklaring",
        N_("285-verklaring van de gemeente"),
        N_("Een verklaring van de gemeente (in Amsterdam: de Kredietbank) dat een regeling zonder "
        "rechter niet lukt. Die is nodig voor de aanvraag bij de rechter (artikel 285 "
        "Faillissementswet)."),
        ItemKind.BLOKKEREND,
        _WSNP,
        False,
    ),
    CatalogueEntry(
        "goede_trouw_toelichting",
        N_("Uitleg bij een fraudeschuld van de laatste 3 jaar"),
        N_("Is er een fraudeschuld uit de laatste 3 jaar? Schrijf dan op hoe de bewoner de oorzaak "
        "nu onder controle heeft. De rechter kan de bewoner dan toch toelaten "
        "(hardheidsclausule, artikel 288 lid 3 Faillissementswet)."),
        ItemKind.BLOKKEREND,
        _WSNP,
        False,
    ),
)
_CATALOGUE_BY_CODE = {e.code: e for e in _CATALOGUE}


def item_catalogue(track: Track | None = None) -> list[CatalogueEntry]:
    """Every manual item (code, label, help), for the answer form; optionally per track."""
    return [e for e in _CATALOGUE if track is None or track in e.tracks]
