#!/usr/bin/env bash
# Fuzzes the decoders and loaders with libFuzzer (address sanitizer on): builds the
# `modeltop-fuzz` harness, replays the megabyte inputs of Fuzz/huge/ (a million-deep nest, a
# million-digit number), then runs each target for SECONDS on a copy of its seed corpus in
# Fuzz/corpus/ (new inputs stay in a temporary directory). Prints one line per target (runs,
# executions per second, result) and exits 1 if any target found a crash, a broken invariant,
# a hang (an input taking more than 10 s), a leak or an out-of-memory; the input is saved in
# Benchmarks/out/fuzz/. Reproduce one with the ordinary build (MODELTOP_FUZZ_HUGE=1 as well for
# an input of Fuzz/huge/):
#   MODELTOP_FUZZ_TARGET=json swift run modeltop-fuzz Benchmarks/out/fuzz/json-crash-...
#
#   bash Benchmarks/fuzz.sh SECONDS [TARGET...]   (targets: json csv timestamp config theme lines reference)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:?usage: fuzz.sh SECONDS [TARGET...]}
shift
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(json csv timestamp config theme lines reference)

build=(swift build --scratch-path .build-fuzz --product modeltop-fuzz -c release
       -Xswiftc -sanitize=fuzzer,address -Xswiftc -DFUZZING -Xcc -fsanitize=fuzzer-no-link,address)
"${build[@]}" >&2
bin=$("${build[@]}" --show-bin-path)/modeltop-fuzz

out=Benchmarks/out/fuzz
mkdir -p "$out"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# Swift's own crash backtracer would run inside the sanitizer: leave reporting to libFuzzer.
export SWIFT_BACKTRACE=enable=no

failed=0
for target in "${targets[@]}"; do
    case $target in
        json)      max_len=65536;  dict=Fuzz/json.dict ;;
        csv)       max_len=65536;  dict=Fuzz/csv.dict ;;
        timestamp) max_len=4096;   dict=Fuzz/timestamp.dict ;;
        config)    max_len=262144; dict=Fuzz/yaml.dict ;;
        theme)     max_len=262144; dict=Fuzz/yaml.dict ;;
        lines)     max_len=65536;  dict=Fuzz/json.dict ;;
        reference) max_len=65536;  dict=Fuzz/csv.dict ;;
        *) echo "unknown target: $target" >&2; exit 2 ;;
    esac
    export MODELTOP_FUZZ_TARGET=$target
    limits=(-timeout=10 -rss_limit_mb=2048 -artifact_prefix="$out/$target-")
    log=$out/$target.log
    status=0
    huge=(Fuzz/huge/"$target"/*)
    if [ -e "${huge[0]}" ]; then
        MODELTOP_FUZZ_HUGE=1 "$bin" "${limits[@]}" "${huge[@]}" >"$log" 2>&1 || status=$?
    else
        : >"$log"
    fi
    if [ "$status" -eq 0 ]; then
        corpus=$work/$target
        mkdir -p "$corpus"
        cp Fuzz/corpus/"$target"/* "$corpus"/
        "$bin" "${limits[@]}" "$corpus" -dict="$dict" -max_len="$max_len" -max_total_time="$seconds" \
            -print_final_stats=1 >>"$log" 2>&1 || status=$?
    fi
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
    if [ "$status" -eq 0 ]; then
        result=ok
    else
        failed=1
        finding=$(grep -m1 -oE 'ERROR: (libFuzzer|AddressSanitizer|LeakSanitizer): [a-zA-Z -]+|invariant failed.*' "$log" || true)
        artifact=$(sed -n 's/.*Test unit written to //p' "$log" | tail -1)
        result="FAILED (${finding:-exit $status})${artifact:+ input: $artifact}; log: $log"
    fi
    printf '%-10s %12s runs %8s exec/s  %s\n' "$target" "${runs:-0}" "${rate:-0}" "$result"
done
exit $failed
