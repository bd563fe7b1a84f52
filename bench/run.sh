#!/usr/bin/env bash
# Benchmarks Paste against bench/Paste.Reference (Kestrel minimal APIs + Microsoft.Data.Sqlite, same tables and SQLite
# settings) and prints figures. Everything runs on 127.0.0.1 in a fresh temporary directory that is removed at the end.
#
#   bench/run.sh            full run: throughput (10 000 seeded pastes), /health and raw reads while costly pages
#                           are viewed, memory of a 50 MiB upload/download,
#                           the same on PostgreSQL (one instance, then two behind nginx), throughput on
#                           1 000 000 stored pastes
#   bench/run.sh --smoke    the same in short: 1 s runs, 200 seeded pastes, no million part (about 40 s with
#                           BENCH_ARTIFACTS kept between runs; about 100 s when everything is built from scratch)
#
# Environment:
#   BENCH_DURATION=8        seconds of each measured wrk run (smoke: 1)
#   BENCH_WARMUP=5          seconds of wrk warm-up before each measured run, 0 for none (smoke: 1); the JIT
#                           keeps promoting hot methods for several seconds under load
#   BENCH_SEED=10000        pastes seeded through each server's POST / (smoke: 200)
#   BENCH_HIGHLIGHT_ATTACKERS=120  parallel views of pages that are costly to colour, beside /health and raw reads
#   BENCH_SKIP_MILLION=1    skip the 1 000 000-paste part (smoke skips it)
#   BENCH_SKIP_POSTGRES=1   skip the PostgreSQL part (it needs Debian's postgresql, and nginx, installed when missing)
#   BENCH_KEEP_TMP=1        keep the temporary directory (server logs, databases) for a look afterwards
#   BENCH_ARTIFACTS=<dir>   keep the Release builds' obj/ and bin/ there between runs (incremental, much faster);
#                           by default they are built from scratch in the temporary directory
#
# Progress goes to stderr, the result tables to stdout. Needs the .NET 10 SDK, curl, and (installed with apt-get when
# missing) wrk, sqlite3 and nginx. Exits non-zero when something does not work (a server that does not start, a failed seed,
# a download that differs from its upload); missed targets are printed, not failures: this measures, it does not judge.
set -euo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_DIR="$(cd "$BENCH_DIR/.." && pwd)"
readonly BENCH_DIR REPO_DIR

export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

# ---------------------------------------------------------------------------------------------------------------------
# Settings
# ---------------------------------------------------------------------------------------------------------------------

smoke=0
for arg in "$@"; do
    case "$arg" in
        --smoke) smoke=1 ;;
        -h | --help) sed -n '2,26p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "unknown argument: $arg (try --help)" >&2; exit 2 ;;
    esac
done

if [[ $smoke == 1 ]]; then
    duration="${BENCH_DURATION:-1}"
    warmup="${BENCH_WARMUP:-1}"
    seed_count="${BENCH_SEED:-200}"
    skip_million=1
else
    duration="${BENCH_DURATION:-8}"
    warmup="${BENCH_WARMUP:-5}"
    seed_count="${BENCH_SEED:-10000}"
    skip_million="${BENCH_SKIP_MILLION:-0}"
fi

for value in "$duration" "$warmup" "$seed_count"; do
    [[ $value =~ ^[0-9]+$ ]] || { echo "BENCH_DURATION, BENCH_WARMUP and BENCH_SEED must be whole numbers" >&2; exit 2; }
done
((duration >= 1 && duration <= 600)) || { echo "BENCH_DURATION must be 1..600 seconds" >&2; exit 2; }
((warmup <= 60)) || { echo "BENCH_WARMUP must be 0..60 seconds" >&2; exit 2; }
((seed_count >= 1 && seed_count <= 100000)) || { echo "BENCH_SEED must be 1..100000" >&2; exit 2; }

readonly wrk_threads=2 wrk_connections=32
# As many parallel page views as pushed a raw read from 11 ms to 6 s before colouring was bounded.
readonly highlight_attackers="${BENCH_HIGHLIGHT_ATTACKERS:-120}"
readonly paste_bytes=1024
readonly seed_concurrency=8
readonly million=1000000
readonly million_read_ids=10000
# Exactly the authenticated limit (Paste:MaxAuthenticatedBytes, 50 MiB).
readonly upload_bytes=52428800
readonly memory_target_mib=8
readonly scale_target_percent=10
# Any 40 lowercase hex digits: without a configured proxy secret Paste takes the header as the caller's identity.
readonly client_fingerprint="0123456789abcdef0123456789abcdef01234567"

# ---------------------------------------------------------------------------------------------------------------------
# Housekeeping: the temporary directory, the processes this script starts, and how they end
# ---------------------------------------------------------------------------------------------------------------------

tmp="$(mktemp -d "${TMPDIR:-/tmp}/paste-bench.XXXXXX")"
started_pids=()  # every background process this script starts (servers, samplers); the EXIT trap ends these only
server_logs=()   # shown (their tails) when the script fails

