#!/usr/bin/python3
"""EVALUATION.md section 3 (protocol A) with SAR computed the way microsoft/recommenders' single-node SAR does it, in
its stack (numpy 1.24, scipy 1.10, pandas 1.5.3: Debian's packages), to time `bench recs` against the peer itself on
the same machine. Written from the published algorithm (EVALUATION.md "SAR in brief"), not from the library's code:

  fit:   affinity A (user x item, sparse): distinct invoices, or with --decay the sum of 0.5^(age / 30 days) over them;
         co-occurrence C = B^T B of the binary matrix B (sparse); Jaccard J = C / (C_ii + C_jj - C_ij), dense.
  score: A[test users] . J (sparse x dense); A2 sets the user's training items to -inf; top 10 per user, ties by item
         code.

Usage: /usr/bin/python3 bench/peers/sar_protocol_a.py [FILE] [--decay]
Prints the cleaning counts, P/R/NDCG/MAP/HR@10 of A1 and A2 (to check against EVALUATION.md), then the seconds of the
fit and of each variant's scoring; "train + score" starts after the file is read and cleaned, as the peer's table does.
"""
import sys
import time

import numpy as np
import pandas as pd
import scipy.sparse as sp

args = [a for a in sys.argv[1:] if not a.startswith("--")]
path = args[0] if args else "/work/shared/data/online_retail_ii/online_retail_II.csv.gz"
decay = "--decay" in sys.argv
cutoff = pd.Timestamp("2011-09-01")
k = 10

t_read = time.perf_counter()
df = pd.read_csv(path, dtype={"Invoice": str, "StockCode": str, "Customer ID": "float64"}, parse_dates=["InvoiceDate"])
df = df[df["Customer ID"].notna() & ~df["Invoice"].str.startswith("C") & (df["Quantity"] > 0) & (df["Price"] > 0)]
code = df["StockCode"].str.strip().str.upper()
non_product = {"POST", "DOT", "C2", "M", "D", "S", "B", "BANK CHARGES", "AMAZONFEE", "ADJUST", "ADJUST2", "CRUK", "PADS",
               "TEST001", "TEST002", "C3", "GIFT"}
df = df[~code.isin(non_product) & ~code.str.fullmatch(r"GIFT_0001_\d+")]
df = df.assign(user=df["Customer ID"].astype("int64").astype(str), item=df["StockCode"].str.strip(),
               t=df.groupby("Invoice")["InvoiceDate"].transform("min"))
print(f"rows {len(df):,}, customers {df['user'].nunique():,}, items {df['item'].nunique():,}, "
      f"invoices {df['Invoice'].nunique():,}; read + clean {time.perf_counter() - t_read:.2f} s", file=sys.stderr)

train = df[df["t"] < cutoff]
test = df[df["t"] >= cutoff]
relevant_all = test.groupby("user")["item"].agg(lambda s: set(s))
test_users = sorted(set(train["user"]) & set(relevant_all.index))

t0 = time.perf_counter()
cpu0 = time.process_time()
# --- fit ---
# Integer codes first (sorted categories: an item's index order is its code order, for the ties), then all on integers.
user_codes, users = pd.factorize(train["user"], sort=True)
item_codes, items = pd.factorize(train["item"], sort=True)
invoice_codes, _ = pd.factorize(train["Invoice"])
keys = pd.DataFrame({"u": user_codes, "i": item_codes, "b": invoice_codes, "t": train["t"].to_numpy()})
pairs = keys.drop_duplicates(["u", "i", "b"])
u = pairs["u"].to_numpy()
i = pairs["i"].to_numpy()
users = np.asarray(users)
items = np.asarray(items)
if decay:
    age_days = (cutoff - pairs["t"]).dt.total_seconds().to_numpy() / 86400.0
    weight = np.power(0.5, age_days / 30.0)
else:
    weight = np.ones(len(pairs))
affinity = sp.csr_matrix((weight, (u, i)), shape=(len(users), len(items)))  # duplicates summed
affinity.sum_duplicates()
binary = affinity.copy()
binary.data[:] = 1.0
cooccurrence = (binary.T @ binary).tocsr()
diagonal = cooccurrence.diagonal()
with np.errstate(invalid="ignore", divide="ignore"):
    similarity = np.asarray(cooccurrence / (diagonal[:, None] + diagonal[None, :] - cooccurrence))
similarity = np.nan_to_num(similarity)
t_fit = time.perf_counter() - t0


def top_k(scores):
    """Best k per row, ties by the lower item index (= item code)."""
    kth = -np.partition(-scores, k - 1, axis=1)[:, k - 1]
    result = []
    for row, threshold in zip(scores, kth):
        candidates = np.nonzero(row >= threshold)[0]  # ascending item index
        order = np.argsort(-row[candidates], kind="stable")
        result.append(candidates[order[:k]])
    return result


rows = np.searchsorted(users, test_users)
user_affinity = affinity[rows, :]
timings = {}
results = {}
for variant in ("A1", "A2"):
    t1 = time.perf_counter()
    scores = np.asarray(user_affinity @ similarity)
    if variant == "A2":
        seen = user_affinity.tocoo()
        scores[seen.row, seen.col] = -np.inf
    results[variant] = top_k(scores)
    timings[variant] = time.perf_counter() - t1


def metrics(variant):
    p = r = ndcg = mapk = hr = 0.0
    n = 0
    bought = train.groupby("user")["item"].agg(lambda s: set(s))
    for user, top in zip(test_users, results[variant]):
        relevant = relevant_all[user] - (bought[user] if variant == "A2" else set())
        if not relevant:
            continue
        n += 1
        recommended = items[top]
        hits = [1 if item in relevant else 0 for item in recommended]
        ideal = min(len(relevant), k)
        p += sum(hits) / k
        r += sum(hits) / len(relevant)
        ndcg += sum(h / np.log2(rank + 2) for rank, h in enumerate(hits)) / sum(1 / np.log2(rank + 2) for rank in range(ideal))
        running = 0
        ap = 0.0
        for rank, h in enumerate(hits):
            if h:
                running += 1
                ap += running / (rank + 1)
        mapk += ap / ideal
        hr += 1 if any(hits) else 0
    return f"{variant} ({n:,} users): P {p / n:.4f} R {r / n:.4f} NDCG {ndcg / n:.4f} MAP {mapk / n:.4f} HR {hr / n:.4f}"


cpu = time.process_time() - cpu0
print(metrics("A1"), file=sys.stderr)
print(metrics("A2"), file=sys.stderr)
print(f"SAR{' (30-day decay)' if decay else ''}: fit {t_fit:.2f} s, score A1 {timings['A1']:.2f} s, A2 {timings['A2']:.2f} s; "
      f"train + score A1 {t_fit + timings['A1']:.2f} s, both variants {t_fit + timings['A1'] + timings['A2']:.2f} s "
      f"(process CPU {cpu:.2f} s)")
