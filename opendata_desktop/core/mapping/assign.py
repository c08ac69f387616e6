"""Maximum-score one-to-one assignment of columns to fields (Hungarian algorithm)."""

from __future__ import annotations

import numpy as np


def assign(scores: np.ndarray) -> list[tuple[int, int]]:
    """(row, column) pairs maximising the total score; every row and column used at most once."""
    n_rows, n_cols = scores.shape
    size = max(n_rows, n_cols)
    cost = np.zeros((size, size))
    cost[:n_rows, :n_cols] = scores.max() - scores if scores.size else 0
    cost[:n_rows, n_cols:] = scores.max() if scores.size else 0  # "unmapped" costs as much as the worst
    u, v = np.zeros(size + 1), np.zeros(size + 1)
    p, way = np.zeros(size + 1, dtype=int), np.zeros(size + 1, dtype=int)
    for i in range(1, size + 1):
        p[0], j0 = i, 0
        minv, used = np.full(size + 1, np.inf), np.zeros(size + 1, dtype=bool)
        while True:
            used[j0] = True
            i0, j1 = p[j0], 0
            free = ~used[1:]
            cur = cost[i0 - 1, :] - u[i0] - v[1:]
            better = free & (cur < minv[1:])
            minv[1:][better] = cur[better]
            way[1:][better] = j0
            candidates = np.where(free, minv[1:], np.inf)
            j1 = int(np.argmin(candidates)) + 1
            delta = candidates[j1 - 1]
            u[p[used]] += delta
            v[used] -= delta
            minv[~used] -= delta
            j0 = j1
            if p[j0] == 0:
                break
        while j0:
            j1 = way[j0]
            p[j0] = p[j1]
            j0 = j1
    return [(p[j] - 1, j - 1) for j in range(1, size + 1) if p[j] and p[j] - 1 < n_rows and j - 1 < n_cols]
