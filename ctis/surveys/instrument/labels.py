"""Labels of the flow-monitoring instrument in every language it is published in.

English is the source. The other languages are DRAFT translations written by the ctis team and
must be reviewed by a native speaker before use in the field (the form's settings sheet and
README say so too). Country names come from the CLDR data that Babel ships.

Each entry is a tuple in the order of :data:`LANGUAGES`. No Django import.
"""

from __future__ import annotations

from ctis.surveys.instrument.choice_labels import CHOICES
from ctis.surveys.instrument.languages import LANGUAGE_CODES, LANGUAGES, L

__all__ = [
    "CHOICES",
    "COUNTRY_PREFIX",
    "FAMILY_PREFIX",
    "GROUPS",
    "ITEM_QUESTIONS",
    "ITEM_SHORT",
    "LANGUAGES",
    "LANGUAGE_CODES",
    "NOTES",
    "QUESTIONS",
]

# --- Notes and groups ---------------------------------------------------------------------
NOTES: dict[str, L] = {
    "intro": (
        "Introduce yourself and the survey. The interview is anonymous: do not ask for or write "
        "down any name, phone number or document number. Taking part is voluntary; the person "
        "may skip any question or stop at any time. Continue only if the person agrees.",
        "عرّف بنفسك وبالاستبيان. المقابلة مجهولة الهوية: لا تسأل عن أي اسم أو رقم هاتف أو رقم "
        "وثيقة ولا تكتبه. المشاركة طوعية؛ يمكن للشخص تخطي أي سؤال أو التوقف في أي وقت. تابع فقط "
        "إذا وافق الشخص.",
        "خود و سروی را معرفی کنید. مصاحبه بی‌نام است: هیچ نام، شماره تلفن یا شماره سند را نپرسید "
        "و ننویسید. اشتراک داوطلبانه است؛ شخص می‌تواند از هر سوال بگذرد یا هر وقت بخواهد توقف "
        "کند. تنها در صورت موافقت شخص ادامه دهید.",
        "خپل ځان او سروې معرفي کړئ. مرکه بې نومه ده: هیڅ نوم، د تلیفون شمېره یا د سند شمېره مه "
        "پوښتئ او مه یې لیکئ. ګډون داوطلبانه دی؛ کس کولی شي هره پوښتنه پرېږدي یا هر وخت ودریږي. "
        "یوازې هغه وخت دوام ورکړئ چې کس موافق وي.",
        "اپنا اور سروے کا تعارف کرائیں۔ انٹرویو گمنام ہے: کوئی نام، فون نمبر یا دستاویز نمبر نہ "
        "پوچھیں اور نہ لکھیں۔ شرکت رضاکارانہ ہے؛ وہ شخص کوئی بھی سوال چھوڑ سکتا ہے یا کسی بھی وقت "
        "رک سکتا ہے۔ صرف اسی صورت میں جاری رکھیں جب وہ شخص رضامند ہو۔",
        "خود و پیمایش را معرفی کنید. مصاحبه بی‌نام است: هیچ نام، شماره تلفن یا شماره مدرکی را "
        "نپرسید و ننویسید. شرکت داوطلبانه است؛ فرد می‌تواند از هر پرسشی بگذرد یا هر زمان متوقف "
        "شود. فقط در صورت موافقت فرد ادامه دهید.",
        "Présentez-vous et présentez l'enquête. L'entretien est anonyme : ne demandez et "
        "n'écrivez aucun nom, numéro de téléphone ou numéro de document. La participation est "
        "volontaire ; la personne peut sauter une question ou arrêter à tout moment. Ne "
        "continuez que si la personne est d'accord.",
        "Prezantoni veten dhe anketën. Intervista është anonime: mos pyesni dhe mos shkruani "
        "asnjë emër, numër telefoni ose numër dokumenti. Pjesëmarrja është vullnetare; personi "
        "mund të kapërcejë çdo pyetje ose të ndalet në çdo kohë. Vazhdoni vetëm nëse personi "
        "pajtohet.",
        "Predstavite sebe i anketu. Intervju je anoniman: ne pitajte i ne zapisujte nikakvo ime, "
        "broj telefona ili broj dokumenta. Učešće je dobrovoljno; osoba može preskočiti bilo "
        "koje pitanje ili prekinuti u bilo kom trenutku. Nastavite samo ako osoba pristaje.",
        "Predstavite sebe i anketu. Intervju je anoniman: ne pitajte i ne zapisujte nikakvo ime, "
        "broj telefona ili broj dokumenta. Učešće je dobrovoljno; osoba može preskočiti bilo "
        "koje pitanje ili prekinuti u bilo kojem trenutku. Nastavite samo ako osoba pristaje.",
        "Претставете се себеси и анкетата. Интервјуто е анонимно: не прашувајте и не "
        "запишувајте никакво име, телефонски број или број на документ. Учеството е "
        "доброволно; лицето може да прескокне кое било прашање или да запре во секое време. "
        "Продолжете само ако лицето се согласува.",
    ),
    "trafficking_intro": (
        "The next questions are about things that may have happened during the journey. If the "
        "person needs protection or help, refer them on the spot after the interview.",
        "الأسئلة التالية عن أمور ربما حدثت أثناء الرحلة. إذا احتاج الشخص إلى حماية أو مساعدة، "
        "قم بإحالته فوراً بعد المقابلة.",
        "سوالات بعدی درباره چیزهایی است که شاید در جریان سفر رخ داده باشد. اگر شخص به حمایت یا "
        "کمک نیاز دارد، پس از مصاحبه فوراً او را راجع کنید.",
        "راتلونکې پوښتنې د هغو پېښو په اړه دي چې ښايي د سفر پر مهال شوې وي. که کس ساتنې یا مرستې "
        "ته اړتیا لري، له مرکې وروسته سمدستي یې راجع کړئ.",
        "اگلے سوالات ان باتوں کے بارے میں ہیں جو سفر کے دوران پیش آئی ہوں۔ اگر اس شخص کو تحفظ "
        "یا مدد کی ضرورت ہو تو انٹرویو کے بعد فوراً اسے ریفر کریں۔",
        "پرسش‌های بعدی درباره اتفاقاتی است که ممکن است در طول سفر رخ داده باشد. اگر فرد به "
        "حمایت یا کمک نیاز دارد، پس از مصاحبه بی‌درنگ او را ارجاع دهید.",
        "Les questions suivantes portent sur ce qui a pu se passer pendant le voyage. Si la "
        "personne a besoin de protection ou d'aide, orientez-la sur place après l'entretien.",
        "Pyetjet e mëposhtme kanë të bëjnë me gjëra që mund të kenë ndodhur gjatë udhëtimit. "
        "Nëse personi ka nevojë për mbrojtje ose ndihmë, referojeni menjëherë pas intervistës.",
        "Sledeća pitanja odnose se na ono što se moglo dogoditi tokom putovanja. Ako osobi "
        "treba zaštita ili pomoć, uputite je odmah nakon intervjua.",
        "Sljedeća pitanja odnose se na ono što se moglo dogoditi tokom putovanja. Ako osobi "
        "treba zaštita ili pomoć, uputite je odmah nakon intervjua.",
        "Следните прашања се однесуваат на она што можеби се случило за време на патувањето. "
        "Ако на лицето му треба заштита или помош, упатете го веднаш по интервјуто.",
    ),
    "family_intro": (
        "Now about family members travelling with you.",
        "الآن عن أفراد الأسرة المسافرين معك.",
        "حالا درباره اعضای فامیل که با شما سفر می‌کنند.",
        "اوس د هغو کورنۍ غړو په اړه چې له تاسو سره سفر کوي.",
        "اب آپ کے ساتھ سفر کرنے والے خاندان کے افراد کے بارے میں۔",
        "اکنون درباره اعضای خانواده که همراه شما سفر می‌کنند.",
        "Maintenant, à propos des membres de votre famille qui voyagent avec vous.",
        "Tani për anëtarët e familjes që udhëtojnë me ju.",
        "Sada o članovima porodice koji putuju sa vama.",
        "Sada o članovima porodice koji putuju s vama.",
        "Сега за членовите на семејството кои патуваат со вас.",
    ),
}

