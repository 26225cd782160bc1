"""The label scheme (../shared/LABELS.md), in one place for training, service and batch scoring."""

STANCES: tuple[str, ...] = ("supportive", "critical", "neutral")
BLOCS: tuple[str, ...] = ("russia_dprk", "western", "international", "other")
SENTIMENTS: tuple[str, ...] = ("positive", "negative", "neutral")
KINDS: tuple[str, ...] = ("quote", "reported", "narration")
#: Is the statement about the Russia–DPRK partnership at all? Served as a boolean (``yes`` → true).
RELEVANCE: tuple[str, ...] = ("yes", "no")

#: head name -> its allowed labels, in a fixed order used for score vectors.
HEADS: dict[str, tuple[str, ...]] = {
    "stance": STANCES,
    "bloc": BLOCS,
    "sentiment": SENTIMENTS,
    "relevant": RELEVANCE,
}
#: The heads that label a statement's content; ``relevant`` says whether they apply at all.
LABEL_HEADS: tuple[str, ...] = ("stance", "bloc", "sentiment")
