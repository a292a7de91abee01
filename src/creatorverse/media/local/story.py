"""The offline story writer: a plot overview, characters and plot-enhanced chapter scripts
drawn from the book's own text (extractive, no model, no randomness: the same book always
gives the same answers).

* Characters are the capitalised names the book repeats (not only at a sentence's start, and
  rarely written in lower case) and the people it keeps calling by a noun ("the stranger",
  "her grandfather"); the most mentioned is the protagonist. Archetypes follow the role and the
  words around the character's mentions.
* Themes are the most frequent content words; genre and tone the best-scoring word lists; the
  logline the book's key sentence (most weight of frequent words, naming the protagonist).
* The structure is three acts over the chapters; a chapter's script has one scene per group
  of paragraphs, quoted speech as `NAME: line`, narration as it is, and its beats are its key
  sentences, each with the act it belongs to.
"""

from __future__ import annotations

import re
from collections import Counter

from creatorverse.media.models import Book, BookChapter, ChapterScript, PlotOverview, StoryCharacter

_SENTENCE = re.compile(r"(?<=[.!?。])[\"'”\u2019]?\s+|\n\s*\n")
_WORD = re.compile(r"[A-Za-z][A-Za-z'\u2019-]*|[\uac00-\ud7a3]+")
_NAME = re.compile(r"\b[A-Z][a-z]{1,}(?:\s+[A-Z][a-z]{1,})?\b")
_QUOTE = re.compile(r"[\"“]([^\"”]{2,400})[\"”]")
STOPWORDS = frozenset(
    [
        "a",
        "about",
        "above",
        "after",
        "again",
        "against",
        "all",
        "almost",
        "also",
        "am",
        "an",
        "and",
        "any",
        "are",
        "as",
        "at",
        "away",
        "back",
        "be",
        "because",
        "been",
        "before",
        "being",
        "below",
        "between",
        "both",
        "but",
        "by",
        "came",
        "can",
        "could",
        "did",
        "do",
        "does",
        "down",
        "during",
        "each",
        "even",
        "every",
        "far",
        "few",
        "for",
        "from",
        "had",
        "has",
        "have",
        "having",
        "he",
        "her",
        "here",
        "hers",
        "herself",
        "him",
        "himself",
        "his",
        "how",
        "i",
        "if",
        "in",
        "into",
        "is",
        "it",
        "its",
        "itself",
        "just",
        "like",
        "made",
        "make",
        "many",
        "may",
        "me",
        "more",
        "most",
        "much",
        "must",
        "my",
        "myself",
        "never",
        "no",
        "nor",
        "not",
        "now",
        "of",
        "off",
        "on",
        "once",
        "only",
        "or",
        "other",
        "our",
        "out",
        "over",
        "own",
        "said",
        "same",
        "say",
        "says",
        "she",
        "should",
        "so",
        "some",
        "still",
        "such",
        "than",
        "that",
        "the",
        "their",
        "them",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "through",
        "to",
        "too",
        "under",
        "until",
        "up",
        "upon",
        "very",
        "was",
        "we",
        "were",
        "what",
        "when",
        "where",
        "which",
        "while",
        "who",
        "whom",
        "why",
        "will",
        "with",
        "would",
        "yet",
        "you",
        "your",
        "one",
        "two",
        "three",
        "into",
        "onto",
        "toward",
        "towards",
        "across",
        "along",
        "around",
        "behind",
        "beside",
        "inside",
        "outside",
        "without",
        "within",
        "again",
        "ago",
        "already",
        "another",
        "asked",
        "came",
        "come",
        "comes",
        "go",
        "goes",
        "going",
        "gone",
        "got",
        "get",
        "gets",
        "know",
        "knew",
        "looked",
        "look",
        "looks",
        "saw",
        "see",
        "seen",
        "seemed",
        "took",
        "take",
        "told",
        "tell",
        "went",
        "thought",
        "think",
        "little",
        "long",
        "old",
        "new",
        "first",
        "last",
        "next",
        "small",
        "great",
        "good",
        "time",
        "times",
        "day",
        "night",
        "morning",
        "evening",
        "way",
        "something",
        "nothing",
        "anything",
        "everything",
        "thing",
        "things",
    ]
)
PERSON_NOUNS = (
    "grandfather",
    "grandmother",
    "stranger",
    "captain",
    "mother",
    "father",
    "sister",
    "brother",
    "king",
    "queen",
    "prince",
    "princess",
    "doctor",
    "teacher",
    "master",
    "keeper",
    "witch",
    "wizard",
    "knight",
    "soldier",
    "fisherman",
    "sailor",
    "priest",
    "uncle",
    "aunt",
    "widow",
    "boy",
    "girl",
    "child",
    "old man",
    "old woman",
    "friend",
    "merchant",
    "thief",
    "mayor",
    "professor",
)
GENRES = {
    "mystery": {"secret", "clue", "hidden", "vanished", "murder", "detective", "map", "missing", "letter", "truth"},
    "adventure": {"sea", "ship", "storm", "journey", "voyage", "island", "coast", "harbour", "harbor", "sail"},
    "fantasy": {"magic", "dragon", "spell", "kingdom", "sword", "witch", "wizard", "curse", "enchanted"},
    "science fiction": {"planet", "starship", "robot", "orbit", "station", "engine", "galaxy", "android"},
    "romance": {"love", "heart", "kiss", "married", "wedding", "beloved", "longing"},
    "horror": {"blood", "scream", "corpse", "ghost", "terror", "grave", "monster"},
}
TONES = {
    "brooding, suspenseful": {"storm", "dark", "night", "vanished", "fear", "shadow", "cold", "broken", "torn"},
    "warm, hopeful": {"light", "bread", "warm", "smiled", "home", "hope", "friend", "gave", "bright"},
    "melancholic": {"alone", "lost", "grief", "tears", "empty", "silence", "faded", "years"},
    "playful": {"laughed", "joke", "danced", "giggled", "game", "silly"},
}
# words near a character's mentions that point to an archetype (names of character_archetypes)
ARCHETYPE_CUES = {
    "Caregiver": {"gave", "fed", "care", "protect", "helped", "bread", "tended", "nursed"},
    "Explorer": {"map", "journey", "sailing", "followed", "searched", "found", "discover", "climbed"},
    "Sage": {"taught", "knew", "wise", "learned", "books", "truth", "remember"},
    "Rebel": {"refused", "defied", "broke", "fought", "against"},
    "Lover": {"love", "kissed", "heart", "longed"},
    "Jester": {"laughed", "joked", "grinned", "teased"},
    "Ruler": {"ordered", "commanded", "ruled", "king", "queen"},
    "Magician": {"magic", "spell", "vanished", "transformed"},
}
ROLE_ARCHETYPE = {
    "protagonist": "Hero",
    "deuteragonist": "Everyman",
    "antagonist": "Ruler",
    "mentor": "Sage",
    "supporting": "Everyman",
    "minor": "Everyman",
    "love_interest": "Lover",
}
ACTS = ("setup", "confrontation", "resolution")
WANT = re.compile(r"\b(wants?|wanted|hoped?|wished?|dreamed?|longed|needed|searched|tried)\b", re.IGNORECASE)