GROUPS: dict[str, L] = {
    "interview": (
        "Interview",
        "المقابلة",
        "مصاحبه",
        "مرکه",
        "انٹرویو",
        "مصاحبه",
        "Entretien",
        "Intervista",
        "Intervju",
        "Intervju",
        "Интервју",
    ),
    "profile": (
        "Profile and journey",
        "الملف الشخصي والرحلة",
        "مشخصات و سفر",
        "پېژندنه او سفر",
        "تعارف اور سفر",
        "مشخصات و سفر",
        "Profil et voyage",
        "Profili dhe udhëtimi",
        "Profil i putovanje",
        "Profil i putovanje",
        "Профил и патување",
    ),
    "trafficking": (
        "Trafficking and exploitation",
        "الاتجار والاستغلال",
        "قاچاق و بهره‌کشی",
        "قاچاق او استثمار",
        "اسمگلنگ اور استحصال",
        "قاچاق و بهره‌کشی",
        "Traite et exploitation",
        "Trafikimi dhe shfrytëzimi",
        "Trgovina ljudima i eksploatacija",
        "Trgovina ljudima i eksploatacija",
        "Трговија со луѓе и експлоатација",
    ),
    "family": (
        "Family members travelling with you",
        "أفراد الأسرة المسافرون معك",
        "اعضای فامیل همسفر شما",
        "ستاسو همسفره د کورنۍ غړي",
        "آپ کے ساتھ سفر کرنے والے خاندان کے افراد",
        "اعضای خانواده همسفر شما",
        "Membres de la famille qui voyagent avec vous",
        "Anëtarët e familjes që udhëtojnë me ju",
        "Članovi porodice koji putuju sa vama",
        "Članovi porodice koji putuju s vama",
        "Членови на семејството кои патуваат со вас",
    ),
}

