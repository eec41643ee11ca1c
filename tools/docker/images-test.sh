#!/usr/bin/env bash
# Build every stage image and prove it works the way Kubernetes runs it:
#  1. each image's entrypoint `--help` as uid 10001 on a read-only root fs, no capabilities,
#     no network, only /tmp writable (tmpfs); OCI labels and the user are checked;
#  2. the 1-day pipeline stage by stage, each stage in its own image, on the embedded backends
#     (a shared volume at /work holds sources, lake and DuckDB warehouse):
#     generate (load image) -> extract x5 -> load -> transform -> notify (extract-files image).
# The base is the official python:3.11-slim-bookworm where a registry answers, else the same
# debootstrap-built Debian base the integration tests use, with Python 3.11 from Debian.
# Env: DAY (2025-11-20), SCALE (1), KEEP=1 keeps the work volume for inspection.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
DAY=${DAY:-2025-11-20}
SCALE=${SCALE:-1}
t0=$SECONDS
ensure_docker
BASE_IMAGE=${BASE_IMAGE:-$(stage_base_image)}
export BASE_IMAGE
"$REPO_ROOT/tools/docker/build-images.sh"
t_build=$((SECONDS - t0))
version=$(package_version)
prefix=${IMAGE_PREFIX:-coretelecoms}
img() { echo "$prefix/$1:$version"; }
HARDENED=(--rm --read-only --user 10001:10001 --cap-drop ALL --security-opt no-new-privileges
          --network none --tmpfs /tmp:rw,exec,size=512m)
report=()

# --- 1. entrypoints, labels, user --------------------------------------------------------------
for stage in "${STAGES[@]}"; do
  out=$(docker run "${HARDENED[@]}" "$(img "$stage")" --help 2>&1) || die "$stage --help failed: $out"
  grep -q '^usage: coretelecoms' <<<"$out" || die "$stage --help printed no usage: $out"
  user=$(docker image inspect -f '{{.Config.User}}' "$(img "$stage")")
  [ "$user" = 10001:10001 ] || die "$stage runs as '$user', want 10001:10001"
  for label in title description source version licenses; do
    value=$(docker image inspect -f "{{index .Config.Labels \"org.opencontainers.image.$label\"}}" "$(img "$stage")")
    [ -n "$value" ] || die "$stage lacks label org.opencontainers.image.$label"
  done
  [ "$(docker image inspect -f '{{index .Config.Labels "org.opencontainers.image.version"}}' "$(img "$stage")")" = "$version" ] \
    || die "$stage version label is not $version"
  report+=("ok  $stage: --help (read-only, uid 10001, cap-drop ALL, no network), labels")
done

# --- 2. the 1-day pipeline, one image per stage ------------------------------------------------
vol=coretelecoms-images-test-$$
docker volume create "$vol" >/dev/null
cleanup() { [ "${KEEP:-0}" = 1 ] && log "kept volume $vol" || docker volume rm -f "$vol" >/dev/null 2>&1 || true; }
trap cleanup EXIT
docker run --rm --user 0 --entrypoint chown -v "$vol:/work" "$(img load-warehouse)" 10001:10001 /work
ENV_ARGS=(
  -e CORETELECOMS_SOURCE_FILES__URI=/work/sources/bucket
  -e CORETELECOMS_CRM__URI=sqlite:////work/sources/crm.sqlite
  -e CORETELECOMS_SHEETS__CSV_PATH=/work/sources/agents.csv
  -e CORETELECOMS_LAKE__URI=/work/lake
  -e CORETELECOMS_WAREHOUSE__DUCKDB_PATH=/work/warehouse/coretelecoms_dw.duckdb
  -e CORETELECOMS_RUN__RUN_ID=images-test
  -e CORETELECOMS_RUN__TERMINATION_LOG_PATH=/tmp/termination-log
  -e CORETELECOMS_RUN__STATE_DIR=/work/state
)
# step NAME IMAGE [--entrypoint X] ARGS...: run one stage hardened, check exit 0 and its summary.
step() {
  local name=$1 image=$2
  shift 2
  # docker run options go before the image: move a leading `--entrypoint X` there.
  local entry=()
  if [ "${1:-}" = --entrypoint ]; then entry=(--entrypoint "$2"); shift 2; fi
  local start=$SECONDS out
  out=$(docker run "${HARDENED[@]}" "${entry[@]}" -v "$vol:/work" "${ENV_ARGS[@]}" "$image" "$@" 2>/tmp/images-test-$$.err) \
    || { tail -20 "/tmp/images-test-$$.err" >&2; die "$name failed in $image"; }
  local summary
  summary=$(tail -1 <<<"$out")
  report+=("ok  $name ($((SECONDS - start)) s, $image): ${summary:0:160}")
  log "ok  $name in $((SECONDS - start)) s"
}
t1=$SECONDS
# Sources are test input, not a stage: generate them with the host's venv, then copy them in.
src=$(mktemp -d /tmp/coretelecoms-images-test-src.XXXXXX)
"$REPO_ROOT/.venv/bin/coretelecoms" generate --start "$DAY" --days 1 --scale "$SCALE" --seed 7 \
  --files-uri "$src/bucket" --crm-uri "sqlite://$src/crm.sqlite" --agents-csv "$src/agents.csv" >/dev/null
docker run --rm --user 0 --entrypoint sh -v "$src:/src:ro" -v "$vol:/work" "$(img load-warehouse)" \
  -c 'cp -r /src /work/sources && chown -R 10001:10001 /work/sources'
rm -rf "$src"
report+=("ok  generate (host venv, scale $SCALE) copied into the shared volume")
step "extract customers" "$(img extract-files)" customers --date "$DAY"
step "extract call_logs" "$(img extract-files)" call_logs --date "$DAY"
step "extract social_media" "$(img extract-files)" social_media --date "$DAY"
step "extract web_forms" "$(img extract-postgres)" web_forms --date "$DAY"
step "extract agents" "$(img extract-sheets)" agents --date "$DAY"
step load "$(img load-warehouse)" --date "$DAY"
step transform "$(img transform-dbt)" --date "$DAY"
step notify "$(img extract-files)" --entrypoint coretelecoms notify --status Succeeded --workflow-name images-test
# The warehouse holds the day: STAGING rows per table and the ANALYTICS models dbt built.
counts=$(docker run "${HARDENED[@]}" -v "$vol:/work" --entrypoint python "$(img load-warehouse)" -c '
import duckdb
con = duckdb.connect("/work/warehouse/coretelecoms_dw.duckdb", read_only=True)
rows = con.execute("select table_schema, table_name from information_schema.tables where table_schema in (?, ?) order by 1, 2", ["staging", "analytics"]).fetchall()
counts = {f"{s}.{t}": con.execute(f"select count(*) from \"{s}\".\"{t}\"").fetchone()[0] for s, t in rows}
assert all(counts.get(f"staging.{t}", 0) > 0 for t in ("customers", "agents", "call_logs", "social_media", "web_forms")), counts
assert any(k.startswith("analytics.") and v > 0 for k, v in counts.items()), counts
print(" ".join(f"{k}={v}" for k, v in counts.items()))
') || die "warehouse check failed: $counts"
report+=("ok  warehouse: $counts")
t_pipeline=$((SECONDS - t1))

printf '%s\n' "${report[@]}"
log "images-test passed: build ${t_build} s, pipeline ${t_pipeline} s, total $((SECONDS - t0)) s (base $BASE_IMAGE)"
