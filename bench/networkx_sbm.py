"""Baseline for bench/sbm.bench.ts: time networkx.stochastic_block_model (sparse=True, i.e. the
geometric-skipping sampler) for N nodes, C equal classes, p within and q between.

usage: python3 bench/networkx_sbm.py N C p q repeats seed
prints one JSON line: {"seconds": [..], "edges": [..], "networkx": version}
Only the generation call is timed (it returns a networkx.Graph, the library's usable graph).
"""
import json
import sys
import time

try:
    import networkx as nx
except ImportError as e:  # the bench prints a note and skips
    print(json.dumps({"skip": f"networkx not importable: {e}"}))
    sys.exit(0)

n, c, p, q, repeats, seed = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6])
sizes = [n // c] * (c - 1) + [n - (n // c) * (c - 1)]
probs = [[p if a == b else q for b in range(c)] for a in range(c)]
secs, edges = [], []
for r in range(repeats):
    t = time.perf_counter()
    g = nx.stochastic_block_model(sizes, probs, seed=seed + r, sparse=True)
    secs.append(time.perf_counter() - t)
    edges.append(g.number_of_edges())
print(json.dumps({"seconds": secs, "edges": edges, "networkx": nx.__version__}))
