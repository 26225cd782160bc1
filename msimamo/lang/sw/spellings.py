"""One spelling per actor for the model: outlets write the same state or person differently.

VOA Swahili writes "Russia" and "Korea ya Kaskazini" where DW writes "Urusi" and "Korea
Kaskazini"; the model's training text mostly has the latter, so the former would be unseen
words. Each variant (lower case, as ``normalise`` sees it) maps to the spelling the training text
uses. "Amerika" is Marekani (the United States) except in the continent's names.
"""

SPELLINGS: dict[str, tuple[str, ...]] = {
    "urusi": ("russia",),
    "korea kaskazini": ("korea ya kaskazini", "dprk", "dpr korea", "north korea"),
    "korea kusini": ("korea ya kusini", "south korea"),
    "marekani": ("amerika", "merika"),
    "zelensky": ("zelenskiy", "zelenskyy", "zelenskii"),
}
#: Words after "amerika" that make it a continent, not the United States.
CONTINENT_PARTS = ("kusini", "kaskazini", "kati", "ya kusini", "ya kaskazini", "ya kati")
