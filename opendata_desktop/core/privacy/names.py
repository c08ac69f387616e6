"""Is this value a natural person's name? Is this one an organisation's? Where are people named in a text?

Evidence, each explainable: a civility (« M. », « Mme »…), INSEE first names and surnames, the shape of
French names (« Prénom NOM », « NOM Prénom », hyphenated first names, particles, « épouse X »), and
negative evidence: legal forms, association and public-body words, buildings and streets, acronyms in
capitals (ADMR, CIDFF), and famous people whose names places and associations carry.
"""

from __future__ import annotations

import re
from functools import lru_cache

from opendata_desktop.core.privacy import lexicon as lx
from opendata_desktop.core.textnorm import fold

UP = "A-ZÀÂÄÇÉÈÊËÎÏÔÖÙÛÜŸÆŒÁÍÓÚÑÃÕÅØČĆŠŽŁŃĘ"
LOW = "a-zàâäçéèêëîïôöùûüÿæœßáíóúñãõåøčćšžłńę"  # with Spanish, Portuguese, Slavic letters
_WORD = re.compile(rf"[{UP}{LOW}][{UP}{LOW}'’\-]*\.?")
_CIVILITY = re.compile(
    r"^\s*(?:(?:m\.|mm\.|mr\.?|mme\.?|mmes\.?|mlle\.?|melle\.?|monsieur|messieurs|madame|mesdames|mademoiselle|"
    r"me|ma[iî]tre|dr\.?|docteur|pr\.?|professeur|m)(?:\s+(?:et|ou|&)\s+(?:m\.|mme\.?|madame|monsieur|m))?)\s+"
    r"(?=\S)", re.I)
_PARTICLES = {"de", "du", "des", "d", "le", "la", "les", "van", "von", "der", "den", "da", "dos", "das", "do",
              "del", "della", "di", "ben", "bin", "ibn", "el", "al", "mac", "mc", "ter", "ten", "y", "af"}
_MARITAL = re.compile(r"\s+(?:[ée]pouse|ép\.|ep\.|née|nee|veuve|vve|divorcée|dite?)\s+", re.I)
_LIFE_DATES = re.compile(r"\s*\([^()]*\)")  # « (1922-1996) », « (fils) »
_LIST_SEP = re.compile(r"\s*(?:,|;|/|&|\+|\bet\b)\s*")


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


@lru_cache(maxsize=200_000)
def is_organisation(value: str) -> bool:
    """Legal forms, association / public-body / building words, acronyms, eponyms: not a person."""
    folded = fold(value)
    if not folded:
        return False
    if lx.has_organisation_word(folded):
        return True
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
_SAINTS = {"saint", "sainte", "st", "ste", "saints"}


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
        if fold(w) in _PARTICLES or re.fullmatch(r"[dD]'\S+", w):
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
    return all(re.fullmatch(rf"[{UP}][{UP}{LOW}'\-]*", w) and len(w) >= 2 or fold(w) in _PARTICLES for w in words)


def _initials_name(value: str) -> bool:
    """« A.-L. Courtade », « J. Ouédraogo », « T. du Plessis »: initials then a surname."""
    m = _INITIALS.match(value)
    return bool(m) and _surname_only(value[m.end():])


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
                   "vve", "epoux", "feu", "feue"}  # a cell that is only « famille X » names people
_FAMILY_NAME = re.compile(rf"^(?:(?i:de|du|d'|le|la|les|van|von|der|den)\s*){{0,2}}[{UP}][{UP}{LOW}'’\-]+"
                          rf"(?:\s+[{UP}][{UP}{LOW}'’\-]+)?$")
_TRIGGER_VALUE = re.compile(rf"^([A-Za-zÀ-ÿ]+)\s+(?=(?:de |du |d'|le |la )?[{UP}])")


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
    couple = _couple(value)
    if couple is not None:
        return couple
    words = _name_parts(value)
    if not words:
        return None
    names = [w for w in words if fold(w) not in _PARTICLES and not re.fullmatch(r"[dD]'\S+", w)]
    if not 2 <= len(names) <= 4:
        return None
    folded = fold(value)
    if lx.is_eponym(folded) or lx.contains_eponym(folded, multiword=True) or any(fold(w).split()[:1] and fold(w).split()[0] in _SAINTS for w in names):
        return None  # « Fontaine Jean Jaurès », « Fontaine Saint-Martin »: named after a famous person or a saint
    if fold(names[-1]) in _MARKETS and _is_title(names[-1]):
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


def is_person_name(value: str, lenient: bool = False) -> bool:
    kind = person_name_kind(value)
    return kind is not None and (lenient or kind != "shape")


def is_name_list(value: str, lenient: bool = False) -> bool:
    """« Jean DUPONT, Marie DUPONT », « M. et Mme Durand »: every part is a person's name."""
    if is_person_name(value, lenient):
        return True
    parts = [p for p in _LIST_SEP.split(_LIFE_DATES.sub("", value).strip()) if p]
    return 1 < len(parts) <= 8 and all(is_person_name(p, lenient) for p in parts)


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

