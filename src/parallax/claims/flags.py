"""The bits of `prechecks.ClauseWords.flags`, one per family of words a test asks about: set when the clause
holds one of the family's words as a letter run (or, for the families whose patterns ignore case, when it holds
a case twin). A module of their own, so that `attribution`, whose word sets `prechecks` reads, can test them too.
"""

FORECAST, OPINION, INTENSIFIER, HEDGE, MONTH, RELATIVE, NUMBER, REPORT_VERB, VERBLESS, SOURCE_PHRASE, ISSUED, \
    STATEMENT_NOUN, IN_A_NOUN, SUBJECTIVE = (1 << bit for bit in range(14))
