"""Word lists the rules read: data, kept apart from the logic that uses it.

Every list is about English news writing in general, never about one story. When a list
changes, re-run `make test` (the seeds' floors) and `leyenda eval` to see what moved.
"""

from __future__ import annotations

#: Occupations written capitalised before a name, as a title is ("Astronaut Jim Lovell",
#: "Manager Billy Beane", "Inventor Ana Ruiz"): a run of capitals drops them as it drops
#: "Captain", and one alone after "the" is no name. Left out: words that are also common
#: surnames (Baker, Cooper, Driver, Fisher, Hunter, Mason, Porter, Player, Turner).
OCCUPATION_NOUNS = frozenset(
    {
        "astronaut", "cosmonaut", "manager", "inventor", "engineer", "scientist", "physicist",
        "chemist", "biologist", "mathematician", "astronomer", "economist", "doctor", "nurse",
        "surgeon", "psychiatrist", "psychologist", "therapist", "coach", "pitcher", "owner",
        "businessman", "businesswoman", "entrepreneur", "salesman", "saleswoman", "designer",
        "programmer", "developer", "banker", "investor", "billionaire", "millionaire",
        "musician", "composer", "guitarist", "drummer", "bassist", "pianist", "painter",
        "artist", "photographer", "filmmaker", "novelist", "poet", "historian", "professor",
        "teacher", "soldier", "veteran", "chairman", "chairwoman", "co-founder", "cofounder",
        "skater", "athlete", "boxer", "wrestler", "activist", "politician", "congressman",
        "congresswoman", "lawmaker", "diplomat", "ambassador", "spy", "smuggler", "gangster",
        "mobster", "hitman", "murderer", "lyricist", "songwriter", "dancer", "presenter",
        "broadcaster", "editor", "publisher", "columnist", "investigator", "analyst",
        "accountant", "mogul", "tycoon", "heiress", "socialite", "playwright", "screenwriter",
        "philanthropist", "preacher", "evangelist", "pastor", "priest", "nun",
        "monk", "rabbi", "imam", "cardinal", "archbishop", "sailor", "astrophysicist",
        "paramedic", "firefighter", "policeman", "policewoman", "marshal",
        "trooper", "ranger", "pilot", "co-pilot", "copilot", "navigator", "controller",
    }
)  # fmt: skip

#: Role words written before a name ("DEA agent Michael S. Vigil", "President Ronald Reagan").
#: They are stripped from the name and kept as a cue that the name is a person's.
ROLE_WORDS = (
    frozenset(
        {
            "agent",
            "president",
            "secretary",
            "senator",
            "governor",
            "judge",
            "detective",
            "officer",
            "sheriff",
            "commander",
            "general",
            "captain",
            "sergeant",
            "lieutenant",
            "mr",
            "mr.",
            "mrs",
            "mrs.",
            "ms",
            "ms.",
            "dr",
            "dr.",
            "sir",
            "dame",
            "pope",
            "king",
            "queen",
            "prince",
            "princess",
            "attorney",
            "minister",
            "mayor",
            "chief",
            "director",
            "showrunner",
            "actor",
            "actress",
            "star",
            "producer",
            "deputy",
            "pilot",
            "lady",
            "first",
            "boss",
            "journalist",
            "reporter",
            "author",
            "writer",
            "lawyer",
            "prosecutor",
            "spokesperson",
            "spokesman",
            "spokeswoman",
            "colonel",
            "admiral",
            "inspector",
            "kingpin",
            "drug",
            "lord",
            "narco",
            "trafficker",
            "singer",
            "rapper",
            "comedian",
            "creator",
            "executive",
            "ceo",
            "founder",
            "host",
            "anchor",
            "agents",
            "commissioner",
            "supervisor",
            "councilman",
            "councilwoman",
            "alderman",
            "congressman",
            "congresswoman",
            "assemblyman",
            "seal",
            "wizard",
            "superintendent",
            "warden",
            "informant",
            "cousin",
            "brother",
            "sister",
            "wife",
            "husband",
            "son",
            "daughter",
            "mother",
            "father",
            "uncle",
            "aunt",
            "nephew",
            "niece",
            "widow",
            "partner",
            "friend",
            "colleague",
            "former",
            "late",
            "then",
            "u.s.",
            "federal",
            "special",
            "public",
            "safety",
            "justice",
        }
    )
    | OCCUPATION_NOUNS
)

