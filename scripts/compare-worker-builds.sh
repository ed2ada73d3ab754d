#!/usr/bin/env bash
# Times the worker's two possible builds of the CLI against each other, whole process, interleaved, and prints each
# figure's runs and median (docs/performance.md, "The worker image"): start-up (`help`), one `process` of a
# 300,000-record chunk to discard (planned, untimed, into a fresh folder each time), and `run` of DuckDB's snappy
# reference file (written by test/fixtures/parquet/generate.mjs; needs node and that fixture's npm packages).
#
#   scripts/publish-worker.sh src/HybridBatch.Cli /tmp/jit
#   scripts/publish-aot.sh src/HybridBatch.Cli /tmp/aot
#   scripts/compare-worker-builds.sh /tmp/jit /tmp/aot 5
set -euo pipefail

if [ "$#" -lt 2 ]; then
    echo "usage: $0 JIT_DIR AOT_DIR [REPETITIONS]" >&2
    exit 2
fi

jit=$(cd "$1" && pwd)/hybridbatch
aot=$(cd "$2" && pwd)/hybridbatch
reps=${3:-5}
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"

"$jit" generate --records 300000 --seed 7 --out orders.jsonl > /dev/null
(cd "$root/test/fixtures/parquet" && node generate.mjs "$work/pq" 6000 2048 > /dev/null)
echo '{"type":"object"}' > any.schema.json

# Milliseconds of one command; a command that fails ends the comparison (its time would measure something else).
ms() {
    local start end
    start=$(date +%s%N)
    "$@" > last.out 2> last.err || { echo "failed: $* (see last.err)" >&2; cat last.err >&2; exit 1; }
    end=$(date +%s%N)
    echo $(( (end - start) / 1000000 ))
}

for r in $(seq 1 "$reps"); do
    for build in jit aot; do
        bin=$jit
        [ "$build" = aot ] && bin=$aot
        echo "start $build $(ms "$bin" help)" >> times
        rm -rf plan p
        "$jit" plan orders.jsonl --schema orders --chunk-records 300000 --out plan > /dev/null 2>&1
        run=$(ls plan/runs | grep -v '\.' | head -n 1)
        echo "process $build $(ms "$bin" process --work plan --run-id "$run" --chunk-id 0 --destination discard)" >> times
        echo "parquet $build $(ms "$bin" run pq/types-snappy.parquet --schema any.schema.json --chunk-records 2048 --destination discard --out p)" >> times
    done
done

for figure in start process parquet; do
    for build in jit aot; do
        runs=$(awk -v f="$figure" -v b="$build" '$1 == f && $2 == b { print $3 }' times | sort -n)
        median=$(echo "$runs" | sed -n "$(( (reps + 1) / 2 ))p")
        echo "$figure $build: median $median ms (runs: $(echo $runs))"
    done
done
# What each image would hold: the whole JIT folder (as the Dockerfile copies it); of the AOT publish, the binary and the
# one librdkafka the old image copied.
aot_bytes=$(( $(stat -c %s "$aot") + $(stat -c %s "$(dirname "$aot")/centos8-librdkafka.so") ))
echo "image contents: jit $(du -sb "$(dirname "$jit")" | cut -f1) bytes, aot $aot_bytes bytes"
