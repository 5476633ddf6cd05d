# Measures issue 12's "Done when" points against a running app (started by run.sh). Loopback only.
import json, re, sys, time, threading, urllib.request, http.cookiejar, os, collections
base = sys.argv[1]; pid = int(sys.argv[2]); runs = [int(x) for x in sys.argv[3].split(',')]; ckpt = sys.argv[4]; dataset = int(sys.argv[5])
jar = http.cookiejar.CookieJar()
class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *a, **k): return None
opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect)
def call(method, path, body=None, raw=None, headers=None):
    data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
    h = {"X-NewsClassifier": "1"}
    if data is not None and raw is None: h["Content-Type"] = "application/json"
    if raw is not None: h["Content-Type"] = "application/json"
    h.update(headers or {})
    req = urllib.request.Request(base + path, data=data, method=method, headers=h)
    try:
        with opener.open(req, timeout=120) as r: return r.status, r.read().decode(errors="replace"), dict(r.headers)
    except urllib.error.HTTPError as e: return e.code, e.read().decode(errors="replace"), dict(e.headers)
html = opener.open(base + "/account/login").read().decode()
token = re.search(r'name="__RequestVerificationToken"[^>]*?value="([^"]+)"', html)
form = urllib.parse.urlencode({"__RequestVerificationToken": token.group(1), "_handler": "login", "Input.UserName": "admin", "Input.Password": os.environ["NEWSCLASSIFIER_PASSWORD"]}).encode()
try: opener.open(urllib.request.Request(base + "/account/login", data=form, method="POST"))
except urllib.error.HTTPError as e: assert e.code == 302, e.code
def rss():
    s = open(f"/proc/{pid}/status").read()
    return {k: int(re.search(k + r":\s+(\d+)", s).group(1)) // 1024 for k in ("VmRSS", "VmHWM")}
print("server RSS before (MB):", rss())
t = time.time()
st, body, _ = call("POST", "/api/runs", {"datasetId": dataset, "recipe": "custom", "parameters": {"embed_dim": "4096", "num_heads": "64", "key_dim": "1024", "num_blocks": "48"}})
print(f"giant model POST /api/runs: {st} in {time.time()-t:.3f} s: {body[:300]}")
t = time.time()
st, body, _ = call("POST", "/api/classify", raw=b'{"title":"' + b"a" * (5 * 1024 * 1024) + b'"}')
print(f"5 MB JSON /api/classify: {st} in {time.time()-t:.3f} s: {body[:200]}")
t = time.time()
st, body, _ = call("POST", "/api/pretrained", {"name": "deep", "path": ckpt})
print(f"100,000-layer pretrained import: {st} in {time.time()-t:.3f} s: {body[:300]}")
if st in (200, 201, 202):
    cid = json.loads(body)["id"]
    for _ in range(120):
        st2, b2, _ = call("GET", f"/api/pretrained/{cid}")
        j = json.loads(b2)
        if j.get("state") in ("Failed", "Ready"): break
        time.sleep(0.5)
    print("  final:", j.get("state"), (j.get("error") or j.get("message") or "")[:300])
print("server RSS after the import (MB):", rss())
# 64 concurrent classify requests cycling over more models than the cache holds.
statuses = collections.Counter(); lock = threading.Lock(); errors = []
def worker(i):
    st, body, _ = call("POST", "/api/classify", {"title": f"Stocks fall {i}", "text": "Shares slid on Wall Street.", "runId": runs[i % len(runs)]})
    with lock:
        statuses[st] += 1
        if st >= 500: errors.append(body[:200])
for rnd in range(3):
    threads = [threading.Thread(target=worker, args=(i + rnd,)) for i in range(64)]
    t = time.time(); [th.start() for th in threads]; [th.join() for th in threads]
    print(f"round {rnd+1}: 64 concurrent classify over {len(runs)} models in {time.time()-t:.2f} s")
print("classify statuses:", dict(statuses), "5xx bodies:", errors[:3])
print("healthz:", call("GET", "/healthz")[0], "server RSS (MB):", rss())