#: Titles written abbreviated before a name ("Capt. Ray Dorsey", "Sgt. Ana Ruiz"), without
#: their full stop. The tokenizer keeps each with its stop as one token (`nlp.load_nlp`), so
#: the stop neither ends the sentence nor cuts the name, and a run of capitals drops them as
#: it drops "Captain". Not in the list: abbreviations that also end sentences ("Col." for
#: Colorado is "Colo.", kept; "Fr." is French or Friday, left out).
TITLE_ABBREVIATIONS = frozenset(
    {
        "capt", "sgt", "lt", "col", "gen", "maj", "cpl", "pvt", "adm", "cmdr", "brig",
        "det", "insp", "supt", "lieut", "prof", "sen", "rep", "gov", "rev", "hon", "atty",
        "amb",
    }
)  # fmt: skip

#: Role words that also tell a person's occupation ("DEA agent X" → occupation agent).
OCCUPATION_WORDS = frozenset(
    {
        "agent",
        "president",
        "secretary",
        "senator",
        "governor",
        "judge",
        "detective",
        "officer",
        "sheriff",
        "commander",
        "pilot",
        "showrunner",
        "actor",
        "actress",
        "producer",
        "journalist",
        "reporter",
        "author",
        "writer",
        "lawyer",
        "prosecutor",
        "spokesperson",
        "kingpin",
        "trafficker",
        "singer",
        "creator",
        "director",
        "mayor",
        "minister",
        "attorney",
        "informant",
    }
)

#: Generational suffixes: a name with one is a different person from the name without.
NAME_SUFFIXES = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"})

#: Lower-case particles that may sit inside a name ("Almoloya de Juárez", "Ludwig van Beethoven").
NAME_PARTICLES = frozenset(
    {
        "de",
        "del",
        "della",
        "la",
        "las",
        "los",
        "y",
        "van",
        "von",
        "der",
        "den",
        "da",
        "di",
        "du",
        "dos",
        "das",
        "bin",
        "al",
        "el",
        "le",
    }
)

#: Last words that make a name an organization ("Guadalajara Cartel", "Marine Corps").
ORG_SUFFIXES = frozenset(
    {
        "cartel",
        "cartels",
        "agency",
        "administration",
        "foundation",
        "corps",
        "court",
        "department",
        "office",
        "bureau",
        "police",
        "army",
        "navy",
        "party",
        "company",
        "inc",
        "inc.",
        "ltd",
        "ltd.",
        "llc",
        "corp",
        "corp.",
        "corporation",
        "association",
        "institute",
        "university",
        "college",
        "school",
        "hospital",
        "church",
        "times",
        "post",
        "news",
        "press",
        "weekly",
        "magazine",
        "tribune",
        "journal",
        "network",
        "studios",
        "studio",
        "pictures",
        "records",
        "bank",
        "group",
        "council",
        "committee",
        "commission",
        "service",
        "services",
        "ministry",
        "federation",
        "union",
        "league",
        "club",
        "team",
        "gang",
        "organization",
        "organisation",
        "senate",
        "congress",
        "parliament",
        "government",
        "force",
        "forces",
        "guard",
        "prison",
        "penitentiary",
        "jail",
        "mob",
        "mafia",
        "academy",
        "society",
        "center",
        "centre",
        "channel",
        "radio",
        "tv",
        "herald",
        "gazette",
        "daily",
        "review",
        "telegraph",
        "guardian",
        "examiner",
        "sheriff's",
        "labs",
        "laboratories",
        "pharma",
        "pharmaceuticals",
        "technologies",
        "holdings",
        "ventures",
        "productions",
        "entertainment",
    }
)