def sentences(text: str) -> list[str]:
    flat = re.sub(r"[ \t]*\n(?!\s*\n)[ \t]*", " ", text)  # lines of a paragraph joined
    return [s.strip() for s in _SENTENCE.split(flat) if s and len(s.strip()) > 1]


def words(text: str) -> list[str]:
    return [w.lower().strip("'\u2019-") for w in _WORD.findall(text)]


def _content_counts(text: str, exclude: set[str]) -> Counter[str]:
    return Counter(w for w in words(text) if len(w) > 3 and w not in STOPWORDS and w not in exclude)


def _acts(chapters: list[BookChapter]) -> dict[int, str]:
    """Chapter number -> act: the first quarter sets up, the last quarter resolves."""
    count = len(chapters)
    acts = {}
    for i, chapter in enumerate(chapters):
        share = (i + 0.5) / count
        acts[chapter.number] = ACTS[0] if share < 0.25 else ACTS[2] if share > 0.75 else ACTS[1]
    return acts


def _score(sentence: str, weights: Counter[str]) -> float:
    found = [weights[w] for w in words(sentence) if w in weights]
    return sum(found) / (len(words(sentence)) ** 0.5 or 1)


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


class CastFinder:
    """The book's people: capitalised names it repeats, and the people it names by a noun."""

    def __init__(self, book: Book):
        self.text = book.text
        self.sentences = sentences(self.text)

    def names(self) -> Counter[str]:
        mid_sentence: Counter[str] = Counter()
        anywhere: Counter[str] = Counter()
        for sentence in self.sentences:
            for match in _NAME.finditer(sentence):
                name = match.group(0)
                if name.split()[0].lower() in STOPWORDS:
                    name = " ".join(name.split()[1:])
                    if not name:
                        continue
                anywhere[name] += 1
                if match.start() > 0:
                    mid_sentence[name] += 1
        lower = Counter(words(self.text))
        found: Counter[str] = Counter()
        for name, count in anywhere.items():
            first = name.split()[0].lower()
            # a name: seen mid-sentence and rarely in lower case, or repeated and never in lower
            # case (a capitalised word that only starts sentences is usually not a name)
            named = (mid_sentence[name] and lower[first] <= 2 * count) or (count >= 2 and lower[first] == count)
            if named and first not in STOPWORDS and len(name) > 2:
                found[name] = count
        # "Mara Vell" and "Mara": one person, counted under the longer name
        for name in sorted(found, key=len, reverse=True):
            for other in list(found):
                if other != name and other in name.split():
                    found[name] += found.pop(other)
        for noun in PERSON_NOUNS:
            count = len(re.findall(rf"\b(?:the|her|his|their|my|an?|our)\s+{noun}\b", self.text, re.IGNORECASE))
            if count >= 2 or (count and noun in ("stranger", "grandfather", "grandmother", "captain")):
                found[noun.title() if noun != "stranger" else "The Stranger"] += count
        return found

    def ranked(self) -> list[tuple[str, int]]:
        """(name, mentions), most mentioned first; on a tie a proper name before a noun, then
        the one the book mentions first."""
        lowered = self.text.lower()

        def first_seen(name: str) -> int:
            at = lowered.find(name.lower().removeprefix("the "))
            return at if at >= 0 else len(lowered)

        nouns = {n.title() for n in PERSON_NOUNS} | {"The Stranger"}
        return sorted(self.names().items(), key=lambda p: (-p[1], p[0] in nouns, first_seen(p[0]), p[0]))

    def mentions(self, name: str) -> list[str]:
        key = name.lower().removeprefix("the ")
        return [s for s in self.sentences if re.search(rf"\b{re.escape(key)}\b", s, re.IGNORECASE)]


