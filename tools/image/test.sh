#!/usr/bin/env bash
# The image test (make image-test): builds the Dockerfile with buildah, then runs the image
# against the local PostgreSQL, Redis and RabbitMQ and checks what a deployment relies on:
# the migration command works, the server becomes ready, it runs as the non-root uid, no
# development dependency and no build-time CA is in the image, and SIGTERM ends it with exit 0.
# The last lines report the size of the application's layers. Exit status 0 only when all held.
#
# buildah runs the image with --isolation chroot: no namespaces, the host's network, so the
# container reaches the local services on 127.0.0.1 and its processes are visible here.
#
#   tools/image/test.sh                 # NODE_IMAGE, CA_BUNDLE, IMAGE_TEST_PORT may be set
set -uo pipefail
cd "$(dirname "$0")/../.."

IMAGE=${IMAGE:-localhost/profile-service:test}
NODE_LTS=$(cat tools/image/node-lts-version)
NODE_IMAGE=${NODE_IMAGE:-localhost/node:${NODE_LTS%%.*}-bookworm-slim}
CA_BUNDLE=${CA_BUNDLE:-/etc/ssl/certs/ca-certificates.crt}
PORT=${IMAGE_TEST_PORT:-18080}
ADMIN=$((PORT + 1))
DB_NAME="image_test_$$"
EXPECTED_UID=10001

failures=0
ok() { echo "ok    $*"; }
fail() { echo "FAIL  $*"; failures=$((failures + 1)); }
stop() { echo "FAIL  $*"; echo "image test: stopped"; exit 1; }

command -v buildah >/dev/null || stop "buildah is missing (apt-get install buildah)"