#: Organization nouns written in lower case after a name that they make an organization's
#: ("the Cali cartel", "the Tulsa police"); "family" is not one ("the Sackler family").
#: Two lower-case words after a name that make it an organization's ("the Gambino crime
#: family", "the Medellín drug cartel").
ORG_HEAD_PHRASES = frozenset(
    {("crime", "family"), ("crime", "syndicate"), ("drug", "cartel"), ("crime", "organization")}
    | {("drug", "ring"), ("police", "department"), ("fire", "department"), ("law", "firm")}
)

ORG_HEAD_NOUNS = frozenset(
    {"cartel", "gang", "police", "department", "agency", "army", "bureau", "party", "company"}
    | {"ministry", "council", "mafia", "syndicate", "organization", "organisation"}
)

#: Last words of a title rather than a name ("Monster: The Jeffrey Dahmer Story").
WORK_SUFFIXES = frozenset({"story", "saga", "chronicles", "diaries", "tapes", "files", "movie"})

#: Words that make a name a place ("Rancho Bufalo", "Imperial County").
PLACE_SUFFIXES = frozenset(
    {
        "county",
        "city",
        "state",
        "province",
        "river",
        "lake",
        "mountain",
        "mountains",
        "valley",
        "island",
        "islands",
        "beach",
        "street",
        "avenue",
        "road",
        "square",
        "park",
        "bay",
        "desert",
        "canyon",
        "ranch",
        "airport",
        "border",
        "region",
        "district",
        "village",
        "town",
    }
)
PLACE_PREFIXES = frozenset(
    {
        "rancho",
        "ranch",
        "fort",
        "lake",
        "mount",
        "port",
        "san",
        "santa",
        "los",
        "las",
        "el",
        "la",
        "saint",
        "st.",
    }
)

#: Names of things that are neither people nor organizations ("Operation Leyenda",
#: "Red Ribbon Week"): operations, campaigns, events.
OTHER_PREFIXES = frozenset({"operation", "project"})
OTHER_SUFFIXES = frozenset(
    {
        "week",
        "day",
        "month",
        "campaign",
        "festival",
        "award",
        "awards",
        "prize",
        "war",
        "act",
        "trial",
        "case",
        "affair",
        "scandal",
    }
)

#: Acronyms that name places rather than organizations.
PLACE_ACRONYMS = frozenset({"us", "u.s.", "usa", "u.s.a.", "uk", "u.k.", "uae", "eu"})

#: Media companies, networks and outlets a news story names: always organizations.
MEDIA_ORGANIZATIONS = frozenset(
    {
        "netflix",
        "hbo",
        "hulu",
        "amazon",
        "amazon prime",
        "prime video",
        "disney",
        "disney+",
        "apple tv",
        "showtime",
        "starz",
        "fx",
        "amc",
        "bbc",
        "cnn",
        "nbc",
        "cbs",
        "abc",
        "fox",
        "pbs",
        "npr",
        "univision",
        "telemundo",
        "televisa",
        "reuters",
        "associated press",
        "ap",
        "afp",
        "bloomberg",
        "vice",
        "buzzfeed",
        "refinery29",
        "variety",
        "deadline",
        "politico",
        "time",
        "newsweek",
        "youtube",
        "spotify",
        "paramount",
        "warner bros",
        "sony",
        "peacock",
    }
)

#: Nouns that show a name in the sentence is a creative work ("the first season of X").
WORK_CUES = frozenset(
    {
        "season",
        "series",
        "show",
        "film",
        "movie",
        "episode",
        "documentary",
        "book",
        "novel",
        "memoir",
        "miniseries",
        "sitcom",
        "drama",
        "album",
    }
)

