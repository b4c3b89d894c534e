"""Words too common to help a query: small English and Chinese lists (matching form)."""

from __future__ import annotations


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


ENGLISH = _words(
    """
    a about above according after again against all also am an and any are as at be
    because been before being below between both but by can could did do does doing done
    down during each either else ever every few for from further get gets got had has have
    having he her here hers herself him himself his how however i if in into is it its
    itself just let like may me might more most much must my myself no nor not now of off
    on once only or other ought our ours ourselves out over own please rather said same say
    says shall she should so some such than that the their theirs them themselves then there
    these they this those through thus to too under until up upon us very via was we were
    what whatever when where whether which while who whom whose why will with within without
    would yes yet you your yours yourself yourselves
    s t ll d ve re m don doesn didn isn wasn aren
    tell told think thinks thought mean means use used using make makes made
    according one two three many things thing way ways something anything someone
    """
)

CHINESE = _words(
    """
    的 了 是 在 和 与 及 或 也 都 就 而 但 又 还 被 把 让 给 对 从 向 以 为 之 于 其
    这 那 这个 那个 这些 那些 这样 那样 这种 那种 这里 那里 此
    我 你 您 他 她 它 我们 你们 他们 她们 它们 自己 大家
    吗 呢 吧 啊 呀 哦 嗯 么 嘛 啦 着 过 得 地 所 等 等等
    什么 怎么 怎样 怎么样 如何 为什么 哪 哪个 哪些 哪里 哪儿 谁 多少 几 是否 是不是 有没有
    一个 一些 一种 一下 一点 有 没有 不 没 很 非常 更 最 太 会 能 可以 要 想 说 认为 觉得
    如果 因为 所以 但是 然后 因此 虽然 还是 或者 以及 并 并且 而且 就是 只是 已经
    提到 谈到 表示 看待 根据 关于
    """
)

STOPWORDS = ENGLISH | CHINESE


def is_stopword(token: str) -> bool:
    return token in STOPWORDS
