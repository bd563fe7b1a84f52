#!/usr/bin/env bash
# Benchmarks Paste: publishes it, bench/Paste.Reference and the driver (bench/Paste.Bench) in Release, then runs the
# driver from the repository's root with the arguments given. `bench/run.sh --help` lists the options and the BENCH_*
# variables; bench/README.md says what is measured.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
started_at=$(date +%s)
out="$(mktemp -d "${TMPDIR:-/tmp}/paste-bench-build.XXXXXX")"
trap 'rm -rf "$out"' EXIT
projects=(src/Paste.Api bench/Paste.Reference bench/Paste.Bench)
case " $* " in *" --help "* | *" -h "* | *" --update-docs "*) projects=(bench/Paste.Bench) ;; esac
for project in "${projects[@]}"; do
    echo "== publishing $project (Release)" >&2
    # --artifacts-path: obj/ and bin/ stay out of the source tree, which a concurrent build may be using.
    dotnet publish "$project" -c Release -o "$out/${project#*/}" --artifacts-path "${BENCH_ARTIFACTS:-$out/artifacts}" \
        --disable-build-servers -nologo >"$out/publish.log" 2>&1 || { tail -n 20 "$out/publish.log" >&2; exit 1; }
done
dotnet "$out/Paste.Bench/Paste.Bench.dll" --paste "$out/Paste.Api" --reference "$out/Paste.Reference" --started-at "$started_at" "$@"