#: Adverbs that put a present tense in the reader's now, not in a film's plot ("Today he is
#: serving time", "she still travels to schools"): `claims.extract.narrative_present`.
NOW_WORDS = frozenset({"today", "now", "currently", "still", "nowadays", "presently"})

#: Verbs that report what someone said: a present under them is what they said holds now.
REPORTING_VERBS = frozenset(
    {"say", "tell", "admit", "explain", "insist", "claim", "add", "note", "recall", "write"}
)

#: Words only a text about something on screen uses: such a text is a review, an explainer
#: or a fact-check of a film or a show, whose present tense tells the plot
#: (`claims.open_events`). "series", "show", "season" and "book" are left out: news writes
#: "the 787 series", "the Paris air show".
SCREEN_CUES = frozenset(
    {
        "film", "films", "movie", "movies", "documentary", "miniseries", "sitcom",
        "episode", "episodes", "biopic", "screenplay", "onscreen", "on-screen", "docudrama",
    }
)  # fmt: skip

#: The title finder (`mentions._work_titles`): a capitalised phrase is a work's title where
#: one of these stands right before it ("the 2003 film Monster", "new movie, “Oppenheimer,”",
#: "spoilers for X", "her role in “X”"), lower-case, with its article or year left to the code.
#: ("show" is left out: "photos show Ken Miles" is a verb's).
TITLE_NOUNS = (WORK_CUES - {"show"}) | frozenset(
    {"biopic", "picture", "thriller", "docuseries", "docudrama", "epic", "musical"}
)
TITLE_LEAD_PHRASES = (
    "spoilers for",
    "role in",
    "roles in",
    "scenes in",
    "scene in",
    "starring in",
    "stars in",
    "starred in",
    "true story behind",
    "real story behind",
    "fiction in",
    "cast of",
)
#: ... or one of these right after it ("X stars A as B", "X, starring", "X opened in
#: theaters", "X is based on", "X True Story: ...", "X (2023)" is read by the code).
TITLE_FOLLOW_PHRASES = (
    "stars",
    "starring",
    "starred",
    "premieres",
    "premiered",
    "debuts",
    "debuted",
    # "in theaters", not "in Peru": people open and arrive in places too
    *(
        f"{verb} in {hall}"
        for verb in ("opens", "opened", "arrives", "arrived", "hits", "hit")
        for hall in ("theaters", "theatres", "cinemas")
    ),
    "hit theaters",
    "hits theaters",
    "is based on",
    "was based on",
    "is now screening",
    "is now streaming",
    "tells the true story",
    "true story",
    "is a dramatization",
)
#: ... and these only after a quoted title: a person recounts and depicts too
#: ("Robert Downey Jr. depicts Lewis Strauss"), “Spotlight” recounts only as a work.
TITLE_QUOTED_FOLLOW_PHRASES = (
    "recounts",
    "chronicles",
    "depicts",
    "dramatizes",
    "dramatises",
    "follows",
    "tells",
    "explores",
)
#: Nouns after a title word that make it a group's or a thing's name, not the work's
#: ("the Spotlight team", "the Oppenheimer family").
TITLE_MODIFIED_NOUNS = frozenset(
    {"team", "unit", "desk", "reporters", "staff", "family", "group", "project", "case"}
)

#: Words that introduce a nickname ("nicknamed “Lord of the Skies”").
NICKNAME_TRIGGERS = frozenset({"nicknamed", "dubbed", "called", "aka", "alias", "known"})

#: Words between a name and another name of the same person ("X AKA Y", "X, alias Y"),
#: without their dots ("a.k.a." is read as "a.k.a").
ALIAS_MARKERS = frozenset({"aka", "a.k.a", "alias"})
#: Words a title-cased heading writes before a full name that are no part of it ("Who Was
#: the Real Oskar Schindler?"); only before two or more name words ("Real Madrid" stays).
#: In running text they say the person is real ("based on the real Z", "X, the real-life").
NAME_QUALIFIERS = frozenset({"real", "real-life"})
#: "(or Bertie as he was known)", "or Bertie as friends called him": the verb of an "as"
#: clause after "or NAME" that makes NAME another name of the person just named.
ALIAS_CLAUSE_VERBS = frozenset({"known", "called", "nicknamed", "dubbed"})

