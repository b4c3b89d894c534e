"""A chat session: one user, one conversation, controls by rule, answers shaped by memory.

    session = ChatSession(store, user, answerer, incognito=False, confirm=ask_user)
    for memory in session.opening(): ...          # reminders due (then marked done)
    reply = session.respond("what did Altman say about GPT-5?", on_token=print_piece)
    reply = session.respond("why?")               # a follow-up: reply.resolved_question
    ... show reply ...
    learned = session.learn(reply)                # after the answer is shown

Stored per user with timestamps unless ``incognito`` or memory is off: the
conversation, each turn, and what the controls ask for. Incognito stores nothing at
all (no turns, memories, deny patterns, learning; reminders are shown, not marked
done). ``record_turns=False`` keeps memories but no conversation (``ponder ask``).

A preference stated in a message holds for the rest of the session at once, the newest
per slot (stated or stored: "remember prose" after "remember bullets" applies to the next
answer). Said to last ("from now on …", "going forward", "以后…", "…, remember that …")
it is also saved, as "remember that …" would; otherwise it is noted for this session
(saved only by learning).

"forget that" ("forget it", "忘掉刚才那个": ``intents.refers_back``) names what this session
stored last (by "remember …", "remind me …" or learning), never a text to search for.

"forget …" goes on with the session: once confirmed, the memories and every stored
turn mentioning them are deleted, and so is what the session itself holds about them
(stated preferences and lessons, the last question if its turn went). When that
empties the current conversation, the next message starts a new one; otherwise it
continues the same conversation.

"scratch that", "never mind", "算了", "当我没问" withdraw the last question: acknowledged,
nothing searched, and a later follow-up reads the question before it.

Follow-ups ("who contributed it?", "那他后来的看法变了吗？") are resolved against the
questions answered in this session (``followup.resolve``: by the model when there is
one, else by rules) and answered preferring the documents cited in the last
``DISCUSSED`` answers; a question on a new topic is asked as it is, of all documents.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime

from ..answer import Answer
from ..memory import Added, ForgetPlan, Memory, MemoryStore, Provenance, Receipt, parse_time, stamp
from ..memory.text import norm_text
from ..text.script import language_of
from .answering import Answerer, TokenSink
from .dates import due_date
from .followup import Asked, Resolved, library_weigh, resolve
from .history import history_answer
from .intents import Intent, forgets_everything, intent, refers_back
from .learn import Exchange, Learned, Learner
from .prefs import settings_in
from .records import Known, Reply, ReplyKind
from .smalltalk import small_talk_reply
from .sources import source_rule
from .statements import Proposal, fact_in, proposals, proposals_in, rest_of, sentences

RECALL_BUDGET = 256
DISCUSSED = 2  # answers whose cited documents a follow-up prefers
ASKED_KEPT = 6  # answered questions kept for follow-ups
INCOGNITO = "Incognito: nothing of this session is stored."
NOTHING_LAST = ("I haven't stored anything in this session, so there is nothing to forget as "
                "{said!r}. Say what to forget, e.g. \"forget my locker code\", or see what is "
                "stored with \"what do you remember about me?\".")
NOTHING_LAST_ZH = ("这次会话中我还没有存储任何内容，所以没有可以忘掉的“{said}”。"
                   "请说出要忘掉的内容，例如“忘掉我的储物柜密码”，"
                   "或者问“你记得关于我的哪些事情？”看看存了什么。")
# "forget that" when this session stored no memory, but its questions were kept as turns
NO_MEMORY_LAST = ("I haven't stored any memory in this session, so {said!r} names nothing to "
                  "forget. Your question {question!r} is kept only as a conversation turn: "
                  "to delete it, say \"forget {words}\". To see what is stored, ask \"what do "
                  "you remember about me?\".")
NO_MEMORY_LAST_ZH = ("这次会话中我没有存储任何记忆，所以“{said}”没有可以忘掉的记忆。"
                     "你的问题“{question}”只作为对话记录保存：要删除它，请说“忘掉{words}”。想看存了什么，可以问“你记得关于我的"
                     "哪些事情？”。")
NOT_STORING = "Nothing of this session is stored ({why}), so there is nothing to forget."
NOT_STORING_ZH = "这次会话的内容都没有存储（{why}），所以没有可以忘掉的。"
NOTHING_TO_REMEMBER = ("What should I remember? Say it after the words, e.g. \"remember that "
                       "my editor is Li Wei\".")
NOTHING_TO_REMEMBER_ZH = "要我记住什么？请接着说出来，例如“记住我的编辑是李伟”。"
Confirm = Callable[[ForgetPlan], bool]

KINDS_ZH = {"fact": "事实", "preference": "偏好", "reminder": "提醒", "lesson": "教训",
            "topic": "兴趣"}


# Words that make a stated preference last beyond this session
LASTING = re.compile(r"\b(?:from\s+now\s+on|from\s+here\s+on(?:\s+out)?|going\s+forward|"
                     r"in\s+(?:the\s+)?future|from\s+today|for\s+good|always|"
                     r"remember|memori[sz]e)\b|以后|以後|今后|今後|往后|往後|从现在起|從現在起|"
                     r"从现在开始|從現在開始|从今天起|從今天起|总是|總是|一律|每次|记住|記住",
                     re.I)
# Words said before "remember …" that leave it a request to remember ("actually, …")
_LEAD = re.compile(r"^(?:(?:actually|on\s+second\s+thoughts?|come\s+to\s+think\s+of\s+it|"
                   r"(?:i(?:'ve)?\s+)?changed\s+my\s+mind|wait|hmm+|oh|ok(?:ay)?|so|also|and|"
                   r"btw|by\s+the\s+way|one\s+more\s+thing)\b\s*[,，:：;-]?\s*|"
                   r"(?:其实|其實|想了想|我改主意了|改主意了|另外|还有|還有)[，,：:]?\s*)+", re.I)


def _never(plan: ForgetPlan) -> bool:
    return False


def _slots(k: Known) -> set[tuple[str, str]]:
    """The settings a stated preference (or the source rule a lesson) is about."""
    if k.kind == "preference":
        return {s.key for s in settings_in(k.text)}
    rule = source_rule(k.text)
    return set() if rule is None else {("sources", rule.key)}


class ChatSession:
    def __init__(
        self,
        store: MemoryStore,
        user: str,
        answerer: Answerer,
        *,
        incognito: bool = False,
        confirm: Confirm = _never,
        record_turns: bool = True,
    ) -> None:
        self.store = store
        self.user = user
        self.answerer = answerer
        self.incognito = incognito
        self.confirm = confirm
        self.record_turns = record_turns
        self.learner = Learner(store, user, answerer.backend)
        self.conversation_id: int | None = None
        self.stated: list[Known] = []  # preferences and lessons said in this session
        self.last_question: str | None = None
        self.asked: list[Asked] = []  # questions answered in this session, for follow-ups
        self.last_stored: list[int] = []  # ids of what this session stored last ("forget that")
        self._weigh = library_weigh(answerer.library)

    # ---- state -----------------------------------------------------------------------

    @property
    def now(self) -> datetime:
        return self.store.clock()

    @property
    def storing(self) -> bool:
        return not self.incognito and self.store.enabled(self.user)

    def _user_turn(self, message: str) -> tuple[int | None, int | None]:
        if not (self.storing and self.record_turns):
            return None, None
        if self.conversation_id is None:
            title = message if len(message) <= 60 else message[:59] + "…"
            self.conversation_id = self.store.start_conversation(self.user, title=title).id
        turn = self.store.add_turn(self.user, self.conversation_id, "user", message)
        return self.conversation_id, turn.id

    def _finish(self, reply: Reply, *, user_turn: bool = True) -> Reply:
        """Store the exchange (the user's turn unless stored already) and the reply."""
        if user_turn:
            reply.conversation_id, reply.turn_id = self._user_turn(reply.message)
        if self.conversation_id is not None and reply.turn_id is not None:
            self.store.add_turn(self.user, self.conversation_id, "assistant", reply.text)
        return reply

    # ---- the session -------------------------------------------------------------------

    def opening(self) -> list[Memory]:
        """Reminders due now; marked done once shown (not in incognito)."""
        due = self.store.due_reminders(self.user)
        if not self.incognito:
            for m in due:
                self.store.mark_done(self.user, m.id)
        return due

    def respond(self, message: str, *, on_token: TokenSink | None = None,
                on_resolved: Callable[[Resolved], None] | None = None) -> Reply:
        """The reply to one message. A question's answer streams to ``on_token`` as it is
        checked (one sentence at a time); ``on_resolved`` hears a follow-up's rewritten
        question before its answer starts."""
        said = intent(message)
        if said.action == "question":
            lead = _LEAD.match(message.strip())
            if lead and intent(message.strip()[lead.end():]).action == "remember":
                message = message.strip()[lead.end():]  # "actually, remember that …"
                said = intent(message)
        if said.action == "question":
            return self._question(message.strip(), said, on_token, on_resolved)
        handlers: dict[str, Callable[[str, Intent], Reply]] = {
            "remember": self._remember, "forget": self._forget, "deny": self._deny,
            "remind": self._remind, "history": self._history, "memories": self._memories,
            "smalltalk": self._small_talk, "cancel": self._cancel,
        }
        return handlers[said.action](message.strip(), said)

    def learn(self, reply: Reply) -> Learned:
        """The one extraction step after an exchange (never in incognito)."""
        if self.incognito or reply.learn_from is None:
            return Learned()
        learned = self.learner.learn(Exchange(reply.learn_from, reply.conversation_id,
                                              reply.turn_id))
        if learned.memories:
            self.last_stored = [m.id for m in learned.memories]
        return learned

    # ---- questions and statements ----------------------------------------------------

    def known(self, question: str) -> list[Known]:
        recalled = self.store.recall(self.user, question, RECALL_BUDGET,
                                     always=("preference", "lesson"))
        stored = [Known.of(r.memory) for r in recalled]
        texts = {k.text for k in stored}
        return stored + [k for k in self.stated if k.text not in texts]

    def answer(self, message: str, question: str, *, on_token: TokenSink | None = None,
               show_unsupported: bool = False, prefer: list[int] | None = None,
               followup: bool = False) -> Reply:
        """Answer ``question`` (from ``message``) with the memories in effect, preferring
        the documents ``prefer`` (a ``followup``'s)."""
        answer, used = self.answerer.answer(question, self.known(question), on_token=on_token,
                                            show_unsupported=show_unsupported,
                                            prefer=prefer or ())
        self.last_question = question
        self._asked(question, answer, followup)
        return Reply("answer", message, answer.answer, answer, used, learn_from=message,
                     preferred=list(prefer or []))

    def resolve(self, question: str) -> Resolved:
        """``question`` read against the questions answered so far in this session."""
        backend = self.answerer.backend
        return resolve(question, self.asked, weigh=self._weigh,
                       backend=None if backend.name == "extractive" else backend)

    def discussed(self) -> list[int]:
        """Documents cited in the last ``DISCUSSED`` answers of the current thread (back
        to the last question on a new topic), most recent first."""
        thread: list[Asked] = []
        for a in reversed(self.asked):
            thread.append(a)
            if not a.followup or len(thread) == DISCUSSED:
                break
        return list(dict.fromkeys(d for a in thread for d in a.doc_ids))

    def _asked(self, question: str, answer: Answer, followup: bool) -> None:
        """Keep ``question`` for follow-ups, with what its answer cited (nothing when it
        abstained: a follow-up still reads the question the user last asked)."""
        cited = [] if answer.abstained else answer.citations
        self.asked.append(Asked(question, tuple(dict.fromkeys(c.title for c in cited)),
                                tuple(c.speaker for c in cited if c.speaker),
                                tuple(dict.fromkeys(c.doc_id for c in cited)), followup))
        del self.asked[:-ASKED_KEPT]

    def _question(self, message: str, said: Intent, on_token: TokenSink | None = None,
                  on_resolved: Callable[[Resolved], None] | None = None) -> Reply:
        found = proposals(message)
        self._state(found)
        saved = self._lasting(message, found)
        question = rest_of(message)
        if question:
            resolved = self.resolve(question)
            if on_resolved is not None and resolved.rewritten:
                on_resolved(resolved)
            prefer = self.discussed() if resolved.followup else []
            reply = self.answer(message, resolved.question, on_token=on_token, prefer=prefer,
                                followup=resolved.followup)
            reply.resolved = resolved
            reply.notes.extend(resolved.notes)
            return self._kept(reply, saved)
        lesson = any(p.kind == "lesson" for p in found)
        if lesson and self.last_question:
            reply = self.answer(message, self.last_question, on_token=on_token)
            reply.notes.append(f"answered again with your correction: {self.last_question}")
            return self._kept(reply, saved)
        if saved is not None:
            added = saved[2]
            rest = [p.text for p in found if not any(
                a.memory is not None and a.memory.text == p.text for a in added)]
            text = " ".join([_said(a, self.user) for a in added]
                            + ([self._noted([p for p in found if p.text in rest])]
                               if rest else []))
            return self._kept(Reply("statement", message, text, learn_from=message), saved)
        return self._finish(Reply("statement", message, self._noted(found), learn_from=message))

    def _lasting(self, message: str, found: list[Proposal]
                 ) -> tuple[int | None, int | None, list[Added]] | None:
        """Preferences said to last ("from now on answer in Chinese", "以后回答简短一点",
        "…, remember that I want paragraphs") saved at once, as "remember that …" would:
        (conversation, turn, what was saved), or None when there are none (or nothing is
        stored)."""
        if not self.storing:
            return None
        lasting = [p for sentence in sentences(message) if LASTING.search(sentence)
                   for p in proposals_in(sentence) if p.kind == "preference" and p in found]
        if not lasting:
            return None
        conversation, turn = self._user_turn(message)
        added = [self._save(p, message, conversation, turn) for p in lasting]
        self.last_stored = [a.memory.id for a in added if a.memory is not None]
        return conversation, turn, added

    def _kept(self, reply: Reply, saved: tuple[int | None, int | None, list[Added]] | None
              ) -> Reply:
        """``reply`` finished, naming what ``_lasting`` saved (its turn stored already)."""
        if saved is None:
            return self._finish(reply)
        reply.conversation_id, reply.turn_id, added = saved
        reply.data["remembered"] = [a.to_json() for a in added]
        if reply.kind == "answer":
            reply.notes.extend(_said(a, self.user) for a in added)
        return self._finish(reply, user_turn=False)

    def _state(self, found: list[Proposal]) -> None:
        """Keep what ``found`` states for this session: the newest statement per slot (an
        older one on the same slot goes, so it can never outrank a newer stored one)."""
        when = stamp(self.now)
        for n, p in enumerate(found):
            if p.kind in ("preference", "lesson"):
                new = Known(p.text, p.kind, "session", None, f"{when}~{n}")
                keys = _slots(new)
                self.stated = [k for k in self.stated if not (k.kind == new.kind and (
                    k.text == new.text or keys & _slots(k)))]
                self.stated.append(new)

    def _noted(self, found: list[Proposal]) -> str:
        said = "; ".join(p.text for p in found)
        if self.storing and self.store.learning(self.user):
            return f"Noted: {said}."
        if self.incognito:
            return f"Noted for this session only: {said} (incognito: nothing is stored)."
        if not self.store.enabled(self.user):
            return (f"Noted for this session only: {said} (memory is off: nothing is "
                    "stored; 'ponder memory on' turns it back on).")
        return (f"Noted for this session: {said}. To keep it, say \"remember that …\" "
                "or turn learning on with 'ponder memory learn on'.")

    # ---- controls --------------------------------------------------------------------

    def _refused(self, message: str, kind: ReplyKind) -> Reply | None:
        if self.incognito:
            return Reply(kind, message, f"{INCOGNITO} Nothing was saved.")
        return None

    def _remember(self, message: str, said: Intent) -> Reply:
        zh = language_of(message) == "zh"
        if not re.search(r"\w", re.sub(r"(?i)^(?:that|this|it|那个|那個|这个|這個)$", "",
                                       said.rest.strip(" .。!！"))):
            return Reply("remember", message, NOTHING_TO_REMEMBER_ZH if zh
                         else NOTHING_TO_REMEMBER, data={"remembered": []})
        found = proposals_in(said.rest) or [_as_fact(said.rest)]
        self._state(found)
        if self.incognito:
            applied = [p.text for p in found if p.kind in ("preference", "lesson")]
            text = f"{INCOGNITO} Nothing was saved."
            if applied:
                text = (f"Applied for this session only: {'; '.join(applied)}. {INCOGNITO} "
                        "Nothing was saved.")
            return Reply("remember", message, text,
                         data={"remembered": [], "session_only": applied})
        conversation, turn = self._user_turn(message)
        saved = [self._save(p, message, conversation, turn) for p in found]
        self.last_stored = [a.memory.id for a in saved if a.memory is not None]
        text = " ".join(_said(a, self.user) for a in saved)
        data: dict[str, object] = {"remembered": [a.to_json() for a in saved]}
        reply = Reply("remember", message, text, data=data, conversation_id=conversation,
                      turn_id=turn)
        return self._finish(reply, user_turn=False)

    def _save(self, p: Proposal, message: str, conversation: int | None,
              turn: int | None) -> Added:
        provenance = Provenance("user", conversation, turn, message)
        return self.store.remember(self.user, p.text, kind=p.kind, reason="user asked",
                                   subject=p.subject, slot=p.slot, provenance=provenance)

    def _remind(self, message: str, said: Intent) -> Reply:
        refused = self._refused(message, "remind")
        if refused is not None:
            return refused
        due = due_date(said.rest, self.now)
        conversation, turn = self._user_turn(message)
        added = self.store.remember(
            self.user, due.task or said.rest, kind="reminder", reason="user asked",
            provenance=Provenance("user", conversation, turn, message), due_at=due.at)
        self.last_stored = [] if added.memory is None else [added.memory.id]
        when = "at the start of your next session"
        if due.at is not None:
            when = f"on {due.at:%Y-%m-%d}" + (f" at {due.at:%H:%M}" if due.at.hour or due.at.minute
                                              else "")
        text = (f"I'll remind you to {added.memory.text} {when} (#{added.memory.id})."
                if added.memory else _said(added, self.user))
        reply = Reply("remind", message, text, data={"reminder": added.to_json()},
                      conversation_id=conversation, turn_id=turn)
        return self._finish(reply, user_turn=False)

    def _forget(self, message: str, said: Intent) -> Reply:
        """Shows the plan and deletes once confirmed. The request itself is never stored
        (it names what is to be forgotten)."""
        if forgets_everything(said.rest):
            return self._forget_everything(message)
        back = refers_back(said.rest)
        plan = self.store.plan_forget(self.user, self.last_stored if back else said.rest,
                                      everywhere=True)
        if plan.empty:
            if back:
                text = self._nothing_last(message, said.rest)
            else:
                text = f"I have nothing stored about {said.rest!r}."
            return Reply("forget", message, text, data={"plan": plan.to_json(), "receipt": None})
        if not self.confirm(plan):
            return Reply("forget", message, "Nothing was deleted.",
                         data={"plan": plan.to_json(), "receipt": None})
        receipt = self.store.execute_forget(plan)
        self._forgotten(plan, receipt)
        return Reply("forget", message, _receipt(receipt),
                     data={"plan": plan.to_json(), "receipt": receipt.to_json()})

    def _nothing_last(self, message: str, said: str) -> str:
        """Why "forget that" finds nothing: this session stored no memory. What it did
        store (the questions, as turns) and how to forget that, said accurately."""
        zh = language_of(message) == "zh"
        if not self.storing or not self.record_turns:
            why = ("无痕模式" if zh else "incognito") if self.incognito else \
                ("记忆已关闭" if zh else "memory is off")
            if not self.incognito and self.store.enabled(self.user):
                return (NOTHING_LAST_ZH if zh else NOTHING_LAST).format(said=said)
            return (NOT_STORING_ZH if zh else NOT_STORING).format(why=why)
        question = self.last_question if self.conversation_id is not None else None
        if question is None:
            return (NOTHING_LAST_ZH if zh else NOTHING_LAST).format(said=said)
        words = question if len(question) <= 40 else question[:39] + "…"
        return (NO_MEMORY_LAST_ZH if zh else NO_MEMORY_LAST).format(
            said=said, question=question, words=words.rstrip("?？"))

    def _forget_everything(self, message: str) -> Reply:
        """Every memory and conversation of this user, once confirmed (``memory clear``)."""
        zh = language_of(message) == "zh"
        plan = ForgetPlan(self.user, tuple(self.store.list(self.user)))
        if plan.empty and not self._has_conversations():
            return Reply("forget", message, "我没有存储关于你的任何内容。" if zh
                         else "I have nothing stored about you.",
                         data={"plan": plan.to_json(), "receipt": None})
        if not self.confirm(plan):
            return Reply("forget", message, "没有删除任何内容。" if zh else "Nothing was deleted.",
                         data={"plan": plan.to_json(), "receipt": None})
        receipt = self.store.clear(self.user)
        self.stated, self.last_question, self.conversation_id = [], None, None
        self.asked, self.last_stored = [], []
        text = (f"已忘掉关于你的一切：{receipt.memory_rows} 条记忆，{receipt.turns} 条对话记录。"
                if zh else f"Forgot everything about you: {receipt.memory_rows} memories, "
                f"{receipt.turns} conversation turns.")
        return Reply("forget", message, text,
                     data={"plan": plan.to_json(), "receipt": receipt.to_json()})

    def _has_conversations(self) -> bool:
        return self.store.enabled(self.user) and bool(self.store.conversations(self.user))

    def _forgotten(self, plan: ForgetPlan, receipt: Receipt) -> None:
        """Carry on after a forget, without what was forgotten.

        What this session cached about the user goes too: preferences and lessons stated
        here that were forgotten (or that the request names), and the last question when
        its turn was erased. When the forget erased this session's conversation (its turns
        all mentioned what was forgotten), the next message starts a new one.
        """
        gone = {norm_text(str(m["text"])) for m in receipt.memories}
        deleted = {m["id"] for m in receipt.memories}
        self.last_stored = [i for i in self.last_stored if i not in deleted]
        named = [form for form in map(norm_text, plan.mentions) if form]
        self.stated = [k for k in self.stated if norm_text(k.text) not in gone
                       and not any(form in norm_text(k.text) for form in named)]
        if self.last_question and any(self.last_question in t.text for t in plan.turns):
            self.last_question = None
        self.asked = [a for a in self.asked
                      if not any(form in norm_text(a.question) for form in named)
                      and not any(a.question in t.text for t in plan.turns)]
        if self.conversation_id is not None and receipt.conversations:
            alive = self.storing and any(c.id == self.conversation_id
                                         for c in self.store.conversations(self.user))
            if not alive:
                self.conversation_id = None

    def _deny(self, message: str, said: Intent) -> Reply:
        refused = self._refused(message, "deny")
        if refused is not None:
            return refused
        pattern = re.sub(r"^(?:my|our|the|我的|我们的|我們的)\s*", "", said.rest, flags=re.I)
        receipt = self.store.deny(self.user, pattern)
        text = (f"I will never remember anything matching {pattern!r}. Forgot "
                f"{receipt.memory_rows} memories that matched, and withheld it in "
                f"{receipt.turns_redacted} stored conversation turns.")
        return self._finish(Reply("deny", message, text,
                                  data={"pattern": pattern, "receipt": receipt.to_json()}))

    def _history(self, message: str, said: Intent) -> Reply:
        found = history_answer(self.store, self.user, message, self.now)
        notes = [] if self.store.enabled(self.user) else ["memory is off: no history is read"]
        data: dict[str, object] = {"period": None if found.period is None else {
            "label": found.period.label, "since": found.period.since.isoformat(),
            "until": found.period.until.isoformat()},
            "turns": [t.to_json() for t in found.turns]}
        return self._finish(Reply("history", message, found.text, notes=notes, data=data))

    def _memories(self, message: str, said: Intent) -> Reply:
        """What is stored about the user (``said.rest``: memories or reminders), each with
        when and in which conversation it was stored. Read from memory only (never the
        documents), even while memory is off; the listing is not stored as a turn."""
        zh = language_of(message) == "zh"
        reminders = said.rest == "reminders"
        found = [m for m in self.store.list(self.user)
                 if not reminders or m.kind == "reminder"]
        titles = self._titles()
        listed = [_listed(m, titles.get(m.provenance.conversation_id)) for m in found]
        lines = [_memory_line(m, zh, reminders) for m in listed]
        what = ("提醒" if zh else "reminders") if reminders else ("记忆" if zh else "memories")
        if not lines:
            head = (f"我没有存储关于你的{what}。" if zh
                    else f"I have nothing stored about you: no {what}.")
        else:
            head = (f"我存储了关于你的 {len(lines)} 条{what}：" if zh
                    else f"I have {len(lines)} {what} stored about you:")
        notes = [] if self.store.enabled(self.user) else ["memory is off: nothing is read "
                                                          "into answers or stored"]
        return Reply("history", message, "\n".join([head, *lines]), notes=notes,
                     data={"about": said.rest, "listed": listed})

    def _titles(self) -> dict[int | None, str | None]:
        if not self.store.enabled(self.user):
            return {}
        return {c.id: c.title for c in self.store.conversations(self.user)}

    def _cancel(self, message: str, said: Intent) -> Reply:
        """A withdrawal ("scratch that", "算了"): nothing is searched or answered, and the
        question before leaves the follow-up context (the next follow-up reads the one
        before it)."""
        zh = language_of(message) == "zh"
        withdrawn = self.asked.pop() if self.asked else None
        self.last_question = self.asked[-1].question if self.asked else None
        if withdrawn is None:
            text = "好的。" if zh else "OK."
        else:
            text = "好的，那个问题不算了。" if zh else "OK, I've dropped that question."
        data: dict[str, object] = {"withdrawn": None if withdrawn is None
                                   else withdrawn.question}
        return self._finish(Reply("cancel", message, text, data=data))

    def _small_talk(self, message: str, said: Intent) -> Reply:
        return self._finish(Reply("smalltalk", message, small_talk_reply(message)))


def _as_fact(text: str) -> Proposal:
    found = fact_in(text)
    if found is not None:
        return found
    clean = text.strip().rstrip(".。")
    return Proposal(clean[:1].upper() + clean[1:], "fact", "user asked", text)


def _said(added: Added, user: str) -> str:
    m = added.memory
    if m is None:
        return f"{added.reason[:1].upper()}{added.reason[1:]}."
    if added.status in ("duplicate", "merged"):
        return f"I already remember that (#{m.id}): {m.text}"
    replaced = "".join(f" It replaces #{old.id} ({old.text})." for old in added.superseded)
    return f"Remembered (#{m.id}): {m.text}.{replaced}"


def _listed(m: Memory, title: str | None) -> dict[str, object]:
    return {"id": m.id, "text": m.text, "kind": m.kind, "tier": m.tier,
            "stored_at": m.created_at, "conversation_id": m.provenance.conversation_id,
            "conversation_title": title, "turn_id": m.provenance.turn_id,
            "said": m.provenance.quote, "due_at": m.due_at, "done": m.done}


def _memory_line(m: dict[str, object], zh: bool, reminders: bool) -> str:
    when = parse_time(str(m["stored_at"])).strftime("%Y-%m-%d %H:%M")
    conversation, said = m["conversation_id"], m["said"]
    if conversation is None:
        where = "不在对话中（命令行添加）" if zh else "outside a conversation"
    else:  # the line it came from, not the conversation's first line (its title)
        line = str(said) if said else ""
        line = line if len(line) <= 60 else line[:59] + "…"
        named = ("，来自“" if zh else ", from “") + line + "”" if line else ""
        where = f"对话 {conversation}{named}" if zh else f"conversation {conversation}{named}"
    due = ""
    if m["kind"] == "reminder":
        at = str(m["due_at"])[:10] if m["due_at"] else ("下次会话" if zh else "next session")
        due = (f"，到期 {at}" if zh else f", due {at}") + (
            ("（已完成）" if zh else " (done)") if m["done"] else "")
    kind = "" if reminders else f" ({KINDS_ZH.get(str(m['kind']), m['kind'])})" if zh \
        else f" ({m['kind']})"
    if zh:
        return f"- #{m['id']}{kind} {m['text']} — {when} 存于{where}{due}"
    return f"- #{m['id']}{kind} {m['text']} — stored {when} in {where}{due}"


def _receipt(r: Receipt) -> str:
    ids = ", ".join(f"#{m['id']} ({m['text']})" for m in r.memories)
    return (f"Forgotten: {r.memory_rows} memories{f' — {ids}' if ids else ''}, "
            f"{r.turns} conversation turns, {r.vectors} vectors; index rewritten.")
