"""Word lists the sentence splitter consults, kept apart so they are easy to extend.

Every entry is lowercase and written without its final full stop ("u.s" stands for
"U.S."). Written for this project from general English usage (news style guides list
the same titles and abbreviations); no entry names a particular person, place or event.

How the splitter uses each list when a full stop after the word is followed by a
space and a capital letter or a digit:

- TITLES: never a sentence end ("Dr. Smith", "Gen. Lee", "Sec. of State").
- BEFORE_NUMBER: not a sentence end when a number follows ("No. 5", "Dec. 31", "p. 12").
- NEVER_END: abbreviations that only occur inside a sentence ("e.g.", "vs.").
- AMBIGUOUS: may end a sentence ("in the U.S. The") or not ("the U.S. Senate"): the
  splitter splits only when the next word is a usual sentence opener (SENTENCE_STARTERS).
  Dotted acronyms such as "U.N." or "Ph.D." are treated as ambiguous without being listed.
"""

from __future__ import annotations

TITLES: frozenset[str] = frozenset(
    {
        # civil and courtesy titles
        "mr", "mrs", "ms", "messrs", "mmes", "mme", "mlle", "dr", "drs", "prof", "profs", "rev", "revd",
        "hon", "fr", "sra", "srta", "pres", "gov", "govs", "sen", "sens", "rep", "reps", "sec",
        "atty", "amb", "supt", "det", "insp", "lt", "gen", "gens", "col", "cols", "maj", "capt", "cpt",
        "cmdr", "comdr", "cdr", "adm", "brig", "sgt", "cpl", "pvt", "pfc", "spc", "ens", "msgt", "ssgt",
        "lieut", "cmdt", "rt", "dep", "asst", "assoc", "ald", "mgr", "msgr", "sup", "chmn",
    }
)

BEFORE_NUMBER: frozenset[str] = frozenset(
    {
        "no", "nos", "nr", "num", "vol", "vols", "p", "pp", "pg", "ch", "chap", "art", "arts", "fig", "figs",
        "sec", "sect", "para", "par", "eq", "ex", "ed", "edn", "op", "tel", "ext", "rm", "ste", "apt", "bldg",
        "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
        "ca", "c", "approx", "est", "ver", "v", "pt", "pts", "cl", "reg", "rev", "hwy", "rte",
    }
)

NEVER_END: frozenset[str] = frozenset({"e.g", "i.e", "vs", "viz", "cf", "ibid", "resp", "incl", "w.r.t"})

AMBIGUOUS: frozenset[str] = frozenset(
    {
        "inc", "corp", "co", "ltd", "llc", "plc", "bros", "jr", "sr", "esq", "st", "ste", "mt", "ft", "ave",
        "al", "blvd", "rd", "hwy", "dept", "univ", "assn", "intl", "natl", "govt", "a.m", "p.m", "u.s", "u.k",
        "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
        "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun",
        "approx", "est", "misc", "no", "vol", "fig",
    }
)

# Frequent first words of English sentences: after an ambiguous abbreviation, one of
# these suggests a new sentence ("... in the U.S. The next day"), any other capitalised
# word suggests a name that continues the sentence ("the U.S. Senate").
SENTENCE_STARTERS: frozenset[str] = frozenset(
    {
        "a", "an", "the", "this", "that", "these", "those", "it", "its", "it's", "he", "she", "they", "we",
        "i", "you", "his", "her", "their", "our", "my", "your", "there", "here", "but", "and", "or", "so",
        "yet", "in", "on", "at", "by", "for", "from", "with", "without", "as", "if", "when", "while",
        "after", "before", "since", "although", "though", "because", "however", "meanwhile", "moreover",
        "furthermore", "still", "also", "then", "now", "today", "yesterday", "tomorrow", "earlier", "later",
        "last", "next", "some", "many", "most", "more", "several", "such", "other", "others", "all", "both",
        "each", "every", "no", "not", "neither", "none", "one", "two", "three", "what", "which", "who",
        "whom", "whose", "why", "how", "where", "according", "during", "under", "over", "despite",
        "instead", "even", "only", "just", "indeed", "thus", "therefore", "nevertheless", "nonetheless",
        "until", "once", "among", "about", "between", "through", "to", "do", "does", "did", "is", "are",
        "was", "were", "will", "would", "can", "could", "should", "may", "might", "must", "has", "have",
        "had", "let", "please", "yes", "well", "first", "second", "finally", "overall", "asked", "officials",
    }
)

# A line that ends with one of these words (in lowercase) is not over: when text is
# wrapped at a fixed width, the sentence goes on on the next line ("... met with the\n").
CONTINUATION_WORDS: frozenset[str] = frozenset(
    {
        "the", "a", "an", "of", "to", "and", "or", "nor", "in", "on", "at", "for", "with", "by", "from",
        "into", "onto", "about", "than", "that", "which", "who", "as", "is", "was", "are", "were", "be",
        "been", "his", "her", "their", "its", "our", "my", "your", "this", "these", "those", "but", "not",
        "has", "have", "had", "said", "says", "told", "will", "would", "can", "could", "should", "if",
        "when", "while", "after", "before", "over", "under", "between", "against", "during", "because",
    }
)