# --- Questions ----------------------------------------------------------------------------
QUESTIONS: dict[str, L] = {
    "survey_date": (
        "Date of interview",
        "تاريخ المقابلة",
        "تاریخ مصاحبه",
        "د مرکې نېټه",
        "انٹرویو کی تاریخ",
        "تاریخ مصاحبه",
        "Date de l'entretien",
        "Data e intervistës",
        "Datum intervjua",
        "Datum intervjua",
        "Датум на интервјуто",
    ),
    "country_of_interview": (
        "Country of interview",
        "بلد المقابلة",
        "کشور مصاحبه",
        "د مرکې هېواد",
        "انٹرویو کا ملک",
        "کشور محل مصاحبه",
        "Pays de l'entretien",
        "Vendi i intervistës",
        "Zemlja intervjua",
        "Država intervjua",
        "Земја на интервјуто",
    ),
    "location": (
        "Flow-monitoring point",
        "نقطة رصد التدفق",
        "نقطه نظارت جریان",
        "د جریان د څارنې ځای",
        "فلو مانیٹرنگ پوائنٹ",
        "نقطه پایش جریان",
        "Point de suivi des flux",
        "Pika e monitorimit të flukseve",
        "Tačka praćenja tokova",
        "Tačka praćenja tokova",
        "Точка за следење на текови",
    ),
    "enumerator_id": (
        "Enumerator code",
        "رمز الباحث الميداني",
        "کد مصاحبه‌گر",
        "د مرکه کوونکي کوډ",
        "شمار کنندہ کا کوڈ",
        "کد پرسشگر",
        "Code de l'enquêteur",
        "Kodi i anketuesit",
        "Šifra anketara",
        "Šifra anketara",
        "Шифра на анкетарот",
    ),
    "sex": (
        "Sex",
        "الجنس",
        "جنسیت",
        "جنسیت",
        "جنس",
        "جنسیت",
        "Sexe",
        "Gjinia",
        "Pol",
        "Spol",
        "Пол",
    ),
    "age": (
        "Age in years",
        "العمر بالسنوات",
        "سن به سال",
        "عمر په کلونو",
        "عمر سالوں میں",
        "سن به سال",
        "Âge en années",
        "Mosha në vite",
        "Starost u godinama",
        "Starost u godinama",
        "Возраст во години",
    ),
    "nationality": (
        "Nationality",
        "الجنسية",
        "تابعیت",
        "تابعیت",
        "قومیت",
        "تابعیت",
        "Nationalité",
        "Shtetësia",
        "Državljanstvo",
        "Državljanstvo",
        "Државјанство",
    ),
    "country_of_departure": (
        "Country the journey started from",
        "البلد الذي بدأت منه الرحلة",
        "کشوری که سفر از آن آغاز شد",
        "هغه هېواد چې سفر ترې پیل شو",
        "وہ ملک جہاں سے سفر شروع ہوا",
        "کشوری که سفر از آن آغاز شد",
        "Pays de départ du voyage",
        "Vendi nga filloi udhëtimi",
        "Zemlja iz koje je putovanje počelo",
        "Država iz koje je putovanje počelo",
        "Земја од која започна патувањето",
    ),
    "education": (
        "Highest level of education completed",
        "أعلى مستوى تعليمي مكتمل",
        "بلندترین سطح تحصیلات تکمیل‌شده",
        "د بشپړې شوې زده کړې لوړه کچه",
        "مکمل کی گئی اعلیٰ ترین تعلیم",
        "بالاترین سطح تحصیلات تکمیل‌شده",
        "Plus haut niveau d'études achevé",
        "Niveli më i lartë i arsimit të përfunduar",
        "Najviši završeni nivo obrazovanja",
        "Najviši završeni nivo obrazovanja",
        "Највисоко завршено ниво на образование",
    ),
    "employment_before": (
        "Employment before leaving",
        "العمل قبل المغادرة",
        "وضعیت کاری پیش از ترک",
        "د وتلو مخکې دنده",
        "روانگی سے پہلے روزگار",
        "وضعیت اشتغال پیش از ترک",
        "Emploi avant le départ",
        "Punësimi para largimit",
        "Zaposlenje pre odlaska",
        "Zaposlenje prije odlaska",
        "Вработување пред заминувањето",
    ),
    "marital_status": (
        "Marital status",
        "الحالة الاجتماعية",
        "حالت مدنی",
        "مدني حالت",
        "ازدواجی حیثیت",
        "وضعیت تأهل",
        "Situation matrimoniale",
        "Gjendja martesore",
        "Bračno stanje",
        "Bračno stanje",
        "Брачен статус",
    ),
    "reasons_for_leaving": (
        "Reasons for leaving (all that apply)",
        "أسباب المغادرة (كل ما ينطبق)",
        "دلایل ترک (همه موارد مربوط)",
        "د وتلو لاملونه (ټول هغه چې صدق کوي)",
        "روانگی کی وجوہات (تمام متعلقہ)",
        "دلایل ترک (همه موارد مرتبط)",
        "Raisons du départ (toutes celles qui s'appliquent)",
        "Arsyet e largimit (të gjitha që vlejnë)",
        "Razlozi odlaska (svi koji važe)",
        "Razlozi odlaska (svi koji se odnose)",
        "Причини за заминување (сите што важат)",
    ),
    "travelling_with": (
        "Travelling with",
        "السفر مع",
        "همسفر",
        "له چا سره سفر",
        "کس کے ساتھ سفر",
        "همراهان سفر",
        "Voyage avec",
        "Udhëton me",
        "Putuje sa",
        "Putuje s",
        "Патува со",
    ),
    "journey_days": (
        "Days since the journey started",
        "عدد الأيام منذ بدء الرحلة",
        "روزها از آغاز سفر",
        "د سفر له پیل راهیسې ورځې",
        "سفر شروع ہونے سے اب تک دن",
        "روزها از آغاز سفر",
        "Jours depuis le début du voyage",
        "Ditë që nga fillimi i udhëtimit",
        "Dana od početka putovanja",
        "Dana od početka putovanja",
        "Денови од почетокот на патувањето",
    ),
    "journey_cost_usd": (
        "Cost of the journey so far (US dollars)",
        "تكلفة الرحلة حتى الآن (بالدولار الأمريكي)",
        "هزینه سفر تا کنون (دالر امریکایی)",
        "تر اوسه د سفر لګښت (امریکايي ډالر)",
        "اب تک سفر کی لاگت (امریکی ڈالر)",
        "هزینه سفر تا کنون (دلار آمریکا)",
        "Coût du voyage jusqu'ici (dollars US)",
        "Kostoja e udhëtimit deri tani (dollarë amerikanë)",
        "Trošak putovanja do sada (američki dolari)",
        "Trošak putovanja do sada (američki dolari)",
        "Трошок за патувањето досега (американски долари)",
    ),
    "countries_transited": (
        "Countries passed through (all)",
        "البلدان التي تم عبورها (كلها)",
        "کشورهایی که از آن‌ها عبور شد (همه)",
        "هغه هېوادونه چې ترې تېر شوي (ټول)",
        "وہ ممالک جن سے گزرے (تمام)",
        "کشورهایی که از آن‌ها عبور شد (همه)",
        "Pays traversés (tous)",
        "Vendet e kaluara (të gjitha)",
        "Zemlje kroz koje je prošao/la (sve)",
        "Države kroz koje je prošao/la (sve)",
        "Земји низ кои поминал/а (сите)",
    ),
    "intended_destination": (
        "Intended country of destination",
        "بلد الوجهة المقصود",
        "کشور مقصد مورد نظر",
        "د منزل مطلوب هېواد",
        "مطلوبہ منزل کا ملک",
        "کشور مقصد مورد نظر",
        "Pays de destination prévu",
        "Vendi i synuar i destinacionit",
        "Planirana zemlja odredišta",
        "Planirana država odredišta",
        "Планирана земја на одредиште",
    ),
}

