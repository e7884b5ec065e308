"""Bosnian draft of the portal pages: needs review by a native speaker."""

# Prose: lines stay whole so translators can compare them.
# ruff: noqa: E501
from __future__ import annotations

PAGES: dict[str, tuple[str, str, str]] = {
    "warning-signs": (
        "Znakovi upozorenja: ponude koje vas mogu zarobiti",
        "Neke ponude posla, putovanja ili pomoći su zamke. Naučite znakove.",
        """Trgovci ljudima često počinju prijateljskom ponudom. To mogu biti stranci, krijumčari ili ljudi koje poznajete i kojima vjerujete.

## Budite oprezni ako vam neko
- nudi posao u inostranstvu s vrlo visokom platom za lak posao
- neće dati pisani ugovor na jeziku koji razumijete
- traži da platite velike iznose za put, papire ili posao
- želi zadržati vaš pasoš ili ličnu kartu
- kaže da ne razgovarate s policijom, ljekarima ili humanitarnim radnicima
- kaže da morate raditi da otplatite dug za putovanje

## Prije nego što prihvatite ponudu
- Pitajte za ime i adresu poslodavca i provjerite ih.
- Recite nekome kome vjerujete kuda idete i kako vas može dobiti.
- Čuvajte kopiju svojih dokumenata i važnih brojeva telefona.

Ako vam nešto ne izgleda u redu, možete reći ne. Prvo možete tražiti savjet od linije za pomoć.""",
    ),
    "debts-and-documents": (
        "Dugovi i vaši dokumenti",
        "Niko ne smije uzeti vaše dokumente niti vas prisiliti da radite kako biste otplatili dug.",
        """Vaš pasoš i lični dokumenti pripadaju vama. Poslodavac, krijumčar ili stanodavac nema pravo da ih zadrži.

Nekim ljudima kažu da duguju novac za put, hranu ili krevet, i da moraju raditi dok ne otplate dug. Dug stalno raste i oni ne mogu otići. To se zove dužničko ropstvo. To je krivično djelo, i nije vaša krivica.

## Znakovi da vas neko kontroliše
- Ne možete napustiti posao ili mjesto gdje spavate.
- Zadržavaju vam platu, ili je mnogo manja nego što je obećano.
- Vama ili vašoj porodici prijete.
- Prisiljavaju vas na stvari na koje niste pristali, kao što su seksualni rad ili kriminal.

Ako se to dešava vama ili nekome koga poznajete, možete dobiti pomoć, čak i bez dokumenata. Pozovite liniju protiv trgovine ljudima ili broj za hitne slučajeve.""",
    ),
    "your-rights": (
        "Vaša prava",
        "Imate prava, bez obzira na državljanstvo ili papire.",
        """Svako ima ljudska prava, bez obzira na državljanstvo, pravni status ili papire.

- Imate pravo da budete sigurni od nasilja, prijetnji i prisilnog rada.
- Imate pravo na hitnu zdravstvenu zaštitu.
- Možete tražiti azil ako se bojite za svoju sigurnost u svojoj zemlji.
- Kada vas policija ili službenici ispituju, možete tražiti prevodioca.
- Djeca mlađa od 18 godina imaju pravo na posebnu zaštitu i staratelja.
- Ako ste žrtva trgovine ljudima, imate pravo na pomoć, sigurno mjesto za boravak i vrijeme da se oporavite i odlučite šta ćete. Ne biste trebali biti kažnjeni za djela na koja ste bili prisiljeni.

Mnoge službe na ovoj stranici vam mogu pomoći i bez dokumenata. Ono što im kažete čuvaju kao povjerljivo.""",
    ),
    "get-help": (
        "Kako dobiti pomoć",
        "Koga pozvati i šta se dešava kada tražite pomoć.",
        """Ako ste sada u opasnosti, pozovite broj za hitne slučajeve zemlje u kojoj se nalazite.

## Linije protiv trgovine ljudima
Linija za pomoć vam može dati savjet, pomoći da nađete sigurno mjesto za boravak i naći prevodioca. Ne morate reći svoje ime da biste postavili pitanje.

## Šta se dešava kada tražite pomoć
- Neko vas sluša, na vašem jeziku ili uz prevodioca.
- Vi odlučujete šta želite. Možete uzeti vremena da razmislite.
- Možete dobiti zdravstvenu zaštitu, sigurno mjesto za boravak i pravni savjet.
- Ako želite da se vratite kući, postoji pomoć za siguran povratak.

## Pomoć za djecu
Ako imate manje od 18 godina i putujete sami, recite humanitarnom radniku ili policiji. Djeca imaju pravo na zaštitu i staratelja.

Koristite «Nađite pomoć» da vidite službe u blizini i jezike koji se tamo govore.""",
    ),
}
