# python3 benchmarks/load/click-indexes.py PRIOR   (e.g. 100000, then 1000000)
# Storage cost of a click write with schema 13's seven click indexes vs schema 14's five: the same rows, the same
# batches (2,000 per transaction, multi-row inserts of 16), WAL + synchronous=FULL, into a table already holding
# PRIOR rows; alternating runs, best of three each.
import os, shutil, sqlite3, sys, tempfile, time, uuid
HERE = os.path.dirname(os.path.abspath(__file__))
SCHEMA = os.path.join(HERE, '../../src/Affiliate.EntityFrameworkCore.Sqlite/Schema/001_initial.sql')
DDL = open(SCHEMA).read()
table = DDL[DDL.index('CREATE TABLE {prefix}clicks'):]; table = table[:table.index(');')+2]
idx = ["CREATE INDEX ix_v ON c (program_id, visitor_id, occurred_at)",
       "CREATE INDEX ix_ip ON c (program_id, ip_hash, occurred_at)",
       "CREATE INDEX ix_list ON c (program_id, occurred_at, id)",
       "CREATE INDEX ix_plist ON c (program_id, partner_id, occurred_at, id)",
       "CREATE INDEX ix_sub1 ON c (program_id, partner_id, json_extract(sub_ids, '$[0]'), occurred_at, id)"]
dropped = ["CREATE INDEX ix_p ON c (program_id, partner_id, occurred_at)",
           "CREATE INDEX ix_t ON c (program_id, occurred_at)"]
PRIOR, N, B = int(sys.argv[1]), 100_000, 2000
WORK = tempfile.mkdtemp(prefix='click-indexes-')
t0 = 1_700_000_000 * 10_000_000
def rows(n, start):
    for i in range(n):
        yield ("default", uuid.uuid4().hex, "load", None, "[]", "http://127.0.0.1/?ref=LOAD", None,
               "Mozilla/5.0", uuid.uuid4().hex, t0 + (start + i) * 1000, "127.0.0.0", "h"*43, None, 1, "[]")
def make(path, seven):
    for f in (path, path+"-wal", path+"-shm"):
        if os.path.exists(f): os.remove(f)
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL"); db.execute("PRAGMA synchronous=FULL")
    db.execute(table.replace("{prefix}clicks", "c"))
    for s in idx + (dropped if seven else []): db.execute(s)
    db.execute("BEGIN")
    db.executemany("INSERT INTO c VALUES (" + ",".join("?"*15) + ")", rows(PRIOR, 0))
    db.execute("COMMIT")
    return db
def run(db, start):
    data = list(rows(N, start)); sql16 = "INSERT INTO c VALUES " + ",".join(["(" + ",".join("?"*15) + ")"]*16)
    began = time.perf_counter()
    for b in range(0, N, B):
        db.execute("BEGIN IMMEDIATE")
        chunk = data[b:b+B]
        for k in range(0, len(chunk), 16):
            part = chunk[k:k+16]
            if len(part) == 16: db.execute(sql16, [v for r in part for v in r])
            else: db.executemany("INSERT INTO c VALUES (" + ",".join("?"*15) + ")", part)
        db.execute("COMMIT")
    return (time.perf_counter() - began) / N * 1e6
res = {7: [], 5: []}
for rep in range(3):
    for seven in (True, False):
        db = make(os.path.join(WORK, f"{'7' if seven else '5'}.db"), seven)
        res[7 if seven else 5].append(run(db, PRIOR)); db.close()
a, b = min(res[7]), min(res[5])
print(f"prior {PRIOR:,}: seven indexes {a:.1f} us/click, five {b:.1f} us/click, ratio five/seven {b/a:.2f} "
      f"(runs: {', '.join(f'{x:.1f}' for x in res[7])} | {', '.join(f'{x:.1f}' for x in res[5])})")
shutil.rmtree(WORK)
