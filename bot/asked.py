"""Questions readers asked, and the ones nearest to a new question.

knowledge/asked.yaml lists questions written by people who saw only the article, each
under the plain question it means ("W jakiej porze roku Moskwa i Waszyngton ponownie
usiądą do stołu? Pytam, bo piszę referat" means "Kiedy następna runda?"). Readers wrap
questions in stories and paraphrase them in ways no topic name or aspect form foresees;
thousands of real questions cover more of those ways than rules can. bot.understanding
asks this index for the questions nearest to a long new one and lets them outvote its own
reading only together (see `vote`).

Similarity is TF-IDF cosine over folded words cut to their first four letters, and pairs
of neighbouring such words: crude, but cheap, and independent of the engine's stems and
typo vocabulary, so an edit to the aliases does not move it.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from itertools import pairwise

import numpy as np
import numpy.typing as npt

from bot.textnorm import fold, folded_lines_tokens, folded_tokens

_PREFIX = 4  # letters kept of a folded word: "usiądą"/"usiadzie" -> "usia", "stołu" -> "stol"
_CHUNK = 256  # questions folded at once while building
NEIGHBOURS = 5  # questions consulted for each new one
# Words a question needs before its neighbours are consulted. A short question turns on
# one small word ("dokładnie", "exactly", "which day") that a bag of words blurs, and the
# reading gets those right; long ones wrap the question in a story the reading loses.
MIN_WORDS = 12
# What the reading's own decline weighs against its neighbours' similarities (0-1 each):
# an answer of theirs wins only when several near questions share it.
OWN_WEIGHT = 0.7


@dataclass(frozen=True)
class Neighbour:
    similarity: float  # cosine, 0-1
    means: int  # index of the question it means, in the order the index was given them


def words(folded: str) -> list[str]:
    """The words of a folded question (`textnorm.fold`), cut to four letters."""
    return [w[:_PREFIX] for w in folded_tokens(folded)]


class AskedIndex:
    """Readers' questions, each pointing at the question it means; immutable once built."""

    def __init__(self, questions: Sequence[str], means: Sequence[int]) -> None:
        """`questions[i]` means the plain question numbered `means[i]`. Built with numpy in
        one pass over all of them, terms as numbers, not strings: thousands of questions
        cost tens of milliseconds and a few megabytes."""
        # Folded a few hundred at a time (newlines inside a question are spaces): the words
        # of all of them at once would be megabytes of short-lived strings.
        self._words: dict[str, int] = {}
        numbered: list[npt.NDArray[np.int64]] = []
        lengths: list[int] = []
        for start in range(0, len(questions), _CHUNK):
            chunk = questions[start : start + _CHUNK]
            lines = folded_lines_tokens(fold("\n".join(q.replace("\n", " ") for q in chunk)))
            lengths.extend(map(len, lines))
            cut = [word[:_PREFIX] for line in lines for word in line]
            numbered.append(
                np.fromiter(
                    (self._words.setdefault(word, len(self._words)) for word in cut),
                    dtype=np.int64,
                    count=len(cut),
                )
            )
        words = np.concatenate(numbered) if numbered else np.zeros(0, dtype=np.int64)
        del numbered
        documents = len(lengths)
        rows = np.repeat(np.arange(documents, dtype=np.int64), lengths)
        # A word is its number; a pair of neighbouring words in one question is a number
        # past every word's. Each (term, row) pair is one number, sorted by term: each
        # term's postings are one slice. Intermediates go as soon as they are used: the
        # peak memory of the build is what a reader's first long question costs.
        size = max(len(self._words), 1)
        paired = rows[1:] == rows[:-1]
        keyed = np.concatenate(
            (
                words * documents + rows,
                (size + words[:-1][paired] * size + words[1:][paired]) * documents
                + rows[:-1][paired],
            )
        )
        del words, rows, paired
        pairs, counts = np.unique(keyed, return_counts=True)
        del keyed
        pair_terms, pair_rows = np.divmod(pairs, documents)
        del pairs
        keys, first, df = np.unique(pair_terms, return_index=True, return_counts=True)
        del pair_terms
        self._term = {int(key): number for number, key in enumerate(keys.tolist())}
        idf = np.log(documents / (1.0 + df)) + 1.0
        self._idf = idf.tolist()  # Python floats: read one at a time
        self._unseen_idf = math.log(documents + 1.0) + 1.0
        weights = (1.0 + np.log(counts)) * np.repeat(idf, df)
        norms = np.sqrt(np.bincount(pair_rows, weights=weights**2, minlength=documents))
        weights /= np.where(norms > 0, norms, 1.0)[pair_rows]
        self._rows = pair_rows.astype(np.int32)
        self._weights = weights.astype(np.float32)
        self._starts = [*first.tolist(), len(pair_rows)]
        self._means = np.asarray(means, dtype=np.int32)
        self._size = size
        self._count = documents

    def __len__(self) -> int:
        return self._count

    def nearest(self, cut: list[str], count: int = NEIGHBOURS) -> list[Neighbour]:
        """The `count` readers' questions most similar to one (its `words`), most similar
        first."""
        if not self._count or not cut:
            return []
        size = self._size
        # Terms no readers' question has still weigh in the question's length.
        numbers: list[int | str] = [self._words.get(word, word) for word in cut]
        terms = [
            *numbers,
            *(
                size + a * size + b if isinstance(a, int) and isinstance(b, int) else f"{a} {b}"
                for a, b in pairwise(numbers)
            ),
        ]
        tally: dict[int | str, int] = {}
        for term in terms:
            tally[term] = tally.get(term, 0) + 1
        spans = []
        total = 0.0
        for term, n in tally.items():
            index = self._term.get(term) if isinstance(term, int) else None
            weight = (1.0 + math.log(n)) * (self._unseen_idf if index is None else self._idf[index])
            total += weight * weight
            if index is not None:
                spans.append((self._starts[index], self._starts[index + 1], weight))
        if not spans:
            return []
        norm = math.sqrt(total)
        scores = np.bincount(
            np.concatenate([self._rows[a:b] for a, b, _ in spans]),
            weights=np.concatenate([self._weights[a:b] for a, b, _ in spans])
            * np.repeat([w / norm for _, _, w in spans], [b - a for a, b, _ in spans]),
            minlength=self._count,
        )
        count = min(count, self._count)
        top = np.argpartition(-scores, count - 1)[:count]
        top = top[np.argsort(-scores[top], kind="stable")]
        return [
            Neighbour(float(scores[row]), int(self._means[row])) for row in top if scores[row] > 0
        ]


def vote(own: Hashable, theirs: Sequence[tuple[float, Hashable, bool]]) -> Hashable:
    """The verdict with the most weight: the reading's own (a decline) counts `OWN_WEIGHT`,
    each neighbour (similarity, verdict, whether it answers) its similarity. A neighbour
    that declines too, whatever it declines, counts for the reading's own: the question is
    whether to answer at all. Ties keep the reading's."""
    weight: dict[Hashable, float] = {own: OWN_WEIGHT}
    for similarity, verdict, answers in theirs:
        ballot = verdict if answers else own
        weight[ballot] = weight.get(ballot, 0.0) + similarity
    return max(weight, key=lambda verdict: weight[verdict])  # the first of equals: own
