#!/usr/bin/env bash
# Publishes the Batch worker's `hybridbatch` for the worker image: self-contained linux-x64, ReadyToRun (start-up
# close to Native AOT's), not trimmed (Parquet.Net reads columns through MakeGenericMethod, which needs the JIT and
# every generic instantiation it makes), TieredPGO on; then checks that nothing in the folder needs a glibc newer
# than the image's. The Dockerfile's build stage and WorkerImageTests call this script, so the binary that is
# tested is the binary the image holds. The Lambda's `bootstrap` stays Native AOT (scripts/publish-aot.sh).
#
#   scripts/publish-worker.sh PROJECT OUTPUT_DIR
#   MAX_GLIBC=2.39 scripts/publish-worker.sh src/HybridBatch.Cli /out
#
# Settings: MAX_GLIBC (default 2.39, Ubuntu 24.04's), CONFIGURATION (default Release), RUNTIME (default linux-x64).
set -euo pipefail

if [ "$#" -ne 2 ]; then
    echo "usage: $0 PROJECT OUTPUT_DIR" >&2
    exit 2
fi

project=$1
output=$2
max_glibc=${MAX_GLIBC:-2.39}
configuration=${CONFIGURATION:-Release}
runtime=${RUNTIME:-linux-x64}
here=$(cd "$(dirname "$0")" && pwd)

mkdir -p "$output"
# PublishAot=false in case a caller's environment or a props file turns it on: this build is the JIT one.
dotnet publish "$project" -c "$configuration" -r "$runtime" --self-contained true \
    -p:PublishAot=false -p:PublishTrimmed=false -p:PublishReadyToRun=true -p:TieredPGO=true \
    -o "$output" -nologo

# Only what runs in the image. librdkafka.redist ships three Linux builds and Confluent.Kafka tries them next to the
# executable: the default one needs libsasl2.so.3 (Ubuntu has .so.2) and alpine's is for musl, so only
# centos8-librdkafka.so loads on Ubuntu 24.04; leaving the others out makes that the one it finds. (`bootstrap` is not
# here: the CLI references the functions library, HybridBatch.Functions.dll, never the Lambda executable.)
# Symbols and XML docs are for developers.
rm -f "$output/librdkafka.so" "$output/alpine-librdkafka.so" \
    "$output"/*.pdb "$output"/*.xml "$output"/*.dbg
test -f "$output/centos8-librdkafka.so" || { echo "publish-worker: $output/centos8-librdkafka.so is missing (librdkafka.redist changed its layout?)" >&2; exit 1; }
"$here/check-glibc.sh" "$max_glibc" "$output"
