"""Is this value a natural person's name? Is this one an organisation's? Where are people named in a text?

Evidence, each explainable: a civility (« M. », « Mme »…), INSEE first names and surnames, the shape of
French names (« Prénom NOM », « NOM Prénom », hyphenated first names, particles, « épouse X »), and
negative evidence: legal forms, association and public-body words, buildings and streets, acronyms in
capitals (ADMR, CIDFF), and famous people whose names places and associations carry.
"""

from __future__ import annotations

import re
from functools import lru_cache

from opendata_desktop.core.formats.nomenclatures import communes_named
from opendata_desktop.core.privacy import lexicon as lx
from opendata_desktop.core.privacy.lexicon import fold

# Every Latin capital and small letter (French, Occitan, Portuguese, Turkish, Polish, Vietnamese names…),
# spelled out for regular-expression classes.
_LATIN_LETTERS = [chr(c) for c in (*range(0xC0, 0x250), *range(0x1E00, 0x1F00)) if chr(c).isalpha()]
UP = "A-Z" + "".join(c for c in _LATIN_LETTERS if c.isupper())
LOW = "a-z" + "".join(c for c in _LATIN_LETTERS if c.islower())
_WORD = re.compile(rf"[{UP}{LOW}][{UP}{LOW}'’\-]*\.?")
_CIVILITY = re.compile(
    r"^\s*(?:(?:m\.|mm\.|mr\.?|mme\.?|mmes\.?|mlle\.?|melle\.?|monsieur|messieurs|madame|mesdames|mademoiselle|"
    r"me|ma[iî]tre|dr\.?|docteur|pr\.?|professeur|m)(?:\s+(?:et|ou|&)\s+(?:m\.|mme\.?|madame|monsieur|m))?)\s+"
    r"(?=\S)", re.I)
PARTICLES = {"de", "du", "des", "d", "le", "la", "les", "van", "von", "der", "den", "da", "dos", "das", "do",
              "del", "della", "di", "ben", "bin", "ibn", "el", "al", "mac", "mc", "ter", "ten", "y", "af"}
_MARITAL = re.compile(r"\s+(?:[ée]pouse|ép\.|ep\.|née|nee|veuve|vve|divorcée|dite?)\s+", re.I)
_LIFE_DATES = re.compile(r"\s*\([^()]*\)")  # « (1922-1996) », « (fils) »
_LIST_SEP = re.compile(r"\s*(?:,|;|/|&|\+|\bet\b)\s*")


def _is_particle(word: str) -> bool:
    """« de », « Van », « LE »: written without accent (« Lê » is a surname, not « le »)."""
    return word.lower().replace("’", "'") in PARTICLES