#: Own-experience questions of the trafficking and exploitation module.
ITEM_QUESTIONS: dict[str, L] = {
    "unpaid_work": (
        "During the journey, did you work or perform activities without getting the payment "
        "you expected?",
        "أثناء الرحلة، هل عملت أو قمت بأنشطة دون الحصول على الأجر الذي كنت تتوقعه؟",
        "در جریان سفر، آیا کار یا فعالیتی انجام دادید بدون اینکه مزد مورد انتظار را بگیرید؟",
        "د سفر پر مهال، ایا تاسو کار یا فعالیت کړی پرته له دې چې هغه مزد ترلاسه کړئ چې تمه مو "
        "یې درلوده؟",
        "سفر کے دوران، کیا آپ نے متوقع ادائیگی کے بغیر کام یا سرگرمیاں کیں؟",
        "در طول سفر، آیا کار یا فعالیتی انجام دادید بدون اینکه دستمزد مورد انتظار را دریافت کنید؟",
        "Pendant le voyage, avez-vous travaillé ou effectué des activités sans recevoir le "
        "paiement attendu ?",
        "Gjatë udhëtimit, a keni punuar ose kryer aktivitete pa marrë pagesën që prisnit?",
        "Tokom putovanja, da li ste radili ili obavljali aktivnosti bez plate koju ste očekivali?",
        "Tokom putovanja, jeste li radili ili obavljali aktivnosti bez plate koju ste očekivali?",
        "За време на патувањето, дали работевте или вршевте активности без да ја добиете "
        "очекуваната плата?",
    ),
    "forced_work": (
        "During the journey, were you forced to perform work or activities against your will?",
        "أثناء الرحلة، هل أُجبرت على القيام بعمل أو أنشطة رغماً عنك؟",
        "در جریان سفر، آیا مجبور شدید برخلاف میل خود کار یا فعالیتی انجام دهید؟",
        "د سفر پر مهال، ایا تاسو دې ته اړ شوي یاست چې د خپلې خوښې پرخلاف کار یا فعالیت وکړئ؟",
        "سفر کے دوران، کیا آپ کو اپنی مرضی کے خلاف کام یا سرگرمیاں کرنے پر مجبور کیا گیا؟",
        "در طول سفر، آیا مجبور شدید برخلاف میل خود کار یا فعالیتی انجام دهید؟",
        "Pendant le voyage, avez-vous été forcé(e) à effectuer un travail ou des activités "
        "contre votre gré ?",
        "Gjatë udhëtimit, a jeni detyruar të kryeni punë ose aktivitete kundër vullnetit tuaj?",
        "Tokom putovanja, da li ste bili primorani da radite ili obavljate aktivnosti protiv "
        "svoje volje?",
        "Tokom putovanja, jeste li bili prisiljeni raditi ili obavljati aktivnosti protiv "
        "svoje volje?",
        "За време на патувањето, дали бевте принудени да работите или вршите активности против "
        "своја волја?",
    ),
    "job_offer": (
        "During the journey, were you approached by someone offering you a job?",
        "أثناء الرحلة، هل اقترب منك أحد يعرض عليك عملاً؟",
        "در جریان سفر، آیا کسی با پیشنهاد کار به شما نزدیک شد؟",
        "د سفر پر مهال، ایا کوم چا تاسو ته د دندې وړاندیز کړی؟",
        "سفر کے دوران، کیا کسی نے آپ کو نوکری کی پیشکش کی؟",
        "در طول سفر، آیا کسی با پیشنهاد کار به شما نزدیک شد؟",
        "Pendant le voyage, quelqu'un vous a-t-il abordé(e) pour vous proposer un emploi ?",
        "Gjatë udhëtimit, a ju ka afruar dikush duke ju ofruar punë?",
        "Tokom putovanja, da li vam je neko prišao nudeći vam posao?",
        "Tokom putovanja, je li vam neko prišao nudeći vam posao?",
        "За време на патувањето, дали некој ви пристапи нудејќи ви работа?",
    ),
    "marriage_offer": (
        "During the journey, were you or a family member approached with an offer of an "
        "arranged marriage?",
        "أثناء الرحلة، هل عُرض عليك أو على أحد أفراد أسرتك زواج مدبّر؟",
        "در جریان سفر، آیا به شما یا یکی از اعضای فامیل پیشنهاد ازدواج ترتیب‌شده داده شد؟",
        "د سفر پر مهال، ایا تاسو یا د کورنۍ یو غړي ته د ترتیب شوي واده وړاندیز شوی؟",
        "سفر کے دوران، کیا آپ کو یا خاندان کے کسی فرد کو طے شدہ شادی کی پیشکش کی گئی؟",
        "در طول سفر، آیا به شما یا یکی از اعضای خانواده پیشنهاد ازدواج ترتیب‌داده‌شده شد؟",
        "Pendant le voyage, vous ou un membre de votre famille a-t-il reçu une proposition de "
        "mariage arrangé ?",
        "Gjatë udhëtimit, a ju është ofruar juve ose një anëtari të familjes një martesë e "
        "rregulluar?",
        "Tokom putovanja, da li je vama ili članu porodice ponuđen ugovoreni brak?",
        "Tokom putovanja, je li vama ili članu porodice ponuđen dogovoreni brak?",
        "За време на патувањето, дали на вас или на член од семејството ви беше понуден "
        "договорен брак?",
    ),
    "held_against_will": (
        "During the journey, were you kept at a location against your will by people other "
        "than the authorities?",
        "أثناء الرحلة، هل احتُجزت في مكان ما رغماً عنك من قبل أشخاص غير السلطات؟",
        "در جریان سفر، آیا کسانی غیر از مقامات دولتی شما را برخلاف میلتان در جایی نگه داشتند؟",
        "د سفر پر مهال، ایا د چارواکو پرته نورو خلکو تاسو د خپلې خوښې پرخلاف په یو ځای کې "
        "ساتلي یاست؟",
        "سفر کے دوران، کیا حکام کے علاوہ دوسرے لوگوں نے آپ کو آپ کی مرضی کے خلاف کسی جگہ روکے "
        "رکھا؟",
        "در طول سفر، آیا افرادی غیر از مقامات رسمی شما را برخلاف میلتان در جایی نگه داشتند؟",
        "Pendant le voyage, avez-vous été retenu(e) quelque part contre votre gré par des "
        "personnes autres que les autorités ?",
        "Gjatë udhëtimit, a jeni mbajtur në një vend kundër vullnetit tuaj nga persona të "
        "tjerë përveç autoriteteve?",
        "Tokom putovanja, da li su vas ljudi koji nisu vlasti držali na nekom mestu protiv "
        "vaše volje?",
        "Tokom putovanja, jesu li vas ljudi koji nisu vlasti držali na nekom mjestu protiv "
        "vaše volje?",
        "За време на патувањето, дали луѓе што не се властите ве држеа на некое место против "
        "ваша волја?",
    ),
    "organ_offer": (
        "During the journey, were you offered money in exchange for blood, organs or other body "
        "parts?",
        "أثناء الرحلة، هل عُرض عليك مال مقابل الدم أو الأعضاء أو أجزاء أخرى من الجسم؟",
        "در جریان سفر، آیا در بدل خون، اعضا یا دیگر اجزای بدن به شما پول پیشنهاد شد؟",
        "د سفر پر مهال، ایا تاسو ته د وینې، غړو یا د بدن د نورو برخو په بدل کې د پیسو وړاندیز شوی؟",
        "سفر کے دوران، کیا آپ کو خون، اعضاء یا جسم کے دیگر حصوں کے بدلے رقم کی پیشکش کی گئی؟",
        "در طول سفر، آیا در ازای خون، اعضا یا دیگر اعضای بدن به شما پول پیشنهاد شد؟",
        "Pendant le voyage, vous a-t-on proposé de l'argent en échange de sang, d'organes ou "
        "d'autres parties du corps ?",
        "Gjatë udhëtimit, a ju janë ofruar para në këmbim të gjakut, organeve ose pjesëve të "
        "tjera të trupit?",
        "Tokom putovanja, da li vam je ponuđen novac u zamenu za krv, organe ili druge delove "
        "tela?",
        "Tokom putovanja, je li vam ponuđen novac u zamjenu za krv, organe ili druge dijelove "
        "tijela?",
        "За време на патувањето, дали ви беа понудени пари во замена за крв, органи или други "
        "делови од телото?",
    ),
    "physical_violence": (
        "During the journey, did you experience physical violence?",
        "أثناء الرحلة، هل تعرضت للعنف الجسدي؟",
        "در جریان سفر، آیا خشونت فزیکی را تجربه کردید؟",
        "د سفر پر مهال، ایا تاسو له فزیکي تاوتریخوالي سره مخ شوي یاست؟",
        "سفر کے دوران، کیا آپ کو جسمانی تشدد کا سامنا کرنا پڑا؟",
        "در طول سفر، آیا خشونت جسمی را تجربه کردید؟",
        "Pendant le voyage, avez-vous subi des violences physiques ?",
        "Gjatë udhëtimit, a keni përjetuar dhunë fizike?",
        "Tokom putovanja, da li ste doživeli fizičko nasilje?",
        "Tokom putovanja, jeste li doživjeli fizičko nasilje?",
        "За време на патувањето, дали доживеавте физичко насилство?",
    ),
}