# ---- build ----------------------------------------------------------------------------------
if ! buildah inspect --type image "$NODE_IMAGE" >/dev/null 2>&1; then
  case "$NODE_IMAGE" in
    localhost/*) tools/image/stand-in-base.sh "$NODE_IMAGE" || stop "the stand-in base $NODE_IMAGE could not be built" ;;
    *) buildah pull "$NODE_IMAGE" || stop "the base $NODE_IMAGE cannot be pulled (tools/image/stand-in-base.sh builds a stand-in)" ;;
  esac
fi
secret=()
[ -s "$CA_BUNDLE" ] && secret=(--secret "id=build-ca,src=$CA_BUNDLE")
built_at=$(date +%s)
buildah bud --isolation chroot --layers --quiet \
  --build-arg "NODE_IMAGE=$NODE_IMAGE" --build-arg "REVISION=$(git rev-parse HEAD 2>/dev/null || echo unknown)" \
  "${secret[@]}" -t "$IMAGE" . >/dev/null || stop "buildah bud failed"
ok "built $IMAGE from the Dockerfile on $NODE_IMAGE in $(($(date +%s) - built_at)) s"

container=$(buildah from "$IMAGE") || stop "buildah from $IMAGE failed"
server_pid=""
cleanup() {
  [ -n "$server_pid" ] && kill -KILL "$server_pid" 2>/dev/null
  buildah umount "$container" >/dev/null 2>&1
  buildah rm "$container" >/dev/null 2>&1
  psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS $DB_NAME WITH (FORCE)" >/dev/null 2>&1
}
trap cleanup EXIT

# ---- what is in it ----------------------------------------------------------------------------
root=$(buildah mount "$container") || stop "buildah mount failed"
dev_found=$(for dep in typescript jest ts-jest tsx testcontainers eslint; do [ -e "$root/app/node_modules/$dep" ] && echo "$dep"; done | tr '\n' ' ')
[ -z "$dev_found" ] && ok "no development dependency in the image" || fail "development dependencies in the image: $dev_found"
[ ! -e "$root/app/src" ] && [ -z "$(find "$root/app/dist" -name '*.ts' ! -name '*.d.ts' -print -quit)" ] \
  && ok "compiled JavaScript only (no src/, no .ts)" || fail "TypeScript sources in the image"

# The CA bundle was a build secret: it must be neither at its mount point, nor copied under
# /app, nor named by NODE_EXTRA_CA_CERTS.
ca_copies=""
if [ -s "$CA_BUNDLE" ]; then
  bundle_sum=$(sha256sum < "$CA_BUNDLE" | cut -d' ' -f1)
  ca_copies=$(find "$root/app" "$root/run" -type f -size "$(stat -c %s "$CA_BUNDLE")c" -exec sha256sum {} + 2>/dev/null | awk -v s="$bundle_sum" '$1 == s {print $2}')
fi
env_ca=$(buildah inspect --type image --format '{{.OCIv1.Config.Env}}' "$IMAGE" | grep -o NODE_EXTRA_CA_CERTS || true)
if [ -e "$root/run/secrets/build-ca" ] || [ -n "$env_ca" ] || [ -n "$ca_copies" ]; then
  fail "the build-time CA is in the image: ${ca_copies:-$env_ca}"
else
  ok "no build-time CA in the image"
fi

# The runtime is the current LTS, and the image says what is in it (npm sbom, CycloneDX).
image_node=$(buildah run --isolation chroot "$container" -- node --version 2>/dev/null)
[ "$image_node" = "v$NODE_LTS" ] && ok "Node.js $image_node (tools/image/node-lts-version)" || fail "Node.js in the image is '$image_node', not v$NODE_LTS"
sbom_check=$(node -e '
  const sbom = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  const lock = JSON.parse(require("fs").readFileSync("package-lock.json", "utf8")).packages;
  const listed = new Map(sbom.components.map((c) => [c.name, c.version]));
  const problems = [];
  if (sbom.bomFormat !== "CycloneDX") problems.push(`format ${sbom.bomFormat}`);
  for (const name of ["koa", "pg", "ioredis", "rascal", "@opentelemetry/api"]) {
    if (listed.get(name) !== lock[`node_modules/${name}`]?.version) problems.push(`${name} ${listed.get(name)} (lock: ${lock[`node_modules/${name}`]?.version})`);
  }
  // No package the lock marks as development-only (jest, eslint, the TypeScript compiler...).
  const dev = [...listed].filter(([name, version]) => lock[`node_modules/${name}`]?.dev === true && lock[`node_modules/${name}`].version === version);
  if (dev.length > 0) problems.push(`development dependencies listed: ${dev.map(([name]) => name).slice(0, 5).join(", ")}`);
  console.log(problems.length === 0 ? `ok ${sbom.components.length}` : problems.join("; "));
' "$root/app/sbom.cdx.json" 2>&1)
case "$sbom_check" in
  ok*) ok "SBOM /app/sbom.cdx.json: CycloneDX, ${sbom_check#ok } components, versions as locked, no development dependency" ;;
  *) fail "SBOM: $sbom_check" ;;
esac

config_user=$(buildah inspect --type image --format '{{.OCIv1.Config.User}}' "$IMAGE")
config_cmd=$(buildah inspect --type image --format '{{.OCIv1.Config.Cmd}}' "$IMAGE")
[ "$config_user" = "$EXPECTED_UID:$EXPECTED_UID" ] && ok "USER $config_user" || fail "USER is '$config_user', not $EXPECTED_UID:$EXPECTED_UID"
[ "$config_cmd" = "[node dist/bootstrap/server.js]" ] && ok "CMD $config_cmd (node gets SIGTERM, not npm)" || fail "CMD is $config_cmd"

# ---- run it -----------------------------------------------------------------------------------
psql -h 127.0.0.1 -U postgres -qc "CREATE DATABASE $DB_NAME" >/dev/null || stop "cannot create the database $DB_NAME"
env_args=(
  --env NODE_ENV=production --env DB_DRIVER=postgres --env DB_HOST=127.0.0.1 --env DB_NAME="$DB_NAME" --env DB_PASSWORD=unused-with-trust
  --env CACHE_DRIVER=redis --env REDIS_ADDRESS=127.0.0.1:6379 --env REDIS_PASSWORD=unused --env CACHE_KEY_PREFIX="image-test-$$"
  --env QUEUE_DRIVER=rabbitmq --env QUEUE_URI=amqp://guest:guest@127.0.0.1:5672/ --env QUEUE_PREFIX="image-test-$$"
  --env AUTH_JWT_SECRET=image-test-secret-of-at-least-32-bytes --env SERVER_PORT="$PORT" --env ADMIN_PORT="$ADMIN" --env WORKER_HTTP_PORT=0 --env SHUTDOWN_DELAY=1s
)
log=$(mktemp)
if buildah run --isolation chroot "${env_args[@]}" "$container" -- node dist/bootstrap/cli/migrate.js >"$log" 2>&1; then
  ok "the migration command (the Kubernetes Job's) runs from the image"
else
  fail "the migration command failed: $(tail -n 3 "$log")"
fi

buildah run --isolation chroot "${env_args[@]}" "$container" -- node dist/bootstrap/server.js >"$log" 2>&1 &
runner=$!
ready=""
for _ in $(seq 1 120); do
  if [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/health/ready")" = 200 ]; then ready=yes; break; fi
  kill -0 "$runner" 2>/dev/null || break
  sleep 0.5
done
[ -n "$ready" ] && ok "GET /health/ready answers 200 against PostgreSQL, Redis and RabbitMQ" || fail "never ready: $(tail -n 5 "$log")"
# Production: metrics on the admin port, not on the one clients reach.
code() { curl -s -o /dev/null -w '%{http_code}' "$1"; }
[ "$(code "http://127.0.0.1:$ADMIN/metrics")" = 200 ] && [ "$(code "http://127.0.0.1:$PORT/metrics")" = 404 ] \
  && ok "metrics on the admin port only (ADMIN_PORT)" || fail "metrics: admin port $(code "http://127.0.0.1:$ADMIN/metrics"), public port $(code "http://127.0.0.1:$PORT/metrics")"

server_pid=$(pgrep -n -f "node dist/bootstrap/server.js" || true)
if [ -n "$server_pid" ]; then
  uid=$(stat -c %u "/proc/$server_pid")
  [ "$uid" = "$EXPECTED_UID" ] && ok "the server runs as uid $uid" || fail "the server runs as uid $uid"
  kill -TERM "$server_pid"
  wait "$runner"
  status=$?
  server_pid=""
  [ "$status" = 0 ] && ok "SIGTERM: exit status 0" || fail "SIGTERM: exit status $status: $(tail -n 3 "$log")"
else
  fail "no server process found"
fi
rm -f "$log"

# ---- sizes ------------------------------------------------------------------------------------
# The application's layers are those above the base's: what a deploy pulls once the base is cached.
base_layers=$(buildah inspect --type image --format '{{len .OCIv1.RootFS.DiffIDs}}' "$NODE_IMAGE")
buildah inspect --type image "$IMAGE" | node -e '
  let text = "";
  process.stdin.on("data", (chunk) => (text += chunk)).on("end", () => {
    const image = JSON.parse(text);
    const layers = JSON.parse(image.Manifest).layers;
    const steps = image.OCIv1.history.filter((h) => !h.empty_layer).map((h) => h.created_by.replace(/^\/bin\/sh -c (#\(nop\) )?/, ""));
    const mib = (bytes) => (bytes / 1048576).toFixed(1).padStart(7) + " MiB";
    const base = Number(process.argv[1]);
    const app = layers.slice(base);
    const total = (list) => list.reduce((n, l) => n + l.size, 0);
    console.log(`layers: ${layers.length}; the base ${mib(total(layers.slice(0, base))).trim()}, the application ${mib(total(app)).trim()}:`);
    app.forEach((layer, i) => console.log(`  ${mib(layer.size)}  ${(steps[base + i] ?? "").slice(0, 70)}`));
  });
' "$base_layers"
echo "in the image: node_modules $(du -sh "$root/app/node_modules" | cut -f1), dist $(du -sh "$root/app/dist" | cut -f1)"

echo "image test: $([ "$failures" = 0 ] && echo passed || echo "$failures failed")"
[ "$failures" = 0 ]