#: Words written right before a portrayed character or actor ("played by", "stars as").
PORTRAYAL_VERBS = frozenset({"play", "portray", "star"})

#: Sentence cues for modality. Matched lower-case on the sentence text.
DEPICTION_CUES = (
    "in the show",
    "on the show",
    "in the series",
    "on the series",
    "in the film",
    "in the movie",
    "the show's",
    "the show’s",
    "the series'",
    "the series’",
    "the narrator",
    "by the end of the season",
    "in season",
    "this season",
    "first season",
    "second season",
    "third season",
    "next season",
    "last season",
    "season 1",
    "season 2",
    "season 3",
    "season 4",
    "season one",
    "season two",
    "in episode",
    "the episode",
    "on screen",
    "onscreen",
    "the depiction",
    "depicts",
    "dramatized",
    "dramatised",
    "fictionalized",
    "fictionalised",
    # a frame the sentences after it stay in, to the paragraph's end ("According to the
    # movie, he was a gambler. When the bank turned him down, he opened a casino.")
    "according to the film",
    "according to the movie",
    "according to the show",
    "according to the series",
    "the film's version",
    "the film’s version",
    "the movie's version",
    "the movie’s version",
    "as the film tells it",
    "as the movie tells it",
)
REALITY_CUES = (
    # "As the movie depicts, she started as a waitress": the writer confirms the film
    *(
        f"as {what} {verb}"
        for what in ("the film", "the movie", "the show", "the series")
        for verb in ("depicts", "shows", "portrays", "suggests")
    ),
    "in reality",
    "in real life",
    "real-life",
    "the real ",
    "actually",
    "in fact",
    "like in the show",
    "as in the show",
    "just like in the show",
    "true story",
)
#: Verbs whose "as" role is worn, not held: "poses as a pilot for Pan Am", "stars as an
#: agent of the DEA" give no employer (`claims.extract._relations`).
PRETENCE_VERBS = frozenset(
    {
        "pose", "masquerade", "pretend", "disguise", "pass", "impersonate", "dress",
        "cast", "star", "appear", "play", "portray",
    }
)  # fmt: skip
#: Whose word "according to" cites makes a sentence someone's account (`claim`): a person's
#: ("according to his memoir", "according to Ortega's lawyer") or one of these. Records,
#: police and courts are the sources news states facts from, and stay `reality`.
ACCOUNT_NOUNS = frozenset(
    {
        "memoir", "memoirs", "autobiography", "account", "testimony", "diary", "version",
        "recollection", "recollections", "telling", "lawyer", "lawyers", "attorney",
        "family", "friends", "interview", "letters", "statement", "confession", "legend",
        "lore", "rumor", "rumors", "rumour", "rumours",
    }
)  # fmt: skip
#: "Word has it that ...", "legend has it": hearsay, a `claim`.
HEARSAY_SUBJECTS = frozenset({"word", "legend", "rumor", "rumour", "lore", "gossip", "talk"})
#: Adverbs that make their clause an allegation: "Ortega allegedly hid the maps".
HEDGE_ADVERBS = frozenset(
    {"allegedly", "reportedly", "purportedly", "supposedly", "rumoredly", "ostensibly"}
)
#: Passive verbs of report whose infinitive is hearsay: "Ortega is said to have fled".
HEARSAY_PASSIVES = frozenset(
    {"say", "believe", "rumor", "rumour", "report", "think", "allege", "suppose", "claim"}
)
#: What a work tells of someone ("tells the story of X", "chronicles the life of X"): X is
#: who the next sentences' pronouns mean (`claims.extract._story_topic`).
STORY_NOUNS = frozenset({"story", "life", "tale", "saga", "rise", "account", "exploits"})
#: Verbs whose subject being a work makes the sentence about the show ("X concludes with ...").
WORK_VERBS = frozenset(
    {
        "depict",
        "show",
        "portray",
        "follow",
        "conclude",
        "open",
        "end",
        "begin",
        "feature",
        "focus",
        "explain",
        "tell",
        "dramatize",
        "dramatise",
        "chronicle",
        "center",
        "centre",
        "introduce",
        "recreate",
        "reimagine",
        "imagine",
    }
)
#: Verbs whose subject can only be a work: "When X premiered", "X depicts ...".
WORK_ONLY_VERBS = frozenset(
    {
        "premiere",
        "premier",
        "air",
        "debut",
        "stream",
        "depict",
        "dramatize",
        "dramatise",
        "chronicle",
        "recreate",
        "reimagine",
        "fictionalize",
        "fictionalise",
    }
)
#: Verbs that attribute what follows to their subject without the source endorsing it.
CLAIM_VERBS = frozenset(
    {
        "claim",
        "deny",
        "allege",
        "insist",
        "maintain",
        "contend",
        "assert",
        "believe",
        "argue",
        "suggest",
        "speculate",
    }
)

