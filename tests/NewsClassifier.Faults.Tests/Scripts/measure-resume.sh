#!/usr/bin/env bash
# Issue 13 acceptance figures against the running app, at full size (the fault suite runs the same kills on a small
# dataset): the 6,000-article sample, an 8-epoch custom-lesson run; kill -9 of the web app during epoch 3, restart;
# then a second run stopped with SIGTERM during epoch 2, start. Loopback only; kills only the servers it started.
# Build first: dotnet build src/NewsClassifier.Web && dotnet build src/NewsClassifier.Cli
set -euo pipefail
repo=$(cd "$(dirname "$0")/../../.." && pwd); shared=$repo/../shared/data; m=$(mktemp -d)
cli="dotnet $repo/src/NewsClassifier.Cli/bin/Debug/net10.0/newsclassifier.dll"
export Storage__DataDirectory=$m/data NEWSCLASSIFIER_PASSWORD="measure pass phrase" ASPNETCORE_ENVIRONMENT=Production
$cli migrate >/dev/null
$cli users add admin --role Admin >/dev/null
$cli import $shared/ag_news/ag_news_sample.csv --name ag-6000 >/dev/null
echo "working in $m"
python3 "$(dirname "$0")/measure_resume.py" "$repo/src/NewsClassifier.Web/bin/Debug/net10.0/NewsClassifier.Web.dll" "$m"
rm -rf "$m"