#: Short names of the items, used in the family and "where" questions.
ITEM_SHORT: dict[str, L] = {
    "unpaid_work": (
        "work without the expected payment",
        "العمل دون الأجر المتوقع",
        "کار بدون مزد مورد انتظار",
        "پرته له تمه شوي مزد کار",
        "متوقع ادائیگی کے بغیر کام",
        "کار بدون دستمزد مورد انتظار",
        "travail sans le paiement attendu",
        "punë pa pagesën e pritur",
        "rad bez očekivane plate",
        "rad bez očekivane plate",
        "работа без очекуваната плата",
    ),
    "forced_work": (
        "forced to work against their will",
        "الإجبار على العمل رغماً عنه",
        "مجبور به کار برخلاف میل",
        "د خوښې پرخلاف کار ته اړ ایستل",
        "مرضی کے خلاف کام پر مجبور",
        "اجبار به کار برخلاف میل",
        "forcé(e) à travailler contre son gré",
        "i detyruar të punojë kundër vullnetit",
        "primoran/a na rad protiv svoje volje",
        "prisiljen/a na rad protiv svoje volje",
        "принуден/а да работи против својата волја",
    ),
    "job_offer": (
        "approached with a job offer",
        "عرض عمل",
        "پیشنهاد کار",
        "د دندې وړاندیز",
        "نوکری کی پیشکش",
        "پیشنهاد کار",
        "abordé(e) avec une offre d'emploi",
        "ofertë pune",
        "ponuda posla",
        "ponuda posla",
        "понуда за работа",
    ),
    "marriage_offer": (
        "offer of an arranged marriage",
        "عرض زواج مدبّر",
        "پیشنهاد ازدواج ترتیب‌شده",
        "د ترتیب شوي واده وړاندیز",
        "طے شدہ شادی کی پیشکش",
        "پیشنهاد ازدواج ترتیب‌داده‌شده",
        "proposition de mariage arrangé",
        "ofertë për martesë të rregulluar",
        "ponuda ugovorenog braka",
        "ponuda dogovorenog braka",
        "понуда за договорен брак",
    ),
    "held_against_will": (
        "kept somewhere against their will",
        "الاحتجاز رغماً عنه",
        "نگهداری برخلاف میل",
        "د خوښې پرخلاف ساتل",
        "مرضی کے خلاف روکے رکھنا",
        "نگهداری برخلاف میل",
        "retenu(e) contre son gré",
        "mbajtur kundër vullnetit",
        "zadržavanje protiv volje",
        "zadržavanje protiv volje",
        "задржување против волјата",
    ),
    "organ_offer": (
        "money offered for blood or organs",
        "عرض مال مقابل الدم أو الأعضاء",
        "پیشنهاد پول در بدل خون یا اعضا",
        "د وینې یا غړو په بدل کې د پیسو وړاندیز",
        "خون یا اعضاء کے بدلے رقم کی پیشکش",
        "پیشنهاد پول در ازای خون یا اعضا",
        "argent proposé contre du sang ou des organes",
        "para të ofruara për gjak ose organe",
        "novac ponuđen za krv ili organe",
        "novac ponuđen za krv ili organe",
        "пари понудени за крв или органи",
    ),
    "physical_violence": (
        "physical violence",
        "العنف الجسدي",
        "خشونت فزیکی",
        "فزیکي تاوتریخوالی",
        "جسمانی تشدد",
        "خشونت جسمی",
        "violences physiques",
        "dhunë fizike",
        "fizičko nasilje",
        "fizičko nasilje",
        "физичко насилство",
    ),
}

