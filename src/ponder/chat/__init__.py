"""Conversations: a chat session that answers from the documents and remembers the user
only as far as they allow.

    answerer = Answerer(library, settings, backend=backend, embedder=embedder)
    session = ChatSession(store, user, answerer, incognito=False, confirm=ask_user)
    session.opening() -> due reminders (marked done)
    session.respond(message) -> Reply           # controls by rule, or a cited answer
    session.learn(reply) -> Learned              # the one extraction step, after showing

Controls in plain words (English and Chinese): "remember that …", "forget …",
"don't remember …", "remind me to … on DATE", "what did I ask you last week?".
"""

from .answering import Answerer, shaping
from .dates import Due, Period, due_date, period
from .intents import Intent, intent
from .learn import Exchange, Learned, Learner, parse_proposals
from .prefs import Setting, requests_in, settings_in
from .records import Known, Reply
from .session import ChatSession
from .sources import SourceRule, avoided, source_rule
from .statements import Proposal, proposals
from .style import Style, restyle

__all__ = [
    "Answerer",
    "ChatSession",
    "Due",
    "Exchange",
    "Intent",
    "Known",
    "Learned",
    "Learner",
    "Period",
    "Proposal",
    "Reply",
    "Setting",
    "SourceRule",
    "Style",
    "avoided",
    "due_date",
    "intent",
    "parse_proposals",
    "period",
    "proposals",
    "requests_in",
    "restyle",
    "settings_in",
    "shaping",
    "source_rule",
]