def plot_overview(book: Book) -> PlotOverview:
    finder = CastFinder(book)
    cast = finder.ranked()
    names = {w.lower() for n, _ in cast for w in n.split()}
    weights = _content_counts(book.text, names)
    # themes: the frequent content words that are not verb forms
    themes = [w for w, _ in weights.most_common() if not w.endswith(("ed", "ing"))][:6]
    protagonist = cast[0][0].lower().removeprefix("the ") if cast else None
    ranked = sorted(
        (s for s in sentences(book.text) if not protagonist or protagonist in s.lower()),
        key=lambda s: (-_score(s, weights), s),
    ) or sorted(sentences(book.text), key=lambda s: (-_score(s, weights), s))
    key_sentence = ranked[0] if ranked else book.chapters[0].content.strip()
    genre = max(GENRES, key=lambda g: (sum(weights[w] + (w in book.text.lower()) for w in GENRES[g]), g))
    genre_score = sum(weights[w] for w in GENRES[genre])
    tone = max(TONES, key=lambda t: (sum(words(book.text).count(w) for w in TONES[t]), t))
    length = [len(words(s)) for s in sentences(book.text)] or [0]
    acts = _acts(book.chapters)
    first = sentences(book.chapters[0].content)
    return PlotOverview(
        logline=_clip(f"{book.title}: {key_sentence}", 500),
        themes=themes,
        story_type="three_act",
        genre=genre if genre_score else "literary fiction",
        tone=tone,
        audience="young readers and up" if sum(length) / len(length) < 14 else "adult readers",
        setting=_clip(first[0], 1000) if first else None,
        structure=[
            {"act": act, "chapters": [n for n, a in acts.items() if a == act]}
            for act in ACTS
            if any(a == act for a in acts.values())
        ],
    )


def _archetype(role: str, context: Counter[str]) -> list[str]:
    cued = sorted(
        (
            (sum(context[w] for w in cues), name)
            for name, cues in ARCHETYPE_CUES.items()
            if any(context[w] for w in cues)
        ),
        key=lambda pair: (-pair[0], pair[1]),
    )
    primary = ROLE_ARCHETYPE.get(role, "Everyman")
    return list(dict.fromkeys([primary, *(name for _, name in cued[:2])]))