#: "A family member travelling with you experienced: <short>?"
FAMILY_PREFIX: L = (
    "Did a family member travelling with you experience this: {item}?",
    "هل تعرّض أحد أفراد أسرتك المسافرين معك لما يلي: {item}؟",
    "آیا یکی از اعضای فامیل همسفر شما این را تجربه کرد: {item}؟",
    "ایا ستاسو له همسفره کورنۍ غړو څخه یو له دې سره مخ شوی: {item}؟",
    "کیا آپ کے ساتھ سفر کرنے والے خاندان کے کسی فرد کو اس کا سامنا ہوا: {item}؟",
    "آیا یکی از اعضای خانواده همسفر شما این را تجربه کرد: {item}؟",
    "Un membre de votre famille qui voyage avec vous a-t-il vécu ceci : {item} ?",
    "A e ka përjetuar këtë një anëtar i familjes që udhëton me ju: {item}?",
    "Da li je član porodice koji putuje sa vama doživeo ovo: {item}?",
    "Je li član porodice koji putuje s vama doživio ovo: {item}?",
    "Дали член од семејството што патува со вас го доживеа ова: {item}?",
)

#: "In which country did it happen: <short>?"
COUNTRY_PREFIX: L = (
    "In which country did it happen ({item})?",
    "في أي بلد حدث ذلك ({item})؟",
    "در کدام کشور رخ داد ({item})؟",
    "دا په کوم هېواد کې پېښ شو ({item})؟",
    "یہ کس ملک میں ہوا ({item})؟",
    "در کدام کشور رخ داد ({item})؟",
    "Dans quel pays cela s'est-il passé ({item}) ?",
    "Në cilin vend ndodhi ({item})?",
    "U kojoj zemlji se to dogodilo ({item})?",
    "U kojoj državi se to dogodilo ({item})?",
    "Во која земја се случи тоа ({item})?",
)