def _is_upper(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def _is_title(word: str) -> bool:
    return word[:1].isupper() and not _is_upper(word)


def _acronym(word: str) -> bool:
    """« ADMR », « CIDFF », « UNSS »: capitals that are neither a first name nor a surname."""
    letters = word.replace("-", "").replace(".", "")
    return (_is_upper(word) and 2 <= len(letters) <= 6 and not lx.is_first_name(word)
            and not lx.is_surname(word))


def _tokens(value: str) -> list[str]:
    return [w.rstrip(".") if not re.fullmatch(r"[A-Z]\.", w) else w for w in _WORD.findall(value)]


# A plural noun of people first (« Donneurs », « Apiculteurs », « Commerçants », « Riverains »): a group.
_COLLECTIVE = re.compile(r"^[a-z]{3,}(?:eurs|euses|trices|iers|ieres|istes|ants|antes|ents|ains|aines|iens|iennes|"
                         r"ois|oises|ais|aises)(?: |$)")
_PARTNERS = re.compile(r"(?i:(?:&|\bet)\s+(?:fils|fr[èe]res|associ[ée]e?s|cie)\b)")
_DOTTED = re.compile(r"(?<![A-Za-z])(?:[A-Za-z]\.){2,}(?:[A-Za-z](?![A-Za-z]))?")  # « S.A.R.L. », « S.A.S »
_ACRONYM_OF_PLACE = re.compile(r"^[A-Z]{2,6}\s+(?:de la|de l['’]|des|du|de|d['’])\s*[A-ZÀ-Ý]")
_PLURAL_ARTICLES = {"les", "los", "lous", "las", "lei", "leis", "aux", "the"}  # French, Occitan, Spanish, English


@lru_cache(maxsize=200_000)
def is_organisation(value: str) -> bool:
    """Legal forms, association / public-body / building words, acronyms, eponyms: not a person."""
    folded = fold(value)
    if not folded:
        return False
    if lx.has_organisation_word(folded):
        return True
    if _PARTNERS.search(value):
        return True  # « Marty & Fils », « Roux et Frères », « Esposito & Associés »: a firm
    if _COLLECTIVE.match(folded) and not lx.is_first_name(folded.split()[0]) and \
            folded.split()[0] not in lx.person_triggers():  # « Héritiers de … », « Riverains … » are persons
        return True  # « Donneurs de sang… », « Apiculteurs du Vic-Bilh », « Sauveteurs en mer »: members
    dotted = _DOTTED.sub(lambda m: m.group(0).replace(".", ""), value)
    if dotted != value and lx.has_organisation_word(fold(dotted)):
        return True  # « Voisin S.A. », « Ribeiro Lesage S.A.S. », « S.C.I. du Parc »
    if _ACRONYM_OF_PLACE.match(value) and not lx.is_surname(value.split()[0], 2):
        return True  # « ADIL des Landes », « CAUE de la Gironde »: a body and the place it serves
    words = _tokens(value)
    if any(_acronym(w) for w in words) and not _CIVILITY.match(value) and not _surnames_then_first_names(words):
        return True
    return False


def _surnames_then_first_names(words: list[str]) -> bool:
    """« OULD ALI Antoine », « Marie-Anne N'DIAYE »: capitals beside listed first names are a surname."""
    caps = [w for w in words if _is_upper(w)]
    rest = [w for w in words if not _is_upper(w)]
    return (2 <= len(words) <= 4 and 1 <= len(caps) <= 2 and bool(rest)
            and all(lx.is_first_name(w) for w in rest)
            and (words[0] in caps and words[-1] in rest or words[0] in rest and words[-1] in caps))


_MARKETS = {"france", "europe", "international", "internationale", "groupe", "holding"}
SAINTS = {"saint", "sainte", "st", "ste", "saints"}


def _owner_named_like_a_place(value: str) -> bool:
    """« Anne PONT », « Luc MOULIN »: first names, then a surname in capitals that is also a common word."""
    words = value.split()
    if not 2 <= len(words) <= 3 or lx._organisation_phrases().search(fold(value)):
        return False
    caps = [w for w in words if _is_upper(w)]
    rest = [w for w in words if not _is_upper(w)]
    return (len(caps) == 1 and rest and all(lx.is_first_name(w) for w in rest)
            and lx.is_surname(caps[0], 2) and not _acronym(caps[0]))


def _name_parts(value: str) -> list[str] | None:
    """The words of a bare name (no civility), particles folded into the surname; None if not name-like."""
    value = _LIFE_DATES.sub(" ", value)
    value = _MARITAL.split(value)[0]  # « Paul DURAND épouse MARTIN »: the first name decides
    raw = value.replace("’", "'").split()
    if not 2 <= len(raw) <= 6:
        return None
    words: list[str] = []
    for w in raw:
        w = w.strip(",;:")
        if not w:
            continue
        if fold(w) in PARTICLES or re.fullmatch(r"[dD]'\S+", w):
            words.append(w)
            continue
        if not re.fullmatch(rf"[{UP}{LOW}][{UP}{LOW}'\-]*\.?", w) or not w[0].isupper() and not w.islower():
            return None
        words.append(w)
    return words


_COUPLE_SEP = re.compile(r"\s+(?:et|&)\s+", re.I)


def _couple(value: str) -> str | None:
    """« VIDALENC Serge et Xavier », « Mireille et Jacques Bardou »: one full name, the other first names."""
    parts = _COUPLE_SEP.split(value)
    if len(parts) < 2 or len(parts) > 3 or lx.is_eponym(fold(value)):
        return None
    full = [p for p in parts if len(p.split()) >= 2]
    firsts = [p for p in parts if len(p.split()) == 1]
    if len(full) == 1 and firsts and all(lx.is_first_name(p, 3) and _is_title(p) for p in firsts) and \
            person_name_kind(full[0]) in ("listed", "civility"):
        return "listed"
    return None


_INITIALS = re.compile(rf"^([{UP}]\.(?:\s?-?\s?[{UP}]\.){{0,2}})\s*(?=\S)")
_LEAD_PARTICLES = re.compile(r"^(?:(?:de|du|des|le|la|les|van|von|der|den|da|del|di|ben|el)\s+|d['’]\s*)+", re.I)


def _surname_only(value: str) -> bool:
    """« du Plessis », « Le Gall », « Courtade », « VAN DEN BERGHE »: a surname alone (after a civility or
    initials): capitalised words, particles allowed, no organisation word, no public role."""
    value = value.strip().strip(",;:")
    folded = fold(value)
    if not folded or any(c.isdigit() for c in value) or lx.has_organisation_word(folded) or \
            lx.contains_eponym(folded, multiword=True):
        return False
    core = _LEAD_PARTICLES.sub("", value.replace("’", "'")).strip()
    words = core.split()
    if not 1 <= len(words) <= 3 or fold(words[0]) in lx.public_roles():
        return False
    return all(re.fullmatch(rf"[{UP}][{UP}{LOW}'\-]*", w) and len(w) >= 2 or fold(w) in PARTICLES for w in words)


_TRAILING_INITIALS = re.compile(rf"\s+[{UP}]\.(?:\s?-?\s?[{UP}]\.){{0,2}}$")


def _initials_name(value: str) -> bool:
    """« A.-L. Courtade », « J. Ouédraogo », « T. du Plessis », « Laffargue J.-P. »: initials and a surname."""
    if _DOTTED.search(value) and is_organisation(value):
        return False  # « Voisin S.A. »: a legal form, not initials
    m = _INITIALS.match(value)
    if m:
        return _surname_only(value[m.end():])
    m = _TRAILING_INITIALS.search(value)
    return bool(m) and _surname_only(value[:m.start()])


def _married_name(value: str) -> bool:
    """« DURAND épouse MARTIN Sophie »: a birth surname, then the married name with the first name."""
    parts = _MARITAL.split(value)
    if len(parts) != 2:
        return False
    first, second = parts[0].strip(), parts[1].strip()
    return _surname_only(first) and (person_name_kind(second) in ("listed", "civility") or
                                     any(lx.is_first_name(w, 3) and _is_title(w) for w in second.split()))


_KIN_WORD = re.compile(r"^(?:veuve|vve|veuf|[ée]poux|[ée]pouse|née|nee)\s+(?=\S)", re.I)
_VALUE_TRIGGERS = {"famille", "succession", "consorts", "consort", "heritiers", "hoirs", "indivision", "veuve",
                   "vve", "epoux", "feu", "feue", "ayant droit", "ayants droit", "ayants droits", "ayant-droit",
                   "ayants-droit"}  # a cell that is only « famille X », « ayants droit X » names people
_FAMILY_NAME = re.compile(rf"^(?:(?i:de|du|d'|le|la|les|van|von|der|den)\s*){{0,2}}[{UP}][{UP}{LOW}'’\-]+"
                          rf"(?:\s+[{UP}][{UP}{LOW}'’\-]+){{0,2}}$")  # « Héritiers de Thi Lan VASSEUR »
_TRIGGER_VALUE = re.compile(rf"^(?:(?i:les|la|le)\s+)?((?i:ayants?[\s-]+droits?)|[A-Za-zÀ-ÿ]+)\s+"
                            rf"(?=(?:de |du |d'|le |la )?[{UP}])")


@lru_cache(maxsize=200_000)
def person_name_kind(value: str) -> str | None:
    """'civility', 'listed' (INSEE first name with a surname shape), 'shape' (lenient shape), or None.

    'listed': « Sophie Martin », « DURAND Paul », « Jean-Pierre CASTAGNÉ », « Castagné Jean-Pierre ».
    'shape': two or three capitalised words with one first name, the rest free (rare surnames):
    evidence only where a person is expected (a beneficiary without SIRET nor RNA).
    """
    value = _LIFE_DATES.sub("", value).strip()  # « Gaëtan COUDERC (1935-2001) »
    if not value or len(value) > 80 or any(c.isdigit() for c in value):
        return None
    civ = _CIVILITY.match(value)
    if civ:
        rest = _KIN_WORD.sub("", value[civ.end():])  # « Mme veuve Laporte », « M. et Mme époux Roux »
        if rest[:1].isupper() and not lx.has_organisation_word(fold(rest)) or _surname_only(rest):
            return "civility"  # « Mme du Plessis »; not « M. le Maire » (a role without a name)
        if value[:1].isupper() and _lower_name_after_civility(rest):
            return "civility"  # « Mr jean-marc ducos », « Melle inès da costa »
        return None
    if _initials_name(value) or _married_name(value):
        return "civility"
    trigger = _TRIGGER_VALUE.match(value)  # « famille Cassagne », « succession Dupuis », « consorts LEROY »
    if trigger and fold(trigger.group(1)) in _VALUE_TRIGGERS and _FAMILY_NAME.match(value[trigger.end():]) \
            and not lx.has_organisation_word(
            fold(value[trigger.end():])) and not lx.contains_eponym(fold(value[trigger.end():])):
        return "civility"
    if is_organisation(value) and not _owner_named_like_a_place(value):
        return None
    if any(w in _PLURAL_ARTICLES for w in fold(value).split()):
        return None  # « Les Ardents », « ESAT Les Ateliers », « Lous Esbagats », « Les Misérables »: no person
    couple = _couple(value)
    if couple is not None:
        return couple
    words = _name_parts(value)
    if not words:
        return None
    names = [w for i, w in enumerate(words)
             if not (_is_particle(w) and i < len(words) - 1) and not re.fullmatch(r"[dD]'\S+", w)]
    if not 2 <= len(names) <= 4:
        return None
    folded = fold(value)
    saint_surname = len(names) == 2 and _is_upper(names[-1]) and _is_title(names[0]) and lx.is_first_name(names[0], 3)
    if lx.is_eponym(folded) or lx.contains_eponym(folded, multiword=True) or not saint_surname and any(
            fold(w).split()[:1] and fold(w).split()[0] in SAINTS for w in names):
        return None  # « Fontaine Jean Jaurès », « Fontaine Saint-Martin »: named after a famous person or a saint
    if fold(names[-1]) in _MARKETS:
        return None  # « Colas France », « Keolis Europe »: a company's national branch
    first = [lx.is_first_name(w) for w in names]
    sur = [lx.is_surname(w) for w in names]
    upper = [_is_upper(w) for w in names]
    lower_all = all(w.islower() for w in names)
    # « Prénom NOM » / « NOM Prénom »: surname in capitals, first name(s) in title case.
    if any(upper) and not all(upper):
        caps = [w for w, u in zip(names, upper) if u]
        rest = [w for w, u in zip(names, upper) if not u]
        if all(lx.is_first_name(w) for w in rest) and (upper[0] or upper[-1]):
            return "listed"
    if all(upper) or all(_is_title(w) for w in names) or lower_all:
        # Both in title case (or both in capitals): one side a first name, the other a surname.
        if first[0] and all(sur[1:]) or first[-1] and all(sur[:-1]):
            if not all(upper) or any(lx.is_first_name(w, 3) for w in names):
                return "listed"
        if first[0] and len(names) >= 3 and first[1] and all(sur[2:]):
            return "listed"
    if any(first) and (first[0] or first[-1]) and not lower_all:
        return "shape"
    return None


def _lower_name_after_civility(rest: str) -> bool:
    """A name typed in small letters after a civility: 1 to 4 words of letters, no body's word, no role."""
    words = rest.replace("’", "'").split()
    if not 1 <= len(words) <= 4 or not all(re.fullmatch(rf"[{LOW}][{LOW}'\-]*", w) for w in words):
        return False
    folded = fold(rest)
    if lx.has_organisation_word(folded) or folded.split()[0] in lx.public_roles() or \
            folded.split()[0] in ("le", "la", "les", "l"):
        return False
    return any(lx.is_first_name(w) or lx.is_surname(w) for w in words if fold(w) not in PARTICLES)


_CAPS_INITIAL = re.compile(rf"^((?:[{UP}]['’])?[{UP}]{{2,}}(?:[-'’ ][{UP}]{{2,}})?)\s+([{UP}])\.?$")


@lru_cache(maxsize=200_000)
def capitals_name(value: str) -> bool:
    """« CARRÈRE WOJCIECH », « D'ARTIGUES MARIE-ANNE », « SAINT-JEAN NOÉMIE », « ÖZTÜRK C »: a name written all
    in capitals, surname first or last, or a surname and an initial. Evidence where a person is expected."""
    value = value.strip()
    if not value or any(c.isdigit() for c in value) or not _is_upper(value.replace(" ", "")):
        return False
    folded = fold(value)
    if lx.has_organisation_word(folded) or lx.contains_eponym(folded) or \
            any(w in _MARKETS or w in lx.trade_words() or lx.is_brand(w) for w in folded.split()):
        return False
    m = _CAPS_INITIAL.match(value)
    if m:
        surname = m.group(1)
        return (lx.is_surname(surname) or lx.is_surname(surname.replace("'", "").replace("’", ""))) and \
            not lx.is_first_name(surname, 2) and not _acronym_only(surname)
    words = value.replace("’", "'").split()
    if not 2 <= len(words) <= 3 or any(fold(w) in ("des", "les", "aux", "et") for w in words):
        return False  # « ADIL DES LANDES »: a body of a place
    for first, rest in ((words[-1], words[:-1]), (words[0], words[1:])):
        if not lx.is_first_name(first) or fold(first) in PARTICLES or fold(first) in SAINTS:
            continue
        surname = " ".join(rest)
        core = re.sub(r"^[DdLl]'", "", _LEAD_PARTICLES.sub("", surname)).strip()
        if not core or len(core) < 2:
            continue
        parts = [p for p in re.split(r"[- ]", core) if p and fold(p) not in SAINTS]
        if parts and (lx.is_surname(core) or lx.is_surname(surname) or all(lx.is_surname(p) for p in parts)):
            return True
    return False


def _acronym_only(word: str) -> bool:
    return len(word) <= 4 and not lx.is_surname(word, 2)


@lru_cache(maxsize=50_000)
def _commune(word: str) -> bool:
    return bool(communes_named(word))


@lru_cache(maxsize=200_000)
def unlisted_first_name_shape(value: str, surname_class: int = 3) -> bool:
    """« Agnieszka NOWAK », « Siranouche Papazian »: two words, no particle, a listed surname and a word
    neither list knows (a first name from elsewhere). Not « Orange Business », « Funérarium du Causse »."""
    if any(w in _PLURAL_ARTICLES for w in fold(value).split()):
        return False  # « Lous Esbagats »
    value = _MARITAL.split(value)[0]  # « Agnieszka Touzet née Sempé »: the name before « née » decides
    raw = value.split()
    words = [w for i, w in enumerate(raw) if not (_is_particle(w) and i < len(raw) - 1)]  # « VAN DER BERG Haingo »
    if len(words) != 2 or any(c.isdigit() for c in value) or is_organisation(value) or \
            lx.contains_eponym(fold(value)) or all(w.islower() for w in words):
        return False
    if not all(re.fullmatch(rf"[{UP}][{UP}{LOW}'’\-]+", w) for w in words):
        return False
    upper = [_is_upper(w) for w in words]
    if not _foreign_first_name_shape(words, upper, surname_class):
        return False
    if any(upper):
        return True
    return not lx.is_first_name(words[0])  # a listed first name before it: the lenient shape, not this one


def _foreign_first_name_shape(names: list[str], upper: list[bool], surname_class: int = 3) -> bool:
    """A first name missing from INSEE's list beside a listed surname: the surname in capitals on either
    side, or last in title case. Evidence only where a person is expected (a person's header, « versée à »)."""
    if upper[0] and not upper[1]:
        surname, other = names[0], names[1]
    elif upper[1] and not upper[0]:
        surname, other = names[1], names[0]
    elif not any(upper):  # « Siranouche Papazian », « Cabanes Souksavanh »: a surname that is no first name,
        # and a word neither list knows (« Orange Business »: Orange is a first name)
        known = [lx.is_first_name(w) or lx.is_surname(w) for w in names]
        if known.count(True) != 1 or any(lx.is_first_name(w) for w in names):
            return False
        surname, other = (names[0], names[1]) if known[0] else (names[1], names[0])
    else:
        return False
    if not any(upper) and _commune(surname):
        return False  # « Kiwanis Lons », « Repair café Lescar »: a place, not a surname, as far as shape goes
    return (lx.is_surname(surname, surname_class) and len(other) >= 3 and other.replace("-", "").isalpha()
            and not lx.is_organisation_word(other) and fold(other) not in lx.trade_words()
            and not lx.is_brand(fold(other)) and not _acronym(surname))


def is_person_name(value: str, lenient: bool = False) -> bool:
    kind = person_name_kind(value)
    return kind is not None and (lenient or kind != "shape")


def is_name_list(value: str, lenient: bool = False) -> bool:
    """« Jean DUPONT, Marie DUPONT », « M. et Mme Durand »: every part is a person's name."""
    if is_person_name(value, lenient):
        return True
    value = _RELATION_LABEL.sub(" ", _LIFE_DATES.sub("", value)).strip()  # « tante : Anne ROUX / voisin : … »
    if is_person_name(value, lenient):
        return True
    parts = [p for p in _LIST_SEP.split(value) if p]
    return 1 < len(parts) <= 8 and all(is_person_name(p, lenient) for p in parts)


# « tante : », « voisine : », « grand-père : »: how a listed person relates to the row's subject
_RELATION_LABEL = re.compile(r"(?:^|(?<=[;,/]))\s*[^\W\d][\w'’ \-]{1,24}?\s*:\s*")


def is_first_name_value(value: str) -> bool:
    """« Léa », « Jean-Pierre », « Marie, Louise »: first names only."""
    parts = [p for p in _LIST_SEP.split(value.strip()) if p]
    return bool(parts) and all(lx.is_first_name(p) and not any(c.isdigit() for c in p) for p in parts)


def is_surname_value(value: str) -> bool:
    """« DURAND », « Le Goff », « Martin-Pécheur »: a surname alone (evidence only with a name header)."""
    value = value.strip()
    if not value or any(c.isdigit() for c in value) or len(value.split()) > 4 or is_organisation(value):
        return False
    return lx.is_surname(value) or bool(re.fullmatch(rf"[{UP}][{UP}'\- ]+", value))


# -- free text ------------------------------------------------------------------------------------

_NAME_TOKEN = rf"(?:(?:[{UP}]['’])?[{UP}][{LOW}'’]+(?:-[{UP}][{LOW}'’]+)*|(?:[{UP}]['’])?[{UP}]{{2,}}(?:[-'’][{UP}]+)*)"
_PARTICLE_RX = r"(?:(?:de|du|des|d'|d’|le|la|van|von|der|da|dos|del|di|ben|el)\s*)"
_CIVILITY_TEXT = re.compile(
    r"(?<![\w])(?:M\.|MM\.|Mr\.?|Mme\.?|Mmes|Mlle\.?|Melle|Monsieur|Messieurs|Madame|Mesdames|Mademoiselle|"
    r"Me|Maître|Dr\.?|Docteur|Pr\.?|(?<=\s)M(?=\s+[A-Z]))"
    rf"(?:\s+(?:et|&)\s+(?:M\.|Mme\.?|Madame|Monsieur))?\s+(?:{_PARTICLE_RX}?{_NAME_TOKEN}\s*){{1,4}}")
_PAIR_TEXT = re.compile(rf"(?<![\w'’])({_NAME_TOKEN}(?:\s+{_PARTICLE_RX}?{_NAME_TOKEN}){{1,3}})(?![\w'’])")
_KIN_WORDS = (
    r"(?i:\b(?:fils|fille|filles|[ée]poux|[ée]pouse|mari|femme|conjoint|conjointe|voisin|voisine|neveu|ni[èe]ce|"
    r"fr[èe]re|s(?:oe|œ)ur|petit-fils|petite-fille|gendre|belle-fille|beau-fils|aidant|aidante|tuteur|tutrice|"
    r"m[èe]re|p[èe]re|ami|amie|cousin|cousine|parent|maman|papa|mamie|papi|papy|tante|oncle|grand-m[èe]re|"
    r"grand-p[èe]re|nounou|beau-p[èe]re|belle-m[èe]re)\b)\W{0,3}\(?\s*")
_KIN = re.compile(_KIN_WORDS + rf"({_NAME_TOKEN}(?:\s+{_NAME_TOKEN}){{1,2}})")
_KIN_LOWER = re.compile(_KIN_WORDS + rf"([{LOW}][{LOW}'’\-]+ [{LOW}][{LOW}'’\-]+)(?![\w'’])")
_STREETISH = re.compile(
    r"(?<![\w])(?:rue|avenue|av|bd|boulevard|place|pl|all[ée]e|impasse|chemin|route|quai|cours|square|parc|jardin|"
    r"[ée]cole|coll[èe]ge|lyc[ée]e|groupe scolaire|salle|gymnase|stade|complexe|espace|maison|centre|"
    r"m[ée]diath[èe]que|biblioth[èe]que|association|asso|club|comit[ée]|foyer|r[ée]sidence|cit[ée]|pont|"
    r"halle|piscine|th[ée][âa]tre|cin[ée]ma|mus[ée]e|prix|festival|fondation|institut|amicale|fresque|"
    r"exposition|hommage|projet|spectacle|concert|op[ée]ration|lotissement|quartier|ehpad|cr[èe]che|"
    r"domaine|h[ôo]pital|clinique|promenade|esplanade|rond-point|carrefour|passage|sentier|"
    r"saint|sainte|st|ste|ensemble|chorale|orchestre|troupe|compagnie|cercle|amis|union|soci[ée]t[ée]|"
    r"ecole|stade|gymnase|bo[uû]lodrome|skate-?park|aire|base|port|golf|camping|auberge|refuge|ludoth[èe]que|"
    r"[ée]quipe|[ée]quipement|h[ôo]tel|galerie|auditorium|cin[ée]ma|conservatoire|universit[ée]|campus|prom)"
    # a building's, a club's or a group's word, maybe with its qualifiers (« Complexe sportif », « Club
    # cycliste », « Ensemble vocal »): the name after it is the equipment's or the group's, not a person
    r"(?:\s+(?:(?:des|du|de la|de|d'|l')\s*)?(?!(?:pour|avec|dans|chez|sans|vers|contre|entre|selon|apr[èe]s|"
    r"avant)\b)[a-zà-ÿ][a-zà-ÿ\-]{3,}){0,2}"
    r"\W*(?:de\s+la\s+|des\s+|du\s+|de\s+|d'|la\s+|le\s+|les\s+)?$", re.I)


# Phrases after which a deed names its party (« cession à », « au profit de », « sur demande de »…): there a
# name with a person's shape is enough, even with a first name INSEE does not list.
_BENEFICIARY_BEFORE = re.compile(
    r"(?i:(?:au profit|en faveur|au b[ée]n[ée]fice|pour le compte|sur (?:la )?demande|[àa] la demande|"
    r"de la part|au nom)\s+(?:de\s+|d['’]\s*)|(?:vers[ée]e?s?|accord[ée]e?s?|attribu[ée]e?s?|allou[ée]e?s?|"
    r"rembours[ée]e?s?|octroy[ée]e?s?|cession|vente|c[ée]d[ée]e?s?|lou[ée]e?s?|notifi[ée]e?s?|caution|"
    r"remboursement)\s+(?:[àa]|aux)\s+|(?:form[ée]e?s?|d[ée]pos[ée]e?s?|pr[ée]sent[ée]e?s?|sign[ée]e?s?|"
    r"introduit|introduite)\s+par\s+)$")
# Where any preposition puts a party: a name with a person's shape and no body's
# word there is a person (« désistement de Tsering Kerhervé », « pour KOFI POPESCU »). Not in a text written
# all in capitals, where capitals say nothing (« SUBVENTION … BAIE DE SOMME SUD »).
_PARTY_BEFORE = re.compile(r"(?i:(?:^|[\s(])(?:de|d['’]|[àa]|pour|par|chez|avec|aupr[èe]s de|pr[ée]sence de|"
                           r"l['’]attention de|entre)\s*)$")


def _beneficiary_name(words: list[str]) -> bool:
    """Two or three capitalised words read as a person's name in a party's place (no body's word)."""
    candidate = " ".join(words)
    folded = fold(candidate)
    if lx.has_organisation_word(folded) or lx.contains_eponym(folded) or \
            any(fold(w).split()[0] in SAINTS for w in words) or fold(words[0]) in ("la", "le", "l") or \
            any(fold(w) in _MARKETS for w in words):
        return False  # « La Poste », « Colas France »: a body, not a first name and a surname
    if len(words) == 2 and lx.is_first_name(words[0], 3) and _is_title(words[0]) and _is_upper(words[1]) and \
            len(words[1]) >= 4:
        return True  # « Tanguy DORJE »: a common first name, then a surname in capitals no list knows
    if len(words) == 2 and all(_is_upper(w) for w in words) and min(len(w) for w in words) >= 3:
        known = [lx.is_first_name(w) or lx.is_surname(w) for w in words]
        if any(lx.is_first_name(w, 3) for w in words) or known.count(True) == 1:
            return True  # « pour KOFI POPESCU », « de ESTEVE ETXEBERRIA »
    if any(_acronym(w) for w in words) or any(fold(w) in lx.trade_words() for w in words):
        return False
    if person_name_kind(candidate) in ("listed", "shape") or unlisted_first_name_shape(candidate, 4):
        return True
    if len(words) == 2 and not any(_is_upper(w) for w in words):  # « Tsering Kerhervé »: unknown, then a surname
        if lx.is_surname(words[1]) and not lx.is_first_name(words[0]) and not lx.is_surname(words[0]):
            return True
    # « au bénéfice de Bernat Öztürk »: every word a listed first name or a surname borne by many
    return all(lx.is_first_name(w) or lx.is_surname(w, 3) for w in words) and \
        not any(fold(w) in ("des", "les") for w in words)


def _party_name(text: str, start: int, words: list[str]) -> bool:
    """A capitalised run where a deed names its party (see _BENEFICIARY_BEFORE, _PARTY_BEFORE)."""
    before = text[max(0, start - 40):start]
    if not 2 <= len(words) <= 3 or _is_particle(words[-1]) or \
            not (_BENEFICIARY_BEFORE.search(before) or _PARTY_BEFORE.search(before)):
        return False
    if _HONOURED_BEFORE.search(before):
        return False  # « Hommage à Missak Manouchian »: a famous person honoured
    previous = re.search(r"(\S+)\s+\S+\s*$", before)
    if previous and previous.group(1)[:1].isupper() and lx.is_organisation_word(previous.group(1)):
        return False  # « Chorale À Cœur Joie »: the words are a body's name, not a party
    end = start + len(" ".join(words))
    after = re.match(r"\W*([\w'’-]+(?:\.\w)*)", text[end:end + 40])
    if after and (lx.is_organisation_word(after.group(1)) or is_organisation(after.group(1))):
        return False  # « pour Jean Martin Transports », « de Launay Lefèvre S.A.R.L. »
    return _beneficiary_name(words)


_HONOURED_BEFORE = re.compile(r"(?i:hommage|honneur|m[ée]moire|souvenir|comm[ée]moration|centenaire|"
                              r"biographie|œuvres?|oeuvres?|d[ée]nomination|baptis[ée]e?)\s+(?:[àa]|de|d['’]|du|au|aux)?\s*$")
_LOWER_PAIR = re.compile(rf"(?<![\w'’])(?=([{LOW}][{LOW}'’\-]+) ([{LOW}][{LOW}'’\-]+)(?![\w'’]))")  # overlapping


def _lower_case_spans(text: str) -> list[tuple[int, int]]:
    """« désistement de théo goikoetxea »: a name typed in small letters, where a deed names its party: a
    first name given at least 50 times a year, then a surname (or a word no list knows), no body's word."""
    spans = []
    for m in _LOWER_PAIR.finditer(text):
        first, last = m.group(1), m.group(2)
        end = m.start() + len(first) + 1 + len(last)
        if not _PARTY_BEFORE.search(text[max(0, m.start() - 40):m.start()]) or len(last) < 3:
            continue
        if _lower_pair_is_name(first, last):
            spans.append((m.start(), end))
    return spans


def _lower_pair_is_name(first: str, last: str) -> bool:
    """« théo goikoetxea »: a first name given at least 50 times a year, then a word that is no common first
    name (a surname, or a word no list knows), no particle, no body's or trade's word."""
    if fold(first) in PARTICLES or fold(last) in PARTICLES or len(last) < 3 or \
            lx.has_organisation_word(fold(f"{first} {last}")) or fold(last) in lx.trade_words():
        return False
    return lx.is_first_name(first, 3) and (lx.is_first_name(first, 2) or not lx.is_surname(first, 1)) and \
        (lx.is_surname(last) or not lx.is_first_name(last)) and not lx.is_first_name(last, 2)


@lru_cache(maxsize=200_000)
def lower_case_name(value: str) -> bool:
    """A whole value typed in small letters that reads « prénom nom » (evidence where a person is expected)."""
    words = value.split()
    return len(words) == 2 and all(re.fullmatch(rf"[{LOW}][{LOW}'’\-]+", w) for w in words) and \
        _lower_pair_is_name(*words)


def _pair_is_person(text: str, start: int, words: list[str]) -> bool:
    """A « Prénom NOM » / « NOM Prénom » / « Prénom Nom » pair in running text."""
    if _is_particle(words[-1]):
        return False  # « Hermione La fayette », « UN PIED SUR LE TERRAIN »: in a text, « La », « LE » are articles
    before = text[max(0, start - 40):start]
    if _STREETISH.search(before):
        return False  # « rue Victor Hugo », « école Jules Ferry », « Association Pablo Neruda »
    end = start + len(" ".join(words))
    after = re.match(r"\W*([\w'’-]+)", text[end:end + 40])
    if after and lx.is_organisation_word(after.group(1)):
        return False  # « Lou Garou Production », « Jean Martin Transports »
    candidate = " ".join(words)
    folded = fold(candidate)
    if fold(words[0]) in SAINTS:
        return False
    if lx.contains_eponym(folded) or lx.has_organisation_word(folded):
        return False
    if any(_acronym(w) for w in words):
        return False
    return person_name_kind(candidate) == "listed"


_OFFICE_AFTER = re.compile(
    r"^\s*,?\s*(?:(?:le|la|en tant que|en sa qualit[ée] de)\s+)?(?:(?:1er|1re|\d+e|\d+[èe]me|premi[eè]re?)\s+)?"
    r"(?:maire|adjoint|adjointe|conseill[eè]re?s?\s+(?:municipa|d[ée]l[ée]gu|communautaire|d[ée]partement)|"
    r"d[ée]l[ée]gu[ée]e?\s+(?:aux?|à la|au)|rapporteur|rapporteuse)", re.I)
_OFFICE_BEFORE = re.compile(
    r"(?:[ée]lection|installation|d[ée]mission|d[ée]l[ée]gation(?: de (?:fonction|signature))?|"
    r"d[ée]sign[ée]e?|[ée]lue?|rapport(?: pr[ée]sent[ée])? par|nomination)\s+(?:de|d'|à|a|par)?\s*"
    r"(?:M\.|Mme|Monsieur|Madame)?\s*$", re.I)


def _in_office(text: str, start: int, end: int) -> bool:
    """« Élection de Mme X au poste de 3e adjointe », « rapport de M. Y, adjoint aux finances »: an élu named
    about their mandate (public, CRPA D312-1-3), not a private person."""
    after = text[end:end + 60]
    if re.match(r"^\s*(?:au poste|aux fonctions|comme|en qualit[ée])\b.{0,30}(?:maire|adjoint|conseill|d[ée]l[ée]gu)",
                after, re.I):
        return True
    if _OFFICE_AFTER.match(after) or _OFFICE_APPOSITION.search(text[max(0, start - 45):start]):
        return True  # « M. Lesbats, 1er adjoint », « le Maire, Christophe Bédouret, »
    return bool(_OFFICE_BEFORE.search(text[max(0, start - 45):start]))


_OFFICE_APPOSITION = re.compile(
    r"(?i:\b(?:le|la|son|sa|notre)\s+(?:(?:1er|1re|\d+e|\d+[èe]me|premi[eè]re?)\s+)?(?:maire|adjointe?|"
    r"conseill[eè]re?(?:\s+\w+)?|d[ée]l[ée]gu[ée]e?(?:\s+\w+){0,3}|pr[ée]sidente?|rapporteur|rapporteuse)"
    r"\s*,\s*(?:M\.|Mme|Monsieur|Madame)?\s*)$")


_INITIAL_TEXT = re.compile(
    rf"(?<![\w.])([{UP}]\.(?:\s?-?\s?[{UP}]\.){{0,2}})\s*((?:{_PARTICLE_RX}|(?:Le|La|Du|De|Van|Von|Da)\s+)?"
    rf"{_NAME_TOKEN}(?:-{_NAME_TOKEN})?)(?![\w'’])")


_INITIAL_AFTER_TEXT = re.compile(
    rf"(?<![\w'’.])({_NAME_TOKEN}(?:[ -]{_NAME_TOKEN})?)\s+[{UP}]\.(?:\s?-?\s?[{UP}]\.)?(?![\w])")


def _initial_spans(text: str) -> list[tuple[int, int]]:
    """« suite à la demande de K. Poulain », « devant chez J.-M. Le Gall »: initials then a surname."""
    spans = []
    for m in _INITIAL_TEXT.finditer(text):
        name = m.group(2)  # « M. le Maire »: _surname_only refuses a role
        if _STREETISH.search(text[max(0, m.start() - 40):m.start()]):
            continue
        if _surname_only(name) and (lx.is_surname(_LEAD_PARTICLES.sub("", name).strip()) or
                                    any(_is_upper(w) for w in name.split())):
            spans.append((m.start(), m.end()))
    for m in _INITIAL_AFTER_TEXT.finditer(text):  # « encaissement de Kévorkian S. », « LARRIEU J.-P. »
        name = m.group(1)
        if _STREETISH.search(text[max(0, m.start() - 40):m.start()]) or fold(name.split()[0]) in SAINTS or \
                _is_particle(name.split()[0]):
            continue
        if _surname_only(name) and not lx.is_first_name(name, 2) and \
                (lx.is_surname(name) or any(_is_upper(w) for w in name.split())):
            spans.append((m.start(), m.end()))
    return spans


def _trigger_spans(text: str) -> list[tuple[int, int]]:
    """« famille Castagné », « succession Dupuis », « consorts LEROY », « veuve Martin »."""
    spans = []
    for m in re.finditer(rf"(?<![\w])([A-Za-zÀ-ÿ]+)\s+((?:{_PARTICLE_RX}?{_NAME_TOKEN})(?:[\s-]+{_NAME_TOKEN}){{0,2}})",
                         text):
        if fold(m.group(1)) in lx.person_triggers():
            name = m.group(2)
            if not lx.has_organisation_word(fold(name)) and not _STREETISH.search(name + " "):
                spans.append((m.start(2), m.end(2)))
    return spans


@lru_cache(maxsize=200_000)
def person_spans(text: str) -> tuple[tuple[int, int], ...]:
    """Where natural persons are named in a free text (character spans to occult)."""
    if not text or not any(c.isupper() for c in text):
        return tuple(_merge(_list_spans(text))) if ";" in text else ()
    spans: list[tuple[int, int]] = []
    for m in _CIVILITY_TEXT.finditer(text):
        tail = text[m.start():m.end()]
        name = _CIVILITY.sub("", tail)
        if lx.has_organisation_word(fold(name)):
            continue
        core = fold(_LEAD_PARTICLES.sub("", name.strip())).split()
        if core and core[0] in lx.public_roles():
            continue  # « Rapport de M. le Maire »: a role, nobody named
        spans.append((m.start(), m.start() + len(tail.rstrip())))  # the space after the name stays
    spans += _trigger_spans(text)
    spans += _initial_spans(text)
    letters = [c for c in text if c.isalpha()]
    shouting = sum(c.isupper() for c in letters) > 0.6 * len(letters)  # capitals say nothing there
    if not shouting:
        spans += _lower_case_spans(text)
    for m in _KIN.finditer(text):
        if person_name_kind(m.group(1)) in ("listed", "shape"):
            spans.append((m.start(1), m.end(1)))
    for m in _KIN_LOWER.finditer(text):  # « maman (inès faure) »
        if _lower_pair_is_name(*m.group(1).split()):
            spans.append((m.start(1), m.end(1)))
    for m in _PAIR_TEXT.finditer(text):
        words = m.group(1).split()
        if _STREETISH.search(text[max(0, m.start(1) - 40):m.start(1)]):
            continue  # « Association Hô Chi Minh », « Club des aînés Le Bel Âge »: no window of it is a person
        if not shouting and _party_name(text, m.start(1), words):
            spans.append((m.start(1), m.end(1)))  # « indemnité versée à Siranouche Papazian »
            continue
        if not shouting and len(words) >= 3 and fold(words[0]) in lx.trade_words() and not _is_particle(words[1]) and \
                _PARTY_BEFORE.search(text[max(0, m.start(1) - 40):m.start(1)]) and _beneficiary_name(words[1:]):
            inner = list(re.finditer(r"\S+", m.group(1)))
            spans.append((m.start(1) + inner[1].start(), m.end(1)))  # « aide à Taxi Zeynep LEFEBVRE »: its owner
            continue
        inner = [w for w in re.finditer(r"\S+", m.group(1))]
        cut = next((k for k, w in enumerate(inner[:-1]) if fold(w.group(0)) in ("de", "d", "du", "des")
                    and k > 0), None)
        head = words[:cut] if cut is not None else []
        if cut is not None and not shouting and not lx.has_organisation_word(fold(" ".join(head))) and \
                not any(_acronym(w) or _is_upper(w) for w in head) and \
                _party_name(text, m.start(1) + inner[cut + 1].start(), words[cut + 1:]):
            spans.append((m.start(1) + inner[cut + 1].start(), m.end(1)))  # « Désistement de Tsering Kerhervé »
            continue
        # try the longest run first, then the two-word windows inside it
        if _pair_is_person(text, m.start(1), words):
            spans.append((m.start(1), m.end(1)))
            continue
        offset = m.start(1)
        positions = [(w.start() + offset, w.end() + offset) for w in re.finditer(r"\S+", m.group(1))]
        for i in range(len(words) - 1):
            if any(lx.is_organisation_word(w) for w in words[:i + 1]):
                continue  # « Association Hô Chi Minh »: what follows a body's word is the body's name
            for size in (3, 2):  # « Loïc Le Floc'h » inside « Recrutement de Loïc Le Floc'h »
                if i + size < len(words) and _is_particle(words[i + size - 1]):
                    continue  # « Perrier Le » of « Perrier Le Gall SA »: a particle ends no name
                if i + size <= len(words) and _pair_is_person(text, positions[i][0], words[i:i + size]):
                    spans.append((positions[i][0], positions[i + size - 1][1]))
                    break
    spans = [(s, e) for s, e in spans if not _in_office(text, s, e) and not _only_communes(text[s:e])]
    spans += _staff_deed_spans(text)  # « Recrutement de X en qualité d'adjoint »: the agent is named privately
    if shouting:
        spans += _payment_label_spans(text)
    spans += _list_spans(text)
    spans += _marital_spans(text)
    spans += _lower_civility_spans(text)
    return tuple(_merge(_with_companions(text, spans)))


def _only_communes(name: str) -> bool:
    """« Handball - La Rochelle Périgny », « entente Niort Chauray »: commune names one after the other name
    a place (a club's towns), not a person. A word that is also a first name keeps it a person's name
    (« Nancy Laval »)."""
    words = name.split()
    if len(words) < 2:
        return False
    i = 0
    while i < len(words):
        for size in (3, 2, 1):
            if i + size <= len(words) and _commune(" ".join(words[i:i + size])):
                if size == 1 and lx.is_first_name(words[i]):
                    return False
                i += size
                break
        else:
            return False
    return True


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for s, e in sorted(spans):
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out


# -- deeds, labels and lists (spans added to person_spans) -----------------------------------------

_STAFF_DEED = re.compile(
    r"(?i:\b(?:recrutement|embauche|engagement|titularisation|stagiairisation|mutation|d[ée]tachement|"
    r"reclassement|radiation|licenciement|avancement|int[ée]gration|contrat|renouvellement(?: du contrat)?|"
    r"mise (?:[àa] disposition|en disponibilit[ée]|en stage))\s+(?:de\s+|d['’]\s*))"
    r"(?P<name>[^\s,;:()]+(?:,?\s+[^\s,;:()]+){0,4}?)"
    r"(?=\s*,?\s+(?i:en qualit[ée]|comme|au poste|en tant qu|sur (?:le|un) poste|au grade|pour (?:le|un) poste|"
    r"[àa] compter|[àa] temps|en contrat|en CDD|en CDI)|\s*$)")
_ARTICLES = {"le", "la", "les", "l", "un", "une", "des", "du", "ce", "cette", "ses", "son", "sa", "deux", "trois"}


def _staff_deed_spans(text: str) -> list[tuple[int, int]]:
    """« Recrutement de CAZAUBON JEAN-LUC en qualité de… », « … de Santos, Inês comme ATSEM »: the person the
    deed is about, written in any order or case."""
    spans = []
    for m in _STAFF_DEED.finditer(text):
        name = m.group("name")
        words = [w.strip(",.") for w in name.split()]
        folded = fold(name)
        if not words or fold(words[0]) in _ARTICLES or lx.has_organisation_word(folded) or \
                any(fold(w) in lx.public_roles() for w in words):
            continue
        named = [w for w in words if lx.is_first_name(w) or lx.is_surname(w) or re.fullmatch(rf"[{UP}]\.?", w)]
        if named and len(words) <= 4:
            spans.append((m.start("name"), m.end("name")))
    return spans


_MONTHS = {"janvier", "fevrier", "mars", "avril", "mai", "juin", "juillet", "aout", "septembre", "octobre",
           "novembre", "decembre", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"}


def _payment_label_spans(text: str) -> list[tuple[int, int]]:
    """« ACOMPTE SUCCESSION KHATCHADOURIAN », « REMB CAUTION SALLE LABORDE »: in a label written in capitals
    with a payment word, the surname(s) that end it (before a date or a number) are a person's."""
    tokens = list(re.finditer(r"[^\s/,;:()]+", text))
    folded = [fold(t.group(0)) for t in tokens]
    if not any(f in lx.payment_causes() for f in folded):
        return []
    end = len(tokens)
    while end and (re.search(r"\d", tokens[end - 1].group(0)) or folded[end - 1] in _MONTHS):
        end -= 1  # « … LABORDE 03/2025 », « … SEMPE MARS »
    start = end
    while start > 0 and end - start < 3:
        word, f = tokens[start - 1].group(0), folded[start - 1]
        if f in lx.payment_causes() or lx.is_organisation_word(word) or f in _MONTHS or \
                not re.fullmatch(rf"(?:[{UP}]['’])?[{UP}{LOW}'’\-]+", word) or f in lx.trade_words():
            break
        if not (lx.is_surname(word) or lx.is_first_name(word) or f in PARTICLES):
            break
        start -= 1
    run = tokens[start:end]
    before = tokens[start - 1].group(0) if start else ""
    if not run or not (fold(before) in lx.payment_causes() or lx.is_organisation_word(before)) or \
            all(folded[i] in PARTICLES for i in range(start, end)) or \
            not any(lx.is_surname(t.group(0)) for t in run) or lx.has_organisation_word(" ".join(folded[start:end])):
        return []
    return [(run[0].start(), run[-1].end())]


def _segment_is_name(segment: str) -> bool:
    """A list item that is a person's name in any writing: « Capdevielle, Lise », « anne-marie pham »,
    « De Carvalho P. », « LAFFARGUE T. », « M. Roux »."""
    seg = segment.strip().strip(".")
    if not seg or len(seg.split()) > 5 or any(c.isdigit() for c in seg) or lx.has_organisation_word(fold(seg)):
        return False
    if person_name_kind(seg) is not None or capitals_name(seg) or lower_case_name(seg) or _initials_name(seg + "."):
        return True
    if "," in seg:
        a, _, b = seg.partition(",")
        return person_name_kind(f"{b.strip()} {a.strip()}") in ("listed", "shape", "civility")
    words = seg.split()
    lead = _LEAD_PARTICLES.sub("", seg).strip()
    if lead != seg and _initials_name(lead):
        return True  # « De Carvalho P. »
    if all(re.fullmatch(rf"[{LOW}][{LOW}'’\-]+", w) for w in words) and 2 <= len(words) <= 3:
        return any(lx.is_first_name(w, 3) for w in words) and any(lx.is_surname(w) for w in words)
    return False


_OCCULTED = re.compile(r"^\[[^\]]*\]$|^[\W_]*$|^X+$|^\*+$")


def _list_spans(text: str) -> list[tuple[int, int]]:
    """Names listed with « ; » (or « / »): when most items are names, every name-like item is occulted, not
    only those the other rules read."""
    parts = list(re.finditer(r"[^;/]+", text))
    if len(parts) < 2:
        parts = list(re.finditer(r"[^,]+", text))  # « Lise Baqué, PEIO SEMPÉ, M. Roux »: three or more
        if len(parts) < 3:
            return []
    named = [p for p in parts if _segment_is_name(p.group(0))]
    others = [p for p in parts if p not in named and not _OCCULTED.match(p.group(0).strip())]
    if not named or len(others) > len(named):
        return []
    return [(p.start() + len(p.group(0)) - len(p.group(0).lstrip()), p.end() - (len(p.group(0)) - len(p.group(0).rstrip())))
            for p in named]


_MARITAL_TEXT = re.compile(
    rf"(?<![\w'’])((?:{_PARTICLE_RX})?{_NAME_TOKEN}(?:[\s-]+{_NAME_TOKEN})?)\s+(?i:n[ée]e|[ée]pouse|[ée]p\.|veuve|vve)"
    rf"(?:\s+((?:{_PARTICLE_RX})?{_NAME_TOKEN}(?:[\s-]+{_NAME_TOKEN})?))?")


def _marital_spans(text: str) -> list[tuple[int, int]]:
    """« DARRIGRAND née … », « Pédebernade épouse Laborde »: the names on both sides of « née », « épouse »."""
    spans = []
    for m in _MARITAL_TEXT.finditer(text):
        for g in (1, 2):
            name = m.group(g)
            if not name or lx.has_organisation_word(fold(name)) or fold(name).split()[0] in lx.public_roles() or \
                    fold(name).split()[0] in SAINTS | {"la", "le", "les"}:
                continue
            if lx.is_surname(name.split()[-1]) or lx.is_first_name(name.split()[0]) or _is_upper(name.split()[-1]):
                spans.append((m.start(g), m.end(g)))
    return spans


_LOWER_CIVILITY = re.compile(rf"(?<![\w])(?:M\.|MM\.|Mr\.?|MR\.?|Mme\.?|MME\.?|Mlle\.?|Melle|Monsieur|Madame|Mademoiselle)"
                             rf"\s+([{LOW}][{LOW}'’\-]+(?:\s+[{LOW}][{LOW}'’\-]+){{0,2}})")


def _lower_civility_spans(text: str) -> list[tuple[int, int]]:
    """« pour le compte de Mme ginette bordenave »: a name in small letters after a civility."""
    spans = []
    for m in _LOWER_CIVILITY.finditer(text):
        words = m.group(1).split()
        while len(words) > 1 and not (lx.is_surname(words[-1]) or lx.is_first_name(words[-1])) and \
                not _lower_name_after_civility(" ".join(words)):
            words = words[:-1]
        name = " ".join(words)
        if _lower_name_after_civility(name):
            spans.append((m.start(1), m.start(1) + len(name)))
    return spans


def _with_companions(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """« chez LOUSTALOT Bernat et Joana », « SEMPÉ Aurélie, Mehdi »: a first name joined to a named person."""
    out = []
    for s, e in spans:
        m = re.match(rf"\s*(?:,|et|&)\s*([{UP}][{LOW}'’\-]+)(?![\w'’])", text[e:e + 40])
        if m and lx.is_first_name(m.group(1)) and not lx.is_organisation_word(m.group(1)):
            e = e + m.end()
        out.append((s, e))
    return out