#: Role words that can close a run of capitalised words ("Imperial County Deputy Sheriff").
TRAILING_ROLE_WORDS = frozenset(
    {
        "sheriff",
        "deputy",
        "judge",
        "agent",
        "secretary",
        "officer",
        "commander",
        "director",
        "president",
        "minister",
        "chief",
    }
)

#: Capitalised words that are never names on their own: months, weekdays, sequence words.
NOT_NAMES = frozenset(
    {
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "jan.",
        "feb.",
        "mar.",
        "apr.",
        "jun.",
        "jul.",
        "aug.",
        "sep.",
        "sept.",
        "oct.",
        "nov.",
        "dec.",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "season",
        "episode",
        "part",
        "chapter",
        "today",
        "photo",
        "courtesy",
        "warning",
        "spoiler",
        "spoilers",
        "update",
        "updated",
        "source",
    }
)


#: Nationality adjectives written before a name ("the Colombian Griselda Blanco", "Danish
#: actor X"): not part of it. A word that opens a longer organization name ("American
#: Airlines", tagged so by spaCy) is left alone.
DEMONYMS = frozenset(
    {
        "afghan", "albanian", "american", "argentine", "argentinian", "armenian", "australian",
        "austrian", "bangladeshi", "belarusian", "belgian", "bolivian", "bosnian", "brazilian",
        "british", "bulgarian", "canadian", "chilean", "chinese", "colombian", "croatian",
        "cuban", "czech", "danish", "dominican", "dutch", "ecuadorian", "egyptian", "english",
        "estonian", "ethiopian", "filipino", "finnish", "french", "german", "greek",
        "guatemalan", "haitian", "hispanic", "honduran", "hungarian", "icelandic", "indian",
        "indonesian", "iranian", "iraqi", "irish", "israeli", "italian", "jamaican",
        "japanese", "jordanian", "kenyan", "korean", "latvian", "lebanese", "lithuanian",
        "malaysian", "mexican", "mongolian", "moroccan", "nepali", "nicaraguan", "nigerian",
        "norwegian", "pakistani", "palestinian", "panamanian", "paraguayan", "peruvian",
        "polish", "portuguese", "romanian", "russian", "salvadoran", "saudi", "scottish",
        "serbian", "singaporean", "soviet", "spanish", "swedish", "swiss", "syrian",
        "taiwanese", "thai", "turkish", "ukrainian", "uruguayan", "venezuelan", "vietnamese",
        "welsh",
        # regional demonyms, written as a nationality is ("Pena, a Texan")
        "texan", "californian", "floridian", "bostonian", "sicilian", "catalan", "basque",
        "bavarian", "latino", "latina",
        # nationality nouns, written before a name as a demonym is ("Dutchman Henk Rogers")
        "dutchman", "englishman", "frenchman", "irishman", "scotsman", "welshman",
        "dutchwoman", "englishwoman", "frenchwoman", "irishwoman", "scotswoman", "welshwoman",
    }
)  # fmt: skip

