# Drives measure-resume.sh: starts the web app, trains through a kill -9 and a SIGTERM, prints what the database says.
import json, os, re, signal, sqlite3, subprocess, sys, time, urllib.request, http.cookiejar
web_dll, work = sys.argv[1], sys.argv[2]
base = "http://127.0.0.1:5393"
db_path = os.path.join(work, "data", "newsclassifier.db")

def start():
    log = open(os.path.join(work, "server.log"), "a")
    p = subprocess.Popen(["dotnet", web_dll, "--urls", base], stdout=log, stderr=subprocess.STDOUT)
    for _ in range(240):
        try:
            if urllib.request.urlopen(base + "/healthz", timeout=2).status == 200: return p
        except Exception: time.sleep(0.5)
    raise SystemExit("the app did not start")

class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *a, **k): return None

def session():
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect)
    html = opener.open(base + "/account/login").read().decode()
    token = re.search(r'name="__RequestVerificationToken"[^>]*?value="([^"]+)"', html).group(1)
    form = urllib.parse.urlencode({"__RequestVerificationToken": token, "_handler": "login", "Input.UserName": "admin",
                                   "Input.Password": os.environ["NEWSCLASSIFIER_PASSWORD"]}).encode()
    try: opener.open(urllib.request.Request(base + "/account/login", data=form, method="POST"))
    except urllib.error.HTTPError as e: assert e.code == 302, e.code
    return opener

def start_run(opener, seed):
    dataset = query("SELECT Id FROM Datasets WHERE Name = 'ag-6000'")[0][0]
    body = json.dumps({"datasetId": dataset, "recipe": "custom-lesson",
                       "parameters": {"epochs": "8", "early_stopping_patience": "0", "seed": str(seed)}}).encode()
    req = urllib.request.Request(base + "/api/runs", data=body, method="POST",
                                 headers={"Content-Type": "application/json", "X-NewsClassifier": "1"})
    return json.loads(opener.open(req).read())["id"]

def query(sql, *args):
    with sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, timeout=30) as c: return c.execute(sql, args).fetchall()

def run_row(run):
    return query("SELECT State, Epoch, Attempts FROM TrainingRuns WHERE Id = ?", run)[0]

def wait(run, done, timeout=3600):
    t = time.time()
    while time.time() - t < timeout:
        row = run_row(run)
        if done(row): return row
        time.sleep(0.2)
    raise SystemExit(f"run {run} stuck at {row}")

def report(run, t0):
    state, epoch, attempts = run_row(run)
    per_epoch = query("SELECT Step, COUNT(*) FROM RunMetrics WHERE RunId = ? AND Name = 'val_accuracy' GROUP BY Step ORDER BY Step", run)
    dup_steps = query("SELECT COUNT(*) FROM (SELECT Step FROM RunMetrics WHERE RunId = ? AND Name = 'train_loss_step' GROUP BY Step HAVING COUNT(*) > 1)", run)[0][0]
    lines = [m for (m,) in query("SELECT Message FROM RunLogEntries WHERE RunId = ? ORDER BY Id", run)
             if m.startswith("Resumed") or "server stopped" in m or m.startswith("epoch ")]
    print(f"  run {run}: {state}, attempts {attempts}, {time.time() - t0:.0f} s from the first start")
    print(f"  val_accuracy rows per epoch: {per_epoch}; step-loss steps recorded twice: {dup_steps}")
    for l in lines: print("   |", l)
    print("  integrity_check:", query("PRAGMA integrity_check")[0][0])

server = start(); opener = session()
t0 = time.time(); run = start_run(opener, 1)
print("== kill -9 during epoch 3 of 8")
wait(run, lambda r: r[0] == 'Running' and r[1] >= 3)
time.sleep(2)
print(f"  killing pid {server.pid} at {run_row(run)} after {time.time() - t0:.0f} s")
server.send_signal(signal.SIGKILL); server.wait()
server = start()
wait(run, lambda r: r[0] not in ('Queued', 'Running'))
report(run, t0)

print("== SIGTERM during epoch 2 of 8")
opener = session(); t0 = time.time(); run = start_run(opener, 2)
wait(run, lambda r: r[0] == 'Running' and r[1] >= 2)
time.sleep(2)
print(f"  SIGTERM to pid {server.pid} at {run_row(run)}")
server.send_signal(signal.SIGTERM); code = server.wait(timeout=120)
print(f"  exit code {code}; the run is now {run_row(run)}")
server = start()
wait(run, lambda r: r[0] not in ('Queued', 'Running'))
report(run, t0)
server.send_signal(signal.SIGTERM); server.wait(timeout=120)
