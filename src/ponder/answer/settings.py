"""Every setting of the answer engine, in one place, with where each comes from.

Sizes and budgets (how much is read) are set for speed and say so; decisions about
what counts as an answer are never set here: the sentence scorer's weights, the
abstention threshold and how close a further sentence must score are fitted on the
tuning half of the labelled question set and ship in ``answer/data/answer_model.json``
(see :mod:`ponder.answer.scorer` and ``tools/fit_answer_model.py``).
"""

from __future__ import annotations

# -- how much is read (speed budgets, not fitted) -------------------------------------
SEARCH_LIMIT = 12  # hybrid search results per question, before rare-word rescue
DEPTH = 16  # passages whose sentences become candidates (hits, then rescued passages)
EXPAND_DEPTH = 8  # leading hits widened into the passage they introduce
RESCUE_DEPTH = 8  # hits checked for a rare question word before rescuing passages
EMBED_TOP = 10  # candidates whose own sentence is embedded (the rest use the passage's)
MIN_WORD_CHARS = 6  # a sentence with fewer word characters says nothing to quote
RARE = 5  # a question word in at most this many passages is rare: its passages are rescued
RESCUE_PER_WORD = 3  # passages rescued per rare word
RESCUE_SCAN = 20  # passages read per rare word (a Latin word may sit inside longer ones)
INTRO = 1500  # characters of a document's opening that set its scene (who, where, when)

# -- reading text (shapes of text, set by reading the corpora, not fitted) --------------
LABEL_CHARS = 80  # a passage this short with no full stop is a label (a signature line)
WRAPPED = 40  # a line this long that stops mid-sentence was wrapped, not ended
PROMPT_MARGIN = 48  # tokens kept free for a chat template's markup

# -- the answer's shape (presentation, not fitted) -------------------------------------
MAX_SENTENCES = 3  # sentences an extractive answer quotes
MAX_MODEL_SENTENCES = 6  # checked sentences kept from a model's draft
MAX_TOKENS = 320  # a model's answer budget
CLOSEST = 3  # closest passages shown with an abstention
DUPLICATE = 0.6  # character-bigram Jaccard above which two sentences say the same
