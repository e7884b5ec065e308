"""Albanian draft of the portal pages: needs review by a native speaker."""

# Prose: lines stay whole so translators can compare them.
# ruff: noqa: E501
from __future__ import annotations

PAGES: dict[str, tuple[str, str, str]] = {
    "warning-signs": (
        "Shenjat paralajmëruese: oferta që mund t'ju kurthojnë",
        "Disa oferta pune, udhëtimi ose ndihme janë kurthe. Mësoni shenjat.",
        """Trafikantët shpesh fillojnë me një ofertë miqësore. Ata mund të jenë të panjohur, kontrabandistë, ose njerëz që i njihni dhe u besoni.

## Kini kujdes nëse dikush
- ju ofron një punë jashtë vendit me pagë shumë të lartë për punë të lehtë
- nuk ju jep një kontratë me shkrim në një gjuhë që e kuptoni
- ju kërkon të paguani shuma të mëdha për udhëtimin, dokumentet ose punën
- dëshiron të mbajë pasaportën ose letërnjoftimin tuaj
- ju thotë të mos flisni me policinë, mjekët ose punonjësit e ndihmës
- thotë se duhet të punoni për të shlyer një borxh për udhëtimin

## Para se të pranoni një ofertë
- Pyesni për emrin dhe adresën e punëdhënësit dhe verifikojini.
- I tregoni dikujt që i besoni ku po shkoni dhe si t'ju gjejë.
- Mbani një kopje të dokumenteve dhe të numrave të rëndësishëm të telefonit.

Nëse diçka nuk ju duket në rregull, mund të thoni jo. Mund të kërkoni fillimisht këshillë në një linjë ndihme.""",
    ),
    "debts-and-documents": (
        "Borxhet dhe dokumentet tuaja",
        "Askush nuk mund t'ju marrë dokumentet ose t'ju detyrojë të punoni për të shlyer një borxh.",
        """Pasaporta dhe dokumentet e identitetit janë tuajat. Një punëdhënës, kontrabandist ose qiradhënës nuk ka të drejtë t'i mbajë.

Disa njerëzve u thuhet se kanë borxh për udhëtimin, ushqimin ose një shtrat, dhe se duhet të punojnë derisa ta shlyejnë. Borxhi rritet vazhdimisht dhe ata nuk mund të largohen. Kjo quhet skllavëri për borxh. Është krim dhe nuk është faji juaj.

## Shenja se dikush ju kontrollon
- Nuk mund të largoheni nga puna ose nga vendi ku flini.
- Paga ju mbahet, ose është shumë më e ulët se sa ju premtuan.
- Ju ose familja juaj kërcënoheni.
- Detyroheni të bëni gjëra për të cilat nuk ishit dakord, si punë seksuale ose krime.

Nëse kjo po ju ndodh juve ose dikujt që njihni, mund të merrni ndihmë, edhe pa dokumente. Telefononi linjën kundër trafikimit ose numrin e urgjencës.""",
    ),
    "your-rights": (
        "Të drejtat tuaja",
        "Keni të drejta, pavarësisht kombësisë ose dokumenteve.",
        """Çdo njeri ka të drejta njerëzore, pavarësisht kombësisë, statusit ligjor ose dokumenteve.

- Keni të drejtë të jeni të sigurt nga dhuna, kërcënimet dhe puna e detyruar.
- Keni të drejtë për kujdes shëndetësor urgjent.
- Mund të kërkoni azil nëse keni frikë për jetën në vendin tuaj.
- Kur policia ose zyrtarët ju pyesin, mund të kërkoni një përkthyes.
- Fëmijët nën 18 vjeç kanë të drejtë për mbrojtje të veçantë dhe për një kujdestar.
- Nëse jeni viktimë e trafikimit, keni të drejtë për ndihmë, për një vend të sigurt ku të qëndroni, dhe për kohë për t'u rimëkëmbur dhe për të vendosur. Nuk duhet të dënoheni për krime që u detyruat t'i kryenit.

Shumë nga shërbimet në këtë faqe mund t'ju ndihmojnë pa dokumente. Ato e mbajnë konfidenciale atë që u tregoni.""",
    ),
    "get-help": (
        "Si të merrni ndihmë",
        "Kë të telefononi dhe çfarë ndodh kur kërkoni ndihmë.",
        """Nëse jeni në rrezik tani, telefononi numrin e urgjencës së vendit ku ndodheni.

## Linjat kundër trafikimit
Një linjë ndihme mund t'ju këshillojë, t'ju ndihmojë të gjeni një vend të sigurt ku të qëndroni dhe të gjejë një përkthyes. Nuk keni nevojë të jepni emrin për të bërë një pyetje.

## Çfarë ndodh kur kërkoni ndihmë
- Dikush ju dëgjon, në gjuhën tuaj ose me përkthyes.
- Ju vendosni se çfarë doni të bëni. Mund të merrni kohë për të menduar.
- Mund të merrni kujdes shëndetësor, një vend të sigurt për të qëndruar dhe këshillë ligjore.
- Nëse doni të ktheheni në shtëpi, ka ndihmë për t'u kthyer të sigurt.

## Ndihmë për fëmijët
Nëse jeni nën 18 vjeç dhe udhëtoni vetëm, tregojini një punonjësi ndihme ose policisë. Fëmijët kanë të drejtë për mbrojtje dhe për një kujdestar.

Përdorni «Gjeni ndihmë» për të parë shërbimet pranë jush dhe gjuhët që fliten aty.""",
    ),
}
