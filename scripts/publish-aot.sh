#!/usr/bin/env bash
# Publishes one project Native AOT for linux-x64 into a folder and checks that nothing in it needs a glibc
# newer than the target's (2.34 on provided.al2023). The Makefile (SAM build targets) and the tests call this
# script for `bootstrap`, so the binary that is tested is the binary that ships; `bench` uses it for its Native AOT
# figures of the CLI. The worker image's CLI is a JIT build (scripts/publish-worker.sh).
#
#   scripts/publish-aot.sh PROJECT OUTPUT_DIR
#   scripts/publish-aot.sh src/HybridBatch.Bootstrap "$ARTIFACTS_DIR"
#   scripts/publish-aot.sh src/HybridBatch.Cli /tmp/aotcli
#
# Settings: MAX_GLIBC (default 2.34), CONFIGURATION (default Release), RUNTIME (default linux-x64).
set -euo pipefail

if [ "$#" -ne 2 ]; then
    echo "usage: $0 PROJECT OUTPUT_DIR" >&2
    exit 2
fi

project=$1
output=$2
max_glibc=${MAX_GLIBC:-2.34}
configuration=${CONFIGURATION:-Release}
runtime=${RUNTIME:-linux-x64}
here=$(cd "$(dirname "$0")" && pwd)

mkdir -p "$output"
dotnet publish "$project" -c "$configuration" -r "$runtime" -p:PublishAot=true -o "$output" -nologo
"$here/check-glibc.sh" "$max_glibc" "$output"
