#!/usr/bin/env bash
# Fails when an executable or shared library in a folder needs a glibc symbol newer than MAX
# (a binary built on a newer distribution would not start on provided.al2023 or the worker image).
#
#   scripts/check-glibc.sh MAX FOLDER      e.g. scripts/check-glibc.sh 2.34 out/
set -euo pipefail

if [ "$#" -ne 2 ]; then
    echo "usage: $0 MAX_GLIBC FOLDER" >&2
    exit 2
fi

max=$1
folder=$2
command -v objdump >/dev/null || { echo "check-glibc: objdump not found (Debian package binutils)" >&2; exit 2; }

checked=0
failed=0
while IFS= read -r -d '' file; do
    # Only ELF files: the folder also holds .dbg symbol files' companions, json and licence texts.
    [ "$(head -c 4 "$file" | od -An -c | tr -d ' ')" = '177ELF' ] || continue
    case "$file" in *.dbg) continue ;; esac
    checked=$((checked + 1))
    newest=$(objdump -T "$file" 2>/dev/null | grep -o 'GLIBC_[0-9][0-9.]*' | sed 's/GLIBC_//' | sort -V | tail -n 1 || true)
    [ -n "$newest" ] || continue
    if [ "$(printf '%s\n%s\n' "$newest" "$max" | sort -V | tail -n 1)" != "$max" ]; then
        echo "check-glibc: $file needs GLIBC_$newest, newer than $max" >&2
        failed=1
    else
        echo "check-glibc: $file needs at most GLIBC_$newest (limit $max)"
    fi
done < <(find "$folder" -maxdepth 3 -type f -print0)

if [ "$checked" -eq 0 ]; then
    echo "check-glibc: no ELF file in $folder" >&2
    exit 1
fi
exit "$failed"