def characters(book: Book, overview: PlotOverview, limit: int = 8) -> list[StoryCharacter]:
    finder = CastFinder(book)
    ranked = finder.ranked()[:limit]
    cast = []
    for i, (name, count) in enumerate(ranked):
        said = finder.mentions(name)
        context = Counter(w for s in said for w in words(s))
        if i == 0:
            role = "protagonist"
        elif context["taught"] or context["teach"] or name in ("Grandfather", "Grandmother", "Teacher", "Master"):
            role = "mentor"
        elif i == 1 and count >= 2:
            role = "deuteragonist"
        else:
            role = "supporting" if count >= 2 else "minor"
        archetypes = _archetype(role, context)
        wanting = next((s for s in said if WANT.search(s)), None)
        cast.append(
            StoryCharacter(
                name=name,
                role=role,
                archetype=archetypes[0],
                archetypes=archetypes,
                physical_description=_clip(said[0], 1000) if said else None,
                personality=", ".join(sorted({t for a in archetypes for t in _TRAITS.get(a, ())})) or None,
                want=_clip(wanting, 1000) if wanting else None,
                need=(
                    f"to face what the story keeps returning to: {', '.join(overview.themes[:3])}"
                    if role == "protagonist" and overview.themes
                    else None
                ),
                character_arc=_clip(f"From “{said[0]}” to “{said[-1]}”", 2000) if len(said) > 1 else None,
                mentions=count,
            )
        )
    return cast


_TRAITS = {
    "Innocent": ("optimistic", "trusting"),
    "Everyman": ("relatable", "dependable"),
    "Hero": ("brave", "determined"),
    "Caregiver": ("compassionate", "generous"),
    "Explorer": ("curious", "independent"),
    "Rebel": ("defiant", "bold"),
    "Lover": ("passionate", "devoted"),
    "Creator": ("imaginative",),
    "Jester": ("playful", "witty"),
    "Sage": ("wise", "reflective"),
    "Magician": ("visionary",),
    "Ruler": ("commanding", "organized"),
}


def _speaker(sentence: str, cast: list[StoryCharacter]) -> str | None:
    for character in cast:
        key = character.name.lower().removeprefix("the ")
        if re.search(rf"\b{re.escape(key)}\b", sentence, re.IGNORECASE):
            return character.name
    return None


def chapter_script(
    chapter: BookChapter, overview: PlotOverview, cast: list[StoryCharacter], *, act: str, max_words: int = 90
) -> ChapterScript:
    """The chapter as scenes: paragraphs grouped up to `max_words`, each under a `SCENE n`
    heading; quoted speech becomes `NAME: line` (the speaker: the first character the
    sentence names), the rest narration. Beats: each scene's key sentence, with the act."""
    names = {w.lower() for c in cast for w in c.name.split()}
    weights = _content_counts(chapter.content, names) + Counter({t: 2 for t in overview.themes})
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", chapter.content) if p.strip()]
    groups: list[list[str]] = []
    size = 0
    for paragraph in paragraphs:
        count = len(paragraph.split())
        if not groups or size + count > max_words:
            groups.append([])
            size = 0
        groups[-1].append(paragraph)
        size += count
    heading = (
        chapter.title if chapter.title.lower().startswith("chapter") else f"Chapter {chapter.number}: {chapter.title}"
    )
    lines = [f"# {heading}".rstrip(": ")]
    scenes, beats = [], []
    present: dict[str, list[str]] = {}
    for number, group in enumerate(groups, start=1):
        said = sentences("\n\n".join(group))
        lines += ["", f"SCENE {number} - {act.upper()}"]
        in_scene = []
        for sentence in said:
            speaker = _speaker(sentence, cast)
            if speaker:
                present.setdefault(speaker, []).append(sentence)
                in_scene.append(speaker)
            quotes = _QUOTE.findall(sentence)
            if quotes and speaker:
                lines += [f"{speaker.upper()}: {q.strip()}" for q in quotes]
            else:
                lines.append(sentence)
        key = max(said, key=lambda s: (_score(s, weights), -said.index(s))) if said else ""
        themes = [t for t in overview.themes if t in words(" ".join(said))]
        beats.append({"scene": number, "act": act, "beat": _clip(key, 500), "themes": themes})
        scenes.append({"number": number, "characters": list(dict.fromkeys(in_scene)), "sentences": len(said)})
    by_name = {c.name: c for c in cast}
    return ChapterScript(
        script="\n".join(lines).strip(),
        acts=[{"act": act, "chapter": chapter.number, "scenes": [s["number"] for s in scenes]}],
        beats=beats,
        character_details=[
            {"name": n, "role": by_name[n].role, "archetypes": by_name[n].archetypes, "mentions": len(s)}
            for n, s in present.items()
        ],
        character_arcs=[{"name": n, "in_this_chapter": _clip(s[-1], 500)} for n, s in present.items()],
    )


def act_of(book: Book, chapter_number: int) -> str:
    return _acts(book.chapters).get(chapter_number, ACTS[1])
