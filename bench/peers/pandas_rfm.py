#!/usr/bin/python3
"""EVALUATION.md section 1 done with pandas 1.5.3, for timing `retain analyze` side by side.

Usage: /usr/bin/python3 bench/peers/pandas_rfm.py [FILE] [--dedup]
Loads the gzipped CSV, keeps rows with a Customer ID and an invoice not starting with C, aggregates RFM at the
snapshot 2011-12-10, scores quintiles (pd.qcut; F on ranks with ties by ascending customer id) and builds the
monthly acquisition-cohort matrix; prints the figures and the time of each step to stderr.
"""
import sys
import time

import pandas as pd

t0 = time.perf_counter()
args = [a for a in sys.argv[1:] if not a.startswith("--")]
path = args[0] if args else "/work/shared/data/online_retail_ii/online_retail_II.csv.gz"
dedup = "--dedup" in sys.argv

steps = []


def step(name):
    global t0
    now = time.perf_counter()
    steps.append((name, now - t0))
    t0 = now


df = pd.read_csv(path, dtype={"Invoice": str, "StockCode": str, "Customer ID": "float64"}, parse_dates=["InvoiceDate"])
step("load")

if dedup:
    # The second copy of the sheets' overlap: rows of sheet 2 (from row 525,461) dated before 2010-12-10.
    overlap = (df.index >= 525461) & (df["InvoiceDate"] < "2010-12-10")
    df = df[~overlap]
df = df[df["Customer ID"].notna() & ~df["Invoice"].str.startswith("C")].copy()
df["Revenue"] = df["Quantity"] * df["Price"]
step("filter")

snapshot = pd.Timestamp("2011-12-10")
rfm = df.groupby("Customer ID").agg(
    last=("InvoiceDate", "max"), frequency=("Invoice", "nunique"), monetary=("Revenue", "sum"))
rfm["recency"] = (snapshot - rfm["last"]).dt.days
step("rfm aggregate")

rfm["R"] = pd.qcut(rfm["recency"], 5, labels=[5, 4, 3, 2, 1]).astype(int)
rfm["F"] = pd.qcut(rfm["frequency"].rank(method="first"), 5, labels=[1, 2, 3, 4, 5]).astype(int)
rfm["M"] = pd.qcut(rfm["monetary"], 5, labels=[1, 2, 3, 4, 5]).astype(int)
rfm["cell"] = rfm["R"].astype(str) + rfm["F"].astype(str) + rfm["M"].astype(str)
step("scoring")

df["month"] = df["InvoiceDate"].dt.to_period("M")
df["cohort"] = df.groupby("Customer ID")["InvoiceDate"].transform("min").dt.to_period("M")
df["k"] = (df["month"] - df["cohort"]).apply(lambda offset: offset.n)
cohorts = df.groupby(["cohort", "k"])["Customer ID"].nunique().unstack(0)
retention = cohorts.divide(cohorts.iloc[0], axis=1)
step("cohort matrix")

top = int(-(-len(rfm) * 2 // 10))
print(f"rows after filter {len(df):,}")
print(f"customers {len(rfm):,}; invoices {df['Invoice'].nunique():,}; revenue {df['Revenue'].sum():,.2f}")
print(f"customers with >1 invoice {(rfm['frequency'] > 1).sum():,}")
print(f"top 20% ({top}) share {rfm['monetary'].nlargest(top).sum() / rfm['monetary'].sum():.6f}")
print(f"R counts {rfm['R'].value_counts().sort_index().tolist()}; 555 {(rfm['cell'] == '555').sum()}, 111 {(rfm['cell'] == '111').sum()}")
print(f"cohort sizes {cohorts.iloc[0].tolist()[:6]}; 2009-12 months 1..6 {retention.iloc[1:7, 0].round(4).tolist()}")
print(f"mean month-1 retention 2009-12..2011-11 {retention.iloc[1, :24].mean():.6f}")
for name, seconds in steps:
    print(f"{name}: {seconds:.3f} s", file=sys.stderr)