cleanup() {
    local status=$?
    trap - EXIT INT TERM
    local pid
    for pid in "${started_pids[@]}"; do
        kill -TERM "$pid" 2>/dev/null || true
    done
    for pid in "${started_pids[@]}"; do
        # A server gets up to 10 s to stop cleanly, then it is killed.
        for _ in {1..100}; do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.1
        done
        kill -KILL "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    done
    stop_postgres
    if [[ $status != 0 ]]; then
        local log
        for log in "${server_logs[@]}"; do
            [[ -s $log ]] || continue
            echo "--- last lines of $log" >&2
            tail -n 15 "$log" >&2
        done
    fi
    if [[ ${BENCH_KEEP_TMP:-0} == 1 ]]; then
        echo "kept $tmp" >&2
    else
        rm -rf "$tmp"
    fi
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

say() { echo "== $*" >&2; }
die() { echo "error: $*" >&2; exit 1; }

forget_pid() {
    local pid=$1 kept=() p
    for p in "${started_pids[@]}"; do
        [[ $p == "$pid" ]] || kept+=("$p")
    done
    started_pids=("${kept[@]}")
}

# ---------------------------------------------------------------------------------------------------------------------
# Tools
# ---------------------------------------------------------------------------------------------------------------------

ensure_packages() {
    local missing=() tool
    for tool in "$@"; do
        command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
    done
    [[ ${#missing[@]} == 0 ]] && return
    say "installing ${missing[*]} with apt-get"
    local as_root=()
    if [[ $(id -u) != 0 ]] && command -v sudo >/dev/null 2>&1; then
        as_root=(sudo)
    fi
    { "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive timeout 300 apt-get update -q \
        && "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive timeout 300 apt-get install -y -q "${missing[@]}"; } \
        </dev/null >"$tmp/apt.log" 2>&1 || { tail -n 20 "$tmp/apt.log" >&2; die "could not install ${missing[*]}"; }
}

command -v dotnet >/dev/null 2>&1 || die "dotnet is not on PATH; the benchmark needs the .NET 10 SDK"
command -v curl >/dev/null 2>&1 || die "curl is not on PATH"
if [[ $skip_million == 1 ]]; then ensure_packages wrk; else ensure_packages wrk sqlite3; fi

# ---------------------------------------------------------------------------------------------------------------------
# Servers
# ---------------------------------------------------------------------------------------------------------------------

# A port that nothing on 127.0.0.1 answers on. (A server that still loses the race fails to bind and exits, which
# wait_ready reports.)
free_port() {
    local port
    for _ in {1..200}; do
        port=$((20000 + RANDOM % 40000))
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            echo "$port"
            return
        fi
    done
    die "found no free port on 127.0.0.1"
}

# Polls $2 until it answers 2xx; fails early when the server process $1 has exited. At most 60 s.
wait_ready() {
    local pid=$1 url=$2 log=$3
    for _ in {1..600}; do
        kill -0 "$pid" 2>/dev/null || die "the server behind $url exited during start-up (log: $log)"
        curl -fsS --max-time 2 -o /dev/null "$url" 2>/dev/null && return
        sleep 0.1
    done
    die "the server behind $url was not ready within 60 s (log: $log)"
}

# start_server <data dir> <name> <readiness path> <dll> [NAME=value...]: starts a published server on a free port,
# in <data dir>, with its output in a log file and the given environment; sets server_pid and server_url.
start_server() {
    local data=$1 name=$2 ready_path=$3 dll=$4 port
    shift 4
    port="$(free_port)"
    mkdir -p "$data"
    local log="$tmp/logs/$name.log"
    server_logs+=("$log")
    (
        cd "$data"
        exec env ASPNETCORE_ENVIRONMENT=Production "$@" dotnet "$dll" --urls "http://127.0.0.1:$port"
    ) >>"$log" 2>&1 &
    server_pid=$!
    started_pids+=("$server_pid")
    server_url="http://127.0.0.1:$port"
    wait_ready "$server_pid" "$server_url$ready_path" "$log"
}

# start_paste <data dir> <name> [NAME=value...]: the published Paste with its data in <data dir>, and the given
# environment on top (a PostgreSQL store, say). It logs one line per request, to
# its log file. The rate limits (60 anonymous creates and 3000 other requests per minute and IP, 4 uploads at once
# per IP by default) are lifted, not removed: measured against them, a benchmark would only count 429s.
start_paste() {
    local data=$1 name=$2
    shift 2
    start_server "$data" "$name" /health "$tmp/publish/paste/Paste.Api.dll" \
        ConnectionStrings__Paste="Data Source=$data/paste.db" \
        Paste__Webhooks__SigningKeyPath="$data/webhook.key" \
        Paste__Signatures__KeyRingPath="$data/keys" \
        Paste__V1__BoxKeyPath="$data/box.key" \
        Paste__RateLimits__AnonymousPermitsPerMinute=1000000000 \
        Paste__RateLimits__AuthenticatedPermitsPerMinute=1000000000 \
        Paste__RateLimits__RequestsPerMinute=1000000000 \
        Paste__RateLimits__ConcurrentUploadsPerClient=100000 \
        "$@"
}

# start_reference <data dir> <name>: the same for bench/Paste.Reference.
start_reference() {
    start_server "$1" "$2" /hello "$tmp/publish/reference/Paste.Reference.dll" \
        ConnectionStrings__Reference="Data Source=$1/reference.db"
}

# Stops a server started above: SIGTERM (Kestrel drains, SQLite checkpoints), SIGKILL after 20 s.
stop_server() {
    local pid=$1
    kill -TERM "$pid" 2>/dev/null || true
    for _ in {1..200}; do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    forget_pid "$pid"
}

# seed <base url> <ids file>: seed_count pastes of 1 KiB through POST /, their ids into <ids file>.
seed() {
    timeout 600 dotnet "$tmp/publish/seeder/Paste.Bench.dll" "$1" "$seed_count" "$seed_concurrency" "$paste_bytes" "$2" >&2 \
        || die "seeding $1 failed"
    [[ $(wc -l <"$2") == "$seed_count" ]] || die "seeding $1 wrote $(wc -l <"$2") ids, not $seed_count"
}

# ---------------------------------------------------------------------------------------------------------------------
# Measuring
# ---------------------------------------------------------------------------------------------------------------------

declare -A result=()  # result[<key>.<field>] from WRK_RESULT lines: rps, p50_ms, p99_ms, non2xx, connect, ...

# warm_up <key> <base url> <wrk.lua arguments...>: one unmeasured run of the warm-up length (none when it is 0).
warm_up() {
    local key=$1 url=$2
    shift 2
    if ((warmup > 0)); then
        timeout -k 5 $((warmup + 30)) wrk -t "$wrk_threads" -c "$wrk_connections" -d "${warmup}s" --timeout 5s \
            -s "$BENCH_DIR/wrk.lua" "$url" -- "$@" >"$tmp/logs/wrk-$key-warmup.txt" 2>&1 \
            || die "wrk warm-up for $key failed: $(tail -n 5 "$tmp/logs/wrk-$key-warmup.txt")"
    fi
}

# measure <key> <base url> <wrk.lua arguments...>: a warm-up run, then the measured run, stored under <key>.
measure() {
    local key=$1 url=$2
    shift 2
    warm_up "$key" "$url" "$@"
    local out="$tmp/logs/wrk-$key.txt"
    timeout -k 5 $((duration + 30)) wrk -t "$wrk_threads" -c "$wrk_connections" -d "${duration}s" --timeout 5s \
        -s "$BENCH_DIR/wrk.lua" "$url" -- "$@" >"$out" 2>&1 \
        || die "wrk for $key failed: $(tail -n 5 "$out")"
    local line field
    line="$(grep '^WRK_RESULT ' "$out")" || die "wrk for $key printed no WRK_RESULT line: $(tail -n 5 "$out")"
    for field in ${line#WRK_RESULT }; do
        result[$key.${field%%=*}]=${field#*=}
    done
    result[$key.socket]=$((result[$key.connect] + result[$key.read] + result[$key.write] + result[$key.timeout]))
    result[$key.errors]=$((result[$key.non2xx] + result[$key.socket]))
    say "$(printf '%-22s %9s req/s  p50 %7s ms  p99 %7s ms  non-2xx %s  socket errors %s' \
        "$key" "${result[$key.rps]}" "${result[$key.p50_ms]}" "${result[$key.p99_ms]}" \
        "${result[$key.non2xx]}" "${result[$key.socket]}")"
}

# Floating-point helpers (bash has integers only).
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }
percent_change() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%+.1f", (a - b) * 100 / b; else print "n/a" }'; }
within() { awk -v c="$1" -v t="$2" 'BEGIN { if (c == "n/a") print "n/a"; else print ((c < 0 ? -c : c) <= t ? "yes" : "NO") }'; }
kib_to_mib() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }
signed_mib() { awk -v k="$1" 'BEGIN { printf "%+.1f", k / 1024 }'; }

# error cell: "0", or "total (non-2xx+socket)"
errors_cell() {
    local key=$1
    if [[ ${result[$key.errors]} == 0 ]]; then
        echo 0
    else
        echo "${result[$key.errors]} (${result[$key.non2xx]}+${result[$key.socket]})"
    fi
}

# kB value of a field (VmRSS, VmHWM) of /proc/<pid>/status.
proc_kb() { awk -v field="$2:" '$1 == field { print $2 }' "/proc/$1/status"; }

# Samples VmRSS of <pid> every 20 ms into <file> until stopped; sets sampler_pid.
start_rss_sampler() {
    local pid=$1 file=$2
    (
        while read_rss="$(awk '$1 == "VmRSS:" { print $2 }' "/proc/$pid/status" 2>/dev/null)" && [[ -n $read_rss ]]; do
            echo "$read_rss"
            sleep 0.02
        done
    ) >"$file" &
    sampler_pid=$!
    started_pids+=("$sampler_pid")
}

stop_rss_sampler() {
    kill -TERM "$sampler_pid" 2>/dev/null || true
    wait "$sampler_pid" 2>/dev/null || true
    forget_pid "$sampler_pid"
}

# ---------------------------------------------------------------------------------------------------------------------
# Publish (Release, into the temporary directory)
# ---------------------------------------------------------------------------------------------------------------------

mkdir -p "$tmp/logs" "$tmp/publish"
started_at=$SECONDS

# --artifacts-path keeps obj/ and bin/ of these builds out of the source tree (in $tmp unless BENCH_ARTIFACTS says
# otherwise), so that publishing never touches the obj/ directories that a concurrent `dotnet build` of the working
# tree is using. No build server (MSBuild node, compiler server) outlives the script.
artifacts="${BENCH_ARTIFACTS:-$tmp/artifacts}"
publish() {
    local project=$1 name=$2
    say "publishing $project (Release)"
    timeout 900 dotnet publish "$REPO_DIR/$project" -c Release -o "$tmp/publish/$name" \
        --artifacts-path "$artifacts" --disable-build-servers -nologo >"$tmp/logs/publish-$name.log" 2>&1 || {
        grep -E ': (error|warning) ' "$tmp/logs/publish-$name.log" | sort -u | head -n 20 >&2 || true
        tail -n 5 "$tmp/logs/publish-$name.log" >&2
        die "could not publish $project (log above)"
    }
}
publish src/Paste.Api paste
publish bench/Paste.Reference reference
publish bench/Paste.Bench seeder

head -c "$paste_bytes" /dev/urandom >"$tmp/paste-1k.bin"

# ---------------------------------------------------------------------------------------------------------------------
# Part 1: throughput against the reference, 10 000 seeded pastes each
# ---------------------------------------------------------------------------------------------------------------------

say "starting Paste and the reference"
start_paste "$tmp/data/paste" paste
paste_pid=$server_pid paste_url=$server_url
start_reference "$tmp/data/reference" reference
reference_pid=$server_pid reference_url=$server_url

say "seeding $seed_count pastes of $paste_bytes B into each"
seed "$paste_url" "$tmp/paste-ids.txt"
seed "$reference_url" "$tmp/reference-ids.txt"

# The code shared by every path (Kestrel, the middleware) is still being recompiled by the tiered JIT well after the
# first seconds of load; without this, whichever path is measured first pays for it. Each read path of both servers
# gets one warm-up run before any measurement.
if ((warmup > 0)); then
    say "warming up every read path of both servers, ${warmup} s each"
fi
warm_up initial.paste.raw "$paste_url" ids '/{id}/raw' "$tmp/paste-ids.txt"
warm_up initial.paste.metadata "$paste_url" ids '/{id}' "$tmp/paste-ids.txt"
warm_up initial.paste.health "$paste_url" get /health
warm_up initial.reference.read "$reference_url" ids '/{id}' "$tmp/reference-ids.txt"
warm_up initial.reference.hello "$reference_url" get /hello

# Run by run, alternating between Paste and the reference, so that a change in the machine's state during the run
# (another process, the page cache) touches both sides alike. The reference's point read is measured anew for each
# comparison for the same reason.
say "measuring: wrk $wrk_threads threads x $wrk_connections connections, ${duration} s per run, ${warmup} s warm-up before each"
measure paste.raw "$paste_url" ids '/{id}/raw' "$tmp/paste-ids.txt"
measure reference.raw "$reference_url" ids '/{id}' "$tmp/reference-ids.txt"
measure paste.metadata "$paste_url" ids '/{id}' "$tmp/paste-ids.txt"
measure reference.metadata "$reference_url" ids '/{id}' "$tmp/reference-ids.txt"
measure paste.create "$paste_url" post "$tmp/paste-1k.bin"
measure reference.create "$reference_url" post "$tmp/paste-1k.bin"
measure paste.health "$paste_url" get /health
measure reference.health "$reference_url" get /hello

stop_server "$paste_pid"
stop_server "$reference_pid"

# ---------------------------------------------------------------------------------------------------------------------
# Part 1b: /health and raw reads while pages that are costly to colour are viewed (Paste.Bench highlight)
# ---------------------------------------------------------------------------------------------------------------------

say "highlighting attack: a fresh Paste, $highlight_attackers attackers, ${duration} s per run"
start_paste "$tmp/data/highlight" highlight
timeout 600 dotnet "$tmp/publish/seeder/Paste.Bench.dll" highlight "$server_url" "$highlight_attackers" "$duration" >"$tmp/highlight.txt" \
    || die "the highlighting attack failed: $(tail -n 5 "$tmp/highlight.txt")"
stop_server "$server_pid"

# ---------------------------------------------------------------------------------------------------------------------
# Part 2: memory of one 50 MiB upload and its download, on a fresh Paste
# ---------------------------------------------------------------------------------------------------------------------

say "memory: a fresh Paste for one upload of $upload_bytes B, another for its download"

# start_memory_server <name>: a Paste on the memory part's data, warmed up: the code paths of an authenticated create
# and of both reads are loaded and jitted before any baseline is taken. Sets memory_pid and memory_url. Further
# arguments are start_paste's environment.
start_memory_server() {
    local name=$1
    shift
    start_paste "$tmp/data/memory" "$name" "$@"
    memory_pid=$server_pid memory_url=$server_url
    local warm_id
    for _ in {1..5}; do
        curl -fsS --max-time 10 -o /dev/null "$memory_url/health"
        warm_id="$(curl -fsS --max-time 10 --data-binary @"$tmp/paste-1k.bin" -H 'Content-Type: application/octet-stream' \
            -H "X-SSL-Client-SHA1: $client_fingerprint" "$memory_url/" | sed -n 's/.*"id":"\([A-Za-z0-9]*\)".*/\1/p')"
        [[ -n $warm_id ]] || die "a warm-up create on $memory_url gave no id"
        curl -fsS --max-time 10 -o /dev/null "$memory_url/$warm_id"
        curl -fsS --max-time 10 -o /dev/null "$memory_url/$warm_id/raw"
    done
    sleep 1
}

head -c "$upload_bytes" /dev/urandom >"$tmp/upload.bin"

# track_memory <name> <command...>: runs the command while sampling the server's RSS; stores the RSS peak over the
# baseline and the VmHWM growth (VmHWM cannot be reset, so it only grows once the earlier peak is exceeded).
declare -A memory=()
track_memory() {
    local name=$1
    shift
    local rss_before hwm_before started
    rss_before="$(proc_kb "$memory_pid" VmRSS)"
    hwm_before="$(proc_kb "$memory_pid" VmHWM)"
    start_rss_sampler "$memory_pid" "$tmp/logs/rss-$name.txt"
    started=$(date +%s%N)
    "$@"
    memory[$name.seconds]="$(awk -v n=$(($(date +%s%N) - started)) 'BEGIN { printf "%.2f", n / 1e9 }')"
    sleep 0.2  # a last sample or ten after the response, when buffers may still be held
    stop_rss_sampler
    local rss_peak hwm_after
    rss_peak="$(sort -n "$tmp/logs/rss-$name.txt" | tail -n 1)"
    hwm_after="$(proc_kb "$memory_pid" VmHWM)"
    memory[$name.rss_before]=$rss_before
    memory[$name.rss_peak]=${rss_peak:-$rss_before}
    memory[$name.rss_growth]=$((${rss_peak:-$rss_before} - rss_before))
    memory[$name.hwm_growth]=$((hwm_after - hwm_before))
    memory[$name.samples]="$(wc -l <"$tmp/logs/rss-$name.txt")"
}

upload() {
    local status
    status="$(curl -sS --max-time 300 -o "$tmp/upload-response.json" -w '%{http_code}' --data-binary @"$tmp/upload.bin" \
        -H "X-SSL-Client-SHA1: $client_fingerprint" -H 'Content-Type: application/octet-stream' "$memory_url/")"
    [[ $status == 201 ]] || die "the $upload_bytes B upload answered $status: $(head -c 500 "$tmp/upload-response.json")"
}

download() {
    local status
    status="$(curl -sS --max-time 300 -o "$tmp/download.bin" -w '%{http_code}' "$memory_url/$upload_id/raw")"
    [[ $status == 200 ]] || die "the download of $upload_id answered $status"
}

start_memory_server memory-upload
track_memory upload upload
upload_id="$(sed -n 's/.*"id":"\([A-Za-z0-9]*\)".*/\1/p' "$tmp/upload-response.json")"
[[ -n $upload_id ]] || die "the upload's answer has no id: $(head -c 500 "$tmp/upload-response.json")"
stop_server "$memory_pid"

# The download on a new process: after the upload, the old one keeps the freed heap committed and would hide the
# download's own growth.
start_memory_server memory-download
track_memory download download
cmp -s "$tmp/upload.bin" "$tmp/download.bin" || die "the download of $upload_id differs from the upload"
rm -f "$tmp/download.bin"
stop_server "$memory_pid"

# ---------------------------------------------------------------------------------------------------------------------
# Part 2b: PostgreSQL, one instance and then two behind nginx, against the reference again
# ---------------------------------------------------------------------------------------------------------------------

# start_postgres: a throwaway cluster of Debian's PostgreSQL in the temporary directory, on a free loopback port, with
# the server's default durability (fsync on, as Paste's SQLite runs with synchronous = FULL). PostgreSQL refuses to
# run as root: under root it runs as the postgres user (or nobody). Sets postgres_url.
postgres_stop=()
start_postgres() {
    local bin dir="$tmp/postgres" run_as=()
    bin="$(find /usr/lib/postgresql -maxdepth 2 -name bin -type d 2>/dev/null | sort -V | tail -n 1)"
    [[ -n $bin && -x $bin/initdb ]] || die "no PostgreSQL server under /usr/lib/postgresql (apt-get install postgresql), or BENCH_SKIP_POSTGRES=1"
    mkdir -p "$dir"
    if [[ $(id -u) == 0 ]]; then
        local user=postgres
        id -u "$user" >/dev/null 2>&1 || user=nobody
        chmod 711 "$tmp"
        chown "$user" "$dir" "$tmp/logs"
        run_as=(runuser -u "$user" --)
    fi
    "${run_as[@]}" "$bin/initdb" -D "$dir/data" -A trust -U paste -E UTF8 --locale=C >"$tmp/logs/initdb.log" 2>&1 \
        || die "initdb failed: $(tail -n 5 "$tmp/logs/initdb.log")"
    local port
    port="$(free_port)"
    "${run_as[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$tmp/logs/postgres.log" -w \
        -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=300" start >/dev/null \
        || die "PostgreSQL did not start: $(tail -n 5 "$tmp/logs/postgres.log")"
    postgres_stop=("${run_as[@]}" "$bin/pg_ctl" -D "$dir/data" -m fast stop)
    postgres_url="Host=127.0.0.1;Port=$port;Username=paste;Database=postgres"
}

stop_postgres() {
    if ((${#postgres_stop[@]} > 0)); then
        "${postgres_stop[@]}" >/dev/null 2>&1 || true
        postgres_stop=()
    fi
}

# start_nginx <upstream url...>: nginx on a free port in front of the given servers, round robin, keep-alive to
# each; runs as this user (nobody's workers under root). Sets nginx_pid and nginx_url.
start_nginx() {
    local dir="$tmp/nginx" port upstreams="" url
    mkdir -p "$dir/logs"
    port="$(free_port)"
    for url in "$@"; do
        upstreams+="        server ${url#http://};"$'\n'
    done
    cat >"$dir/nginx.conf" <<NGINX
$([[ $(id -u) == 0 ]] && echo "user nobody nogroup;")
worker_processes 1;
pid $dir/nginx.pid;
error_log $dir/logs/error.log warn;
events { worker_connections 1024; }
http {
    access_log off;
    client_max_body_size 64m;
    client_body_temp_path $dir/body;
    proxy_temp_path $dir/proxy;
    upstream paste {
$upstreams        keepalive 64;
    }
    server {
        listen 127.0.0.1:$port;
        location / {
            proxy_pass http://paste;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host \$http_host;
        }
    }
}
NGINX
    local nginx
    nginx="$(command -v nginx || echo /usr/sbin/nginx)"
    "$nginx" -p "$dir" -c "$dir/nginx.conf" -g 'daemon off;' >"$tmp/logs/nginx.log" 2>&1 &
    nginx_pid=$!
    started_pids+=("$nginx_pid")
    nginx_url="http://127.0.0.1:$port"
    wait_ready "$nginx_pid" "$nginx_url/health" "$tmp/logs/nginx.log"
}

# measure_beside_reference <side> <base url>: part 1's four paths on Paste at <base url> (seeded with the ids in
# postgres-ids.txt), each run followed by the reference's, stored under <side> and <side>_reference.
measure_beside_reference() {
    local side=$1 url=$2
    measure "$side.raw" "$url" ids '/{id}/raw' "$tmp/postgres-ids.txt"
    measure "${side}_reference.raw" "$reference_url" ids '/{id}' "$tmp/reference-ids.txt"
    measure "$side.metadata" "$url" ids '/{id}' "$tmp/postgres-ids.txt"
    measure "${side}_reference.metadata" "$reference_url" ids '/{id}' "$tmp/reference-ids.txt"
    measure "$side.create" "$url" post "$tmp/paste-1k.bin"
    measure "${side}_reference.create" "$reference_url" post "$tmp/paste-1k.bin"
    measure "$side.health" "$url" get /health
    measure "${side}_reference.health" "$reference_url" get /hello
}

if [[ ${BENCH_SKIP_POSTGRES:-0} != 1 ]]; then
    command -v nginx >/dev/null 2>&1 || [[ -x /usr/sbin/nginx ]] || ensure_packages nginx
    say "PostgreSQL: a throwaway cluster, Paste on it alone and then two instances behind nginx"
    start_postgres
    postgres_env=(Paste__Storage__Provider=PostgreSql "ConnectionStrings__Paste=$postgres_url")
    start_paste "$tmp/data/postgres" postgres-a "${postgres_env[@]}"
    postgres_a_pid=$server_pid postgres_a_url=$server_url
    start_reference "$tmp/data/reference" reference-postgres-part
    reference_pid=$server_pid reference_url=$server_url
    say "seeding $seed_count pastes of $paste_bytes B into Paste on PostgreSQL"
    seed "$postgres_a_url" "$tmp/postgres-ids.txt"

    warm_up initial.postgres.raw "$postgres_a_url" ids '/{id}/raw' "$tmp/postgres-ids.txt"
    warm_up initial.postgres.metadata "$postgres_a_url" ids '/{id}' "$tmp/postgres-ids.txt"
    warm_up initial.postgres.reference.read "$reference_url" ids '/{id}' "$tmp/reference-ids.txt"
    measure_beside_reference postgres "$postgres_a_url"

    # The second instance shares the first one's database and key directory, as instances behind one proxy must.
    start_paste "$tmp/data/postgres" postgres-b "${postgres_env[@]}"
    postgres_b_pid=$server_pid postgres_b_url=$server_url
    start_nginx "$postgres_a_url" "$postgres_b_url"
    warm_up initial.postgres_pair.raw "$nginx_url" ids '/{id}/raw' "$tmp/postgres-ids.txt"
    warm_up initial.postgres_pair.metadata "$nginx_url" ids '/{id}' "$tmp/postgres-ids.txt"
    measure_beside_reference postgres_pair "$nginx_url"
    kill -TERM "$nginx_pid" 2>/dev/null || true
    wait "$nginx_pid" 2>/dev/null || true
    forget_pid "$nginx_pid"
    stop_server "$postgres_a_pid"
    stop_server "$postgres_b_pid"
    stop_server "$reference_pid"

    say "memory on PostgreSQL: a fresh Paste for one upload of $upload_bytes B, another for its download"
    start_memory_server memory-postgres-upload "${postgres_env[@]}"
    track_memory postgres_upload upload
    upload_id="$(sed -n 's/.*"id":"\([A-Za-z0-9]*\)".*/\1/p' "$tmp/upload-response.json")"
    [[ -n $upload_id ]] || die "the upload's answer has no id: $(head -c 500 "$tmp/upload-response.json")"
    stop_server "$memory_pid"
    start_memory_server memory-postgres-download "${postgres_env[@]}"
    track_memory postgres_download download
    cmp -s "$tmp/upload.bin" "$tmp/download.bin" || die "the download of $upload_id from PostgreSQL differs from the upload"
    rm -f "$tmp/download.bin"
    stop_server "$memory_pid"
    stop_postgres
fi
rm -f "$tmp/upload.bin"

# ---------------------------------------------------------------------------------------------------------------------
# Part 3: create and raw read on 1 000 000 stored pastes
# ---------------------------------------------------------------------------------------------------------------------

if [[ $skip_million != 1 ]]; then
    million_dir="$tmp/data/million"
    say "scale: creating the schema (Paste migrates on start)"
    start_paste "$million_dir" million-schema
    stop_server "$server_pid"

    say "scale: inserting $million pastes of $paste_bytes B with sqlite3"
    now_ms=$(date +%s%3N)
    # 16 characters of Paste's id alphabet (src/Paste.Domain/Pastes/PasteId.cs), each drawn with random().
    id_expression="''"
    for _ in {1..16}; do
        id_expression+=" || substr('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789', 1 + abs(random() % 62), 1)"
    done
    # Seeding only: one transaction, no fsync, a memory journal and a large cache. The server is stopped, so the
    # journal mode may change; WAL (Paste's mode, stored in the file) is restored at the end. Times are unix
    # milliseconds of now, so that nothing is expired; an id drawn twice is skipped (INSERT OR IGNORE).
    timeout 900 sqlite3 "$million_dir/paste.db" >"$tmp/logs/million-seed.log" 2>&1 <<SQL || { cat "$tmp/logs/million-seed.log" >&2; die "seeding $million pastes failed"; }
.bail on
PRAGMA journal_mode = MEMORY;
PRAGMA synchronous = OFF;
PRAGMA cache_size = -262144;
PRAGMA foreign_keys = ON;
BEGIN;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $million)
INSERT OR IGNORE INTO Pastes (Id, MimeType, Size, CreatedAt, LastAccessedAt, Owner)
    SELECT $id_expression, 'application/octet-stream', $paste_bytes, $now_ms, $now_ms, NULL FROM n;
INSERT INTO PasteContents (PasteId, Data) SELECT Id, randomblob($paste_bytes) FROM Pastes;
COMMIT;
PRAGMA journal_mode = WAL;
SQL
    stored="$(sqlite3 "$million_dir/paste.db" 'SELECT count(*) FROM Pastes;')"
    contents="$(sqlite3 "$million_dir/paste.db" 'SELECT count(*) FROM PasteContents;')"
    ((stored >= million - 10 && contents == stored)) || die "after seeding: $stored pastes, $contents contents"
    sqlite3 "$million_dir/paste.db" "SELECT Id FROM Pastes ORDER BY random() LIMIT $million_read_ids;" >"$tmp/million-ids.txt"
    small_dir="$tmp/data/paste"
    small_stored="$(sqlite3 "$small_dir/paste.db" 'SELECT count(*) FROM Pastes;')"
    # Part 1's creates have added to its seeded pastes: the label is what it holds now, in thousands.
    small_label="$(((small_stored + 500) / 1000))k"

    # Against part 1's Paste data (stopped since; its 10 000 seeded pastes plus what its create runs added), not
    # against part 1's figures: the two servers run side by side and are measured alternately, so that the machine's
    # state minutes ago (builds, tests, the page cache) does not pass for an effect of scale.
    # A read of a paste not read for 60 s also writes its access time (a durable commit). Both sets of read ids are
    # stamped as read just now, so that neither side starts with a burst of such writes that the other does not have.
    stamp_ms=$(date +%s%3N)
    for stamp in "$small_dir/paste.db:$tmp/paste-ids.txt" "$million_dir/paste.db:$tmp/million-ids.txt"; do
        timeout 300 sqlite3 "${stamp%%:*}" >>"$tmp/logs/million-seed.log" 2>&1 <<SQL || die "stamping the read ids of ${stamp%%:*} failed"
.bail on
.mode csv
CREATE TEMP TABLE ReadIds (Id TEXT PRIMARY KEY);
.import ${stamp#*:} ReadIds
UPDATE Pastes SET LastAccessedAt = $stamp_ms WHERE Id IN (SELECT Id FROM ReadIds) AND LastAccessedAt < $stamp_ms;
SQL
    done
    say "scale: $stored pastes stored ($(du -m "$million_dir/paste.db" | cut -f1) MiB) against $small_stored; measuring both alternately"

    start_paste "$small_dir" scale-small
    small_pid=$server_pid small_url=$server_url
    start_paste "$million_dir" scale-million
    million_pid=$server_pid million_url=$server_url
    # ABBA order: neither side always runs first.
    measure small.raw "$small_url" ids '/{id}/raw' "$tmp/paste-ids.txt"
    measure million.raw "$million_url" ids '/{id}/raw' "$tmp/million-ids.txt"
    measure million.create "$million_url" post "$tmp/paste-1k.bin"
    measure small.create "$small_url" post "$tmp/paste-1k.bin"
    stop_server "$small_pid"
    stop_server "$million_pid"
fi

# ---------------------------------------------------------------------------------------------------------------------
# Report
# ---------------------------------------------------------------------------------------------------------------------

elapsed=$((SECONDS - started_at))
echo
echo "Throughput: wrk $wrk_threads threads x $wrk_connections connections, ${duration} s per run (after ${warmup} s warm-up), $seed_count seeded pastes of $paste_bytes B each"
echo "errors = non-2xx + socket errors (connect/read/write/timeout, wrk timeout 5 s); ratio = Paste req/s / reference req/s"
table_format='%-44s %10s %9s %9s | %10s %9s %9s | %6s | %-12s %s\n'
# shellcheck disable=SC2059
printf "$table_format" path "Paste req/s" "p50 ms" "p99 ms" "ref req/s" "p50 ms" "p99 ms" ratio "Paste errors" "ref errors"
# row <label> <Paste side> <reference side> <path>: one path of a Paste run against the reference run beside it.
row() {
    local label=$1 side=$2 reference=$3 key=$4
    # shellcheck disable=SC2059
    printf "$table_format" "$label" \
        "${result[$side.$key.rps]}" "${result[$side.$key.p50_ms]}" "${result[$side.$key.p99_ms]}" \
        "${result[$reference.$key.rps]}" "${result[$reference.$key.p50_ms]}" "${result[$reference.$key.p99_ms]}" \
        "$(ratio "${result[$side.$key.rps]}" "${result[$reference.$key.rps]}")" \
        "$(errors_cell "$side.$key")" "$(errors_cell "$reference.$key")"
}
row "raw read   GET /{id}/raw  vs ref GET /{id}" paste reference raw
row "metadata   GET /{id}      vs ref GET /{id}" paste reference metadata
row "create     POST / 1 KiB   vs ref POST /" paste reference create
row "health     GET /health    vs ref GET /hello" paste reference health
if [[ ${BENCH_SKIP_POSTGRES:-0} == 1 ]]; then
    echo "PostgreSQL: skipped (BENCH_SKIP_POSTGRES=1)"
else
    # The same paths on PostgreSQL (its server on this machine, default durability), each against a run of the
    # reference measured right beside it.
    row "PostgreSQL, one instance: raw read" postgres postgres_reference raw
    row "PostgreSQL, one instance: metadata" postgres postgres_reference metadata
    row "PostgreSQL, one instance: create 1 KiB" postgres postgres_reference create
    row "PostgreSQL, one instance: health" postgres postgres_reference health
    row "PostgreSQL, two behind nginx: raw read" postgres_pair postgres_pair_reference raw
    row "PostgreSQL, two behind nginx: metadata" postgres_pair postgres_pair_reference metadata
    row "PostgreSQL, two behind nginx: create 1 KiB" postgres_pair postgres_pair_reference create
    row "PostgreSQL, two behind nginx: health" postgres_pair postgres_pair_reference health
fi

echo
cat "$tmp/highlight.txt"

echo
echo "Memory of Paste for one $upload_bytes B paste, each on a freshly started and warmed-up server (RSS sampled every 20 ms; target < $memory_target_mib MiB growth each)"
memory_row() {
    local label=$1 name=$2 verdict=met
    ((memory[$name.rss_growth] < memory_target_mib * 1024 && memory[$name.hwm_growth] < memory_target_mib * 1024)) || verdict=MISSED
    printf '%-48s RSS %7s -> peak %7s MiB: %8s MiB   VmHWM %8s MiB   %6s s   target < %s MiB: %s\n' "$label" \
        "$(kib_to_mib "${memory[$name.rss_before]}")" "$(kib_to_mib "${memory[$name.rss_peak]}")" \
        "$(signed_mib "${memory[$name.rss_growth]}")" "$(signed_mib "${memory[$name.hwm_growth]}")" \
        "${memory[$name.seconds]}" "$memory_target_mib" "$verdict"
}
memory_row "upload     POST / (authenticated, 50 MiB)" upload
memory_row "download   GET /{id}/raw (byte-exact: yes)" download
if [[ ${BENCH_SKIP_POSTGRES:-0} != 1 ]]; then
    memory_row "upload     POST / on PostgreSQL" postgres_upload
    memory_row "download   GET /{id}/raw on PostgreSQL (byte-exact)" postgres_download
fi

echo
if [[ $skip_million == 1 ]]; then
    echo "Scale: skipped (--smoke or BENCH_SKIP_MILLION=1)"
else
    echo "Scale: Paste with $stored stored pastes vs Paste on part 1's data ($seed_count seeded, $small_stored now), measured alternately (target: req/s within $scale_target_percent %)"
    scale_format='%-28s %12s %9s %9s | %12s %9s %9s | %8s %7s | %-12s %s\n'
    # shellcheck disable=SC2059
    printf "$scale_format" path "$small_label req/s" "p50 ms" "p99 ms" "1M req/s" "p50 ms" "p99 ms" change within "$small_label errors" "1M errors"
    scale_row() {
        local label=$1 key=$2 change
        change="$(percent_change "${result[million.$key.rps]}" "${result[small.$key.rps]}")"
        # shellcheck disable=SC2059
        printf "$scale_format" "$label" \
            "${result[small.$key.rps]}" "${result[small.$key.p50_ms]}" "${result[small.$key.p99_ms]}" \
            "${result[million.$key.rps]}" "${result[million.$key.p50_ms]}" "${result[million.$key.p99_ms]}" \
            "$change %" "$(within "$change" "$scale_target_percent")" "$(errors_cell "small.$key")" "$(errors_cell "million.$key")"
    }
    scale_row "raw read   GET /{id}/raw" raw
    scale_row "create     POST / 1 KiB" create
fi
echo
echo "Total time: ${elapsed} s (including the Release publishes)"
