#!/usr/bin/env bash
# Issue 12 acceptance figures against the running app: starts the built web app on 127.0.0.1:5391 with a fresh data
# directory (5 tiny models, Inference:CachedModels=2), then measures refusals, RSS and 64-way concurrent classify.
set -euo pipefail
repo=$(cd "$(dirname "$0")/../../.." && pwd); shared=$repo/../shared/data; m=$(mktemp -d); mkdir -p $m/data/imports
echo "working in $m (build first: dotnet build src/NewsClassifier.Web && dotnet build src/NewsClassifier.Cli)"
cli="dotnet $repo/src/NewsClassifier.Cli/bin/Debug/net10.0/newsclassifier.dll"
export Storage__DataDirectory=$m/data Import__ServerPathRoots__0=$m/data/imports NEWSCLASSIFIER_PASSWORD="measure pass phrase" Inference__CachedModels=2 ASPNETCORE_ENVIRONMENT=Production
$cli migrate >/dev/null
$cli users add admin --role Admin >/dev/null
head -201 $shared/ag_news/ag_news_sample.csv > $m/data/sample.csv
$cli import $m/data/sample.csv --name m200 >/dev/null
ids=""
for i in 1 2 3 4 5; do
  id=$($cli train --dataset m200 --recipe custom --set vocab_size=2000 --set max_length=32 --set embed_dim=8 --set key_dim=8 --set ff_dim=8 --set dense_units=8 --epochs 1 --set seed=$i --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["run_id"])')
  ids="$ids${ids:+,}$id"
done
ck=$m/data/imports/deep; mkdir -p $ck
python3 - "$ck" "$shared" <<'PY'
import json, struct, sys
d = sys.argv[1]
json.dump({"model_type": "bert", "num_hidden_layers": 100000, "hidden_size": 768, "intermediate_size": 3072, "num_attention_heads": 12,
           "vocab_size": 30522, "max_position_embeddings": 512, "type_vocab_size": 2}, open(d + "/config.json", "w"))
open(d + "/vocab.txt", "w").write(open(sys.argv[2] + "/bert-base-uncased/vocab.txt").read())
header = json.dumps({"embeddings.word_embeddings.weight": {"dtype": "F32", "shape": [2], "data_offsets": [0, 8]}}).encode()
open(d + "/model.safetensors", "wb").write(struct.pack("<Q", len(header)) + header + b"\0" * 8)
PY
echo "== CLI summary of the giant model"
/usr/bin/time -f "wall %e s, max RSS %M KB" $cli summary --recipe custom --set embed_dim=4096 --set num_heads=64 --set key_dim=1024 --set num_blocks=48 2>&1 | tail -3 || true
echo "== CLI train of the giant model"
/usr/bin/time -f "wall %e s, max RSS %M KB" $cli train --dataset m200 --recipe custom --set embed_dim=4096 --set num_heads=64 --set key_dim=1024 --set num_blocks=48 2>&1 | tail -3 || true
dotnet $repo/src/NewsClassifier.Web/bin/Debug/net10.0/NewsClassifier.Web.dll --urls http://127.0.0.1:5391 > $m/server.log 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; rm -rf "$m"' EXIT
for i in $(seq 1 120); do curl -sf http://127.0.0.1:5391/healthz >/dev/null && break; sleep 1; done
echo "== URL import of the app's own loopback address"
/usr/bin/time -f "wall %e s" $cli import http://127.0.0.1:5391/ --name loop 2>&1 | grep -v "^info" | tail -3 || true
echo "== against the running app (pid $server, models $ids, Inference:CachedModels=2)"
python3 "$(dirname "$0")/measure_running_app.py" http://127.0.0.1:5391 $server "$ids" "$ck" 1
grep -c "Exception" $m/server.log | xargs echo "exceptions in the server log:"