_NAME_TOKEN = rf"(?:(?:[{UP}]['’])?[{UP}][{LOW}'’]+(?:-[{UP}][{LOW}'’]+)*|[{UP}]{{2,}}(?:[-'’][{UP}]+)*)"
_PARTICLE_RX = r"(?:(?:de|du|des|d'|d’|le|la|van|von|der|da|dos|del|di|ben|el)\s*)"
_CIVILITY_TEXT = re.compile(
    r"(?<![\w])(?:M\.|MM\.|Mr\.?|Mme\.?|Mmes|Mlle\.?|Melle|Monsieur|Messieurs|Madame|Mesdames|Mademoiselle|"
    r"Me|Maître|Dr\.?|Docteur|Pr\.?|(?<=\s)M(?=\s+[A-Z]))"
    rf"(?:\s+(?:et|&)\s+(?:M\.|Mme\.?|Madame|Monsieur))?\s+(?:{_PARTICLE_RX}?{_NAME_TOKEN}\s*){{1,4}}")
_PAIR_TEXT = re.compile(rf"(?<![\w'’])({_NAME_TOKEN}(?:\s+{_PARTICLE_RX}?{_NAME_TOKEN}){{1,3}})(?![\w'’])")
_KIN = re.compile(
    r"(?i:\b(?:fils|fille|filles|[ée]poux|[ée]pouse|mari|femme|conjoint|conjointe|voisin|voisine|neveu|ni[èe]ce|"
    r"fr[èe]re|s(?:oe|œ)ur|petit-fils|petite-fille|gendre|belle-fille|beau-fils|aidant|aidante|tuteur|tutrice|"
    r"m[èe]re|p[èe]re|ami|amie|cousin|cousine|parent)\b)\W{0,3}\(?\s*"
    rf"({_NAME_TOKEN}(?:\s+{_NAME_TOKEN}){{1,2}})")
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
    r"(?:\s+(?!(?:pour|avec|dans|chez|sans|vers|contre|entre|selon|apr[èe]s|avant)\b)[a-zà-ÿ][a-zà-ÿ\-]{3,}){0,2}"
    r"\W*(?:de\s+la\s+|des\s+|du\s+|de\s+|d'|la\s+|le\s+|les\s+)?$", re.I)


def _pair_is_person(text: str, start: int, words: list[str]) -> bool:
    """A « Prénom NOM » / « NOM Prénom » / « Prénom Nom » pair in running text."""
    before = text[max(0, start - 40):start]
    if _STREETISH.search(before):
        return False  # « rue Victor Hugo », « école Jules Ferry », « Association Pablo Neruda »
    end = start + len(" ".join(words))
    after = re.match(r"\W*([\w'’-]+)", text[end:end + 40])
    if after and lx.is_organisation_word(after.group(1)):
        return False  # « Lou Garou Production », « Jean Martin Transports »
    candidate = " ".join(words)
    folded = fold(candidate)
    if fold(words[0]) in _SAINTS:
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
    return bool(_OFFICE_BEFORE.search(text[max(0, start - 45):start]))


_INITIAL_TEXT = re.compile(
    rf"(?<![\w.])([{UP}]\.(?:\s?-?\s?[{UP}]\.){{0,2}})\s*((?:{_PARTICLE_RX}|(?:Le|La|Du|De|Van|Von|Da)\s+)?"
    rf"{_NAME_TOKEN}(?:-{_NAME_TOKEN})?)(?![\w'’])")


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
        return ()
    spans: list[tuple[int, int]] = []
    for m in _CIVILITY_TEXT.finditer(text):
        tail = text[m.start():m.end()]
        name = _CIVILITY.sub("", tail)
        if lx.has_organisation_word(fold(name)):
            continue
        core = fold(_LEAD_PARTICLES.sub("", name.strip())).split()
        if core and core[0] in lx.public_roles():
            continue  # « Rapport de M. le Maire »: a role, nobody named
        spans.append((m.start(), m.end()))
    spans += _trigger_spans(text)
    spans += _initial_spans(text)
    for m in _KIN.finditer(text):
        if person_name_kind(m.group(1)) in ("listed", "shape"):
            spans.append((m.start(1), m.end(1)))
    for m in _PAIR_TEXT.finditer(text):
        words = m.group(1).split()
        # try the longest run first, then the two-word windows inside it
        if _pair_is_person(text, m.start(1), words):
            spans.append((m.start(1), m.end(1)))
            continue
        offset = m.start(1)
        positions = [(w.start() + offset, w.end() + offset) for w in re.finditer(r"\S+", m.group(1))]
        for i in range(len(words) - 1):
            for size in (3, 2):  # « Loïc Le Floc'h » inside « Recrutement de Loïc Le Floc'h »
                if i + size <= len(words) and _pair_is_person(text, positions[i][0], words[i:i + size]):
                    spans.append((positions[i][0], positions[i + size - 1][1]))
                    break
    return tuple(_merge([(s, e) for s, e in spans if not _in_office(text, s, e)]))


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for s, e in sorted(spans):
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out


def names_in_text(text: str) -> bool:
    return bool(person_spans(text))