#: Capitalised common nouns that are no name on their own, whatever the tagger says: drugs,
#: titles without a name, news words ("the King of Cocaine", "Extradition returned").
#: A word the document uses as a person's surname ("Stephen King ... King said") stays.
#: Demonyms, singular or plural ("Colombians", "a Texan"), are no names either
#: (`mentions._no_name_word` reads both tables).
COMMON_NOUNS = frozenset(
    {
        "cocaine", "heroin", "marijuana", "methamphetamine", "meth", "fentanyl", "opium",
        "cannabis", "crack", "ecstasy", "drugs", "narcotics",
        "king", "queen", "prince", "princess", "emperor", "pope", "lord",
        "news", "extradition", "spoiler", "spoilers", "reality", "fiction", "truth", "history",
        # award and credit words of reviews ("Best Picture", "KKK Grand Wizard")
        "best", "grand", "synopsis", "cinematography", "autobiography", "biography",
    }
)  # fmt: skip

#: Words that make a short line (under four words, no final stop) a section heading, not
#: a name ("Spoilers ahead", "The Real Story", "History on Screen"): its words are no names.
SECTION_WORDS = frozenset(
    {
        "story", "spoiler", "spoilers", "ahead", "truth", "fact", "facts", "fiction",
        "reality", "real", "cast", "ending", "explained", "aftermath", "legacy", "background",
        "timeline", "verdict", "history", "plot", "trailer", "review", "summary", "epilogue",
        "introduction", "related", "photos", "watch", "stream", "screen",
    }
)  # fmt: skip

#: Nouns that make the name they head, follow in apposition or govern with "of" a place:
#: "La Torre prison", "Rionegro, a town near Medellín", "the town of Envigado".
PLACE_HEAD_NOUNS = frozenset(
    {
        "prison", "jail", "penitentiary", "ranch", "hacienda", "farm", "estate", "compound",
        "county", "town", "city", "village", "neighborhood", "neighbourhood", "barrio",
        "suburb", "state", "province", "island", "airport", "hotel", "mansion", "palace",
        "stadium", "municipality", "district", "region", "country", "capital",
    }
)  # fmt: skip

#: Verbs whose "in/at X" names a place ("held at Altiplano", "born in Rionegro"); motion
#: verbs' "to/from X" are `mentions._MOTION_VERBS`.
PLACE_VERBS = frozenset(
    {
        "hold", "imprison", "jail", "detain", "lock", "confine", "incarcerate", "bear",
        "die", "live", "bury", "raise", "reside", "settle", "stay", "hide", "house", "grow",
    }
)  # fmt: skip

#: Whether a person is real, as the text says it (`Entity.real`): phrases that make the
#: subject or the apposition they describe fictional ("Y is an invented character",
#: "Y, a composite character", "Y was created for the show", "Y never existed").
FICTIONAL_PHRASES = (
    "an invented character",
    "a fictional character",
    "a fictitious character",
    "a composite character",
    "a composite of",
    "a fictional creation",
    "a made-up character",
    "an amalgam of",
    "created for the show",
    "created for the series",
    "created for the film",
    "invented for the show",
    "invented for the series",
    "invented for the film",
    "not a real person",
    "never existed",
    "did not exist",
    "didn't exist",
)
#: Words right before a name that make it a fictional person's ("the fictional Y").
FICTION_QUALIFIERS = frozenset({"fictional", "invented", "fictitious", "made-up"})
#: Verbs whose subject (or "by" agent) is an actor: a real person ("X plays a detective",
#: "Y is played by X", "X was cast as Y").
ACTOR_VERBS = frozenset({"play", "portray", "star", "cast"})
#: The mention cues (`mentions._reality_cues`) that decide `Entity.real`, strongest first:
#: an actor is real whatever the sentence about the character says.
REAL_CUES: tuple[tuple[str, bool], ...] = (
    ("actor", True),
    ("said-fictional", False),
    ("said-real", True),
)


