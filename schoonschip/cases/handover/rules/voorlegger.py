"""The voorlegger: the documents the receiving organisation wants (rules.md §3.1), the
coach's answer per document and the counts. Pure module."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from schoonschip.i18n import N_, LabelledEnum


# --------------------------------------------------------------------- voorlegger
class DocumentStatus(LabelledEnum):
    ONTVANGEN = "ontvangen", N_("Ontvangen")
    ONTBREEKT = "ontbreekt", N_("Ontbreekt")
    NVT = "nvt", N_("Niet van toepassing")


DOCUMENT_STATUS_LABELS_NL: Mapping[DocumentStatus, str] = DocumentStatus.labels()

@dataclass(frozen=True, slots=True)
class DocumentAnswer:
    """The coach's answer for one document. ``reason``: why it does not apply (n.v.t.);
    required for n.v.t. on a document the receiving organisation requires."""

    status: DocumentStatus
    on: date | None = None
    reason: str | None = None


@dataclass(frozen=True, slots=True)
class VoorleggerItem:
    """A document of the voorlegger (rules.md §3.1).

    ``commonly_requested`` marks documents that are not in the Amsterdam voorlegger but
    are commonly asked for at an intake (rules.md §3.1, last paragraph, [K]).
    """

    code: str
    label: str
    help: str
    default_applicable: bool
    commonly_requested: bool = False


# DATA: every row of rules.md §3.1 (Amsterdam/schulddossier voorlegger, MPL-2.0), help
# texts rewritten in Dutch B1; plus bank statements as commonly requested.
VOORLEGGER_ITEMS: tuple[VoorleggerItem, ...] = (
    VoorleggerItem("legitimatie", N_("Legitimatie"), N_("Identiteitsbewijs van de bewoner en van de partner."), True),
    VoorleggerItem(
        "vtlb", N_("VTLB-berekening en bedrag"),
        N_("Het VTLB is het bedrag dat de bewoner elke maand mag houden tijdens een schuldregeling. "
        "Gemaakt met het actuele Vtlb-rapport en de Vtlb-calculator van Bureau Wsnp."), True,
    ),
    VoorleggerItem(
        "inkomstenspecificatie", N_("Inkomstenspecificaties"),
        N_("Loon per maand: de laatste 3 maanden. Per 4 weken: de laatste 4 periodes. Per week: de laatste "
        "13 weken. Bijstand (Participatiewet): 1 specificatie. Ook van de partner, ook als die niet "
        "meedoet. Noteer de dag waarop het geld komt. Het inkomen is minstens het sociaal minimum. "
        "Toeslagen en andere regelingen zijn aangevraagd."), True,
    ),
    VoorleggerItem(
        "arbeidsovereenkomst", N_("Arbeidsovereenkomst"),
        N_("Het laatste contract van bewoner en partner: werkgever, einddatum en soort contract. Stopt het "
        "contract binnen 3 maanden? Vraag naar verlenging. Binnen 6 weken? Vraag de werkgever om een "
        "intentieverklaring."), False,
    ),
    VoorleggerItem(
        "beschikkingen", N_("Beschikkingen uitkering"),
        N_("Van UWV (WW, ZW, WIA, WGA, IVA, WAO, Wajong), de gemeente (Participatiewet, IOAW) of de SVB "
        "(AOW, Anw)."), False,
    ),
    VoorleggerItem(
        "voorlopige_teruggaaf", N_("Voorlopige teruggaaf Belastingdienst"), N_("Van dit kalenderjaar."), False,
    ),
    VoorleggerItem(
        "alimentatie", N_("Alimentatie"),
        N_("Krijgt de bewoner alimentatie: de beschikking. Betaalt de bewoner alimentatie: de beschikking en "
        "de reden waarom niet is gevraagd om de alimentatie op nul te zetten (nihilstelling)."), False,
    ),
    VoorleggerItem(
        "kostgeld", N_("Kostgeld"),
        N_("De afspraak over kostgeld. Huurt de bewoner een kamer? Dan het kostgeld apart voor huur, energie "
        "en eten."), False,
    ),
    VoorleggerItem(
        "toeslagenbeschikkingen", N_("Toeslagenbeschikkingen"),
        N_("Huurtoeslag, zorgtoeslag, kinderopvangtoeslag en kindgebonden budget: de laatste van dit jaar."),
        True,
    ),
    VoorleggerItem("huurspecificatie", N_("Huurspecificatie"), N_("De laatste, met servicekosten."), True),
    VoorleggerItem(
        "polisblad_zorgverzekering", N_("Polisblad zorgverzekering"),
        N_("In december ook het polisblad van volgend jaar."), True,
    ),
    VoorleggerItem("kinderopvang", N_("Kinderopvang"), N_("Plaatsingsovereenkomst en de laatste factuur."), False),
    VoorleggerItem(
        "kwijtschelding", N_("Kwijtschelding gemeentelijke belastingen"),
        N_("Heeft de bewoner kwijtschelding gekregen? Ja, nee of niet van toepassing."), True,
    ),
    VoorleggerItem(
        "auto", N_("Auto"),
        N_("Kenteken en waarde (maximaal € 3.350). Is de auto nodig voor werk of om medische redenen? "
        "Kilometers van huis naar werk. Leaseauto: stoppen met privégebruik of een verklaring geen "
        "privégebruik. Net verkocht: vrijwaringsbewijs of uitdraai van de RDW."), False,
    ),
    VoorleggerItem(
        "schuldenoverzicht", N_("Schuldenoverzicht"),
        N_("Gemaakt uit de schuldenlijst. De bewoner moet akkoord zijn."), True,
    ),
    VoorleggerItem("vorderingen", N_("Vorderingen"), N_("De brieven van de schuldeisers."), True),
    VoorleggerItem(
        "bkr_inzage", N_("BKR-inzage"),
        N_("Gewaarmerkt of een volledige uitdraai van internet, niet ouder dan 6 maanden. Het hele document, "
        "geen schermafbeeldingen. Afgeloste leningen met einddatum."), True,
    ),
    VoorleggerItem(
        "stabilisatieovereenkomst_zorg", N_("Stabilisatieovereenkomst zorgverzekering"),
        N_("Afspraak met de zorgverzekeraar dat de premie betaald blijft. Zonder datum."), False,
    ),
    VoorleggerItem("cjib_overzicht", N_("CJIB-overzicht"), N_("Alle boetes die nog open staan."), False),
    VoorleggerItem(
        "meterstanden", N_("Meterstanden energie, warmte en drinkwater"),
        N_("Niet ouder dan 1 maand. Getypt: een foto alleen is niet genoeg. Noteer of er een slimme meter is. "
        "Leverancier en klantnummer alleen bij een achterstand bij de huidige leverancier. Waternet: oud "
        "én nieuw adres als er op allebei schulden zijn."), True,
    ),
    VoorleggerItem("retourbewijs_modem", N_("Retourbewijs modem"), N_("Bewijs dat het modem is teruggestuurd."), False),
    VoorleggerItem(
        "toelichting_bewoner", N_("Toelichting aanvraag door de bewoner"),
        N_("Mag, hoeft niet. Geen medische details. Geef schuldeisers niet de schuld. Leg fraudeschulden apart "
        "uit."), False,
    ),
    VoorleggerItem(
        "toelichting_schuldhulpverlener", N_("Toelichting aanvraag door de schuldhulpverlener"),
        N_("Verplicht. Hoe zijn de schulden ontstaan? Wat doet de bewoner nu om ze op te lossen? Ook: "
        "leefsituatie, hoe stabiel het is, wat er al gedaan is en de toekomst. Besproken met de bewoner, "
        "goedgekeurd, getekend en met datum."), True,
    ),
    VoorleggerItem(
        "bewind_budgetbeheer", N_("Beschikking onderbewindstelling of budgetbeheer"),
        N_("Welke organisatie, bijvoorbeeld FIBU."), False,
    ),
    VoorleggerItem(
        "vermogen", N_("Gereserveerde gelden en vermogen"),
        N_("Spaargeld en geld op de rekeningen. Zie de NVVK-notitie over banksaldi (februari 2025)."), True,
    ),
    VoorleggerItem(
        "aangifte_belastingdienst", N_("Aangifte Belastingdienst"),
        N_("De aangiften van de laatste 5 jaar zijn gedaan. Vroeger een eigen bedrijf: hoe het staat bij de "
        "KvK en de Belastingdienst."), True,
    ),
    VoorleggerItem(
        "aanvraag_volmacht", N_("Ondertekend aanvraagformulier en volmacht"),
        N_("Getekend door de bewoner. Kies één product."), True,
    ),
    VoorleggerItem(
        "bankafschriften", N_("Bankafschriften laatste 3 maanden"),
        N_("Van alle rekeningen. Wordt vaak gevraagd bij een intake, staat niet in de Amsterdamse lijst."),
        True, commonly_requested=True,
    ),
)
_VOORLEGGER_BY_CODE = {v.code: v for v in VOORLEGGER_ITEMS}


@dataclass(frozen=True, slots=True)
class VoorleggerLine:
    item: VoorleggerItem
    required: bool
    status: DocumentStatus
    on: date | None
    reason: str | None = None

    @property
    def missing(self) -> bool:
        """A required document that is not there: missing, or n.v.t. without a reason.
        N.v.t. never counts as received."""
        if not self.required:
            return False
        return self.status is DocumentStatus.ONTBREEKT or (
            self.status is DocumentStatus.NVT and not (self.reason or "").strip()
        )

    @property
    def nvt_with_reason(self) -> bool:
        return self.status is DocumentStatus.NVT and bool((self.reason or "").strip())


@dataclass(frozen=True, slots=True)
class VoorleggerSummary:
    ontvangen: int
    ontbreekt: int
    nvt: int
    required_missing: int
    required_nvt: int = 0  # required documents set to n.v.t. with a reason (the coordinator checks)

    @property
    def complete(self) -> bool:
        return self.required_missing == 0


def voorlegger_status(
    config_item_codes: Iterable[str] | None,
    answers: Mapping[str, DocumentAnswer | DocumentStatus],
) -> list[VoorleggerLine]:
    """One line per voorlegger document (rules.md §3.1).

    ``config_item_codes`` are the documents the receiving organisation requires (set by a
    beheerder); ``None`` means every item that is applicable by default. A required
    document without an answer *ontbreekt*; a document that is not required and not
    answered is *n.v.t.*
    """
    if config_item_codes is None:
        required = {v.code for v in VOORLEGGER_ITEMS if v.default_applicable}
    else:
        required = set(config_item_codes)
    unknown = (required | set(answers)) - set(_VOORLEGGER_BY_CODE)
    if unknown:
        raise ValueError(f"unknown voorlegger codes: {sorted(unknown)}")
    lines = []
    for v in VOORLEGGER_ITEMS:
        raw = answers.get(v.code)
        answer = DocumentAnswer(raw) if isinstance(raw, DocumentStatus) else raw
        is_required = v.code in required
        if answer is None:
            status = DocumentStatus.ONTBREEKT if is_required else DocumentStatus.NVT
            lines.append(VoorleggerLine(v, is_required, status, None))
        else:
            lines.append(VoorleggerLine(v, is_required, answer.status, answer.on, answer.reason))
    return lines


def voorlegger_summary(lines: Iterable[VoorleggerLine]) -> VoorleggerSummary:
    """Counts per status, and how many required documents are still missing."""
    lines = list(lines)
    count = Counter(line.status for line in lines)
    return VoorleggerSummary(
        ontvangen=count[DocumentStatus.ONTVANGEN],
        ontbreekt=count[DocumentStatus.ONTBREEKT],
        nvt=count[DocumentStatus.NVT],
        required_missing=sum(1 for line in lines if line.missing),
        required_nvt=sum(1 for line in lines if line.required and line.nvt_with_reason),
    )