#: Labels of the field lines that fact sheets and flattened infoboxes write under a
#: person's name ("Born: March 3, 1961"), with what each says: an event's predicate,
#: "birthplace", or a relation ("kin" reads "Bio: X's Second Wife" with the family words).
#: A name alone on a line with such lines under it is a person; the label is no name.
FIELD_LABELS: dict[str, str] = {
    "born": "born",
    "birth": "born",
    "date of birth": "born",
    "birth date": "born",
    "died": "died",
    "death": "died",
    "date of death": "died",
    "birthplace": "birthplace",
    "place of birth": "birthplace",
    "bio": "kin",
    "relation": "kin",
    "relationship": "kin",
    "spouse": "spouse",
    "spouses": "spouse",
    "children": "child",
    "parents": "parent",
}


#: The last word of an award's category after "Best" ("Best Adapted Screenplay"): no name.
AWARD_WORDS = frozenset(
    {
        "picture", "film", "director", "actor", "actress", "screenplay", "cinematography",
        "editing", "score", "song", "documentary", "feature", "ensemble", "cast", "drama",
        "comedy", "series", "performance", "role",
    }
)  # fmt: skip

#: Labels of a film page's credit and summary lines ("Writer: Spike Lee", "Synopsis: Ron
#: Stallworth (John David Washington) takes a job ..."): the label is no name, nor part of
#: the name after it (`mentions._field_label`).
CREDIT_LABELS = frozenset(
    {
        "synopsis", "plot", "premise", "summary", "writer", "writers", "written by", "director",
        "directors", "directed by", "dir", "starring", "stars", "cast", "genre", "rated",
        "rating", "runtime", "run time", "release", "release date", "released", "producer",
        "producers", "music", "cinematography", "editor", "editing", "studio", "distributor",
        "budget", "box office", "screenplay", "based on", "country", "language", "verdict",
        "ruling", "our take", "score",
    }
)  # fmt: skip


#: Familiar forms of given names that do not start like the formal one ("Jim" for James,
#: "Bill" for William), so that "Jim Lovell" and "James A. Lovell" can be one person
#: (`resolve`, short first names). Only forms that stand for one formal name in English
#: usage; "Sandy", "Pat", "Chris", "Al" (several) are left out. A short form that starts
#: its formal name ("Dan", "Rafa") needs no entry.
GIVEN_NAME_FORMS: dict[str, str] = {
    "jim": "james", "jimmy": "james", "jack": "john", "johnny": "john",
    "bill": "william", "billy": "william", "will": "william", "willy": "william",
    "bob": "robert", "bobby": "robert", "rob": "robert", "robbie": "robert",
    "dick": "richard", "rick": "richard", "ricky": "richard", "rich": "richard",
    "mike": "michael", "mikey": "michael", "tom": "thomas", "tommy": "thomas",
    "tony": "anthony", "chuck": "charles", "charlie": "charles", "dave": "david",
    "joe": "joseph", "joey": "joseph", "ed": "edward", "eddie": "edward", "ned": "edward",
    "larry": "lawrence", "hank": "henry", "andy": "andrew", "drew": "andrew",
    "nick": "nicholas", "peggy": "margaret", "maggie": "margaret", "meg": "margaret",
    "kate": "katherine", "katie": "katherine", "liz": "elizabeth", "beth": "elizabeth",
    "betty": "elizabeth", "sue": "susan", "suzy": "susan", "reggie": "reginald",
    "gene": "eugene", "ted": "edward", "teddy": "edward", "jerry": "gerald",
    "peg": "margaret", "polly": "mary", "molly": "mary", "bert": "albert",
}  # fmt: skip
