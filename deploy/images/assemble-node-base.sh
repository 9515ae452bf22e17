#!/bin/sh
# Assembles a Node 20 base image without pulling from a container registry: Debian bookworm
# minbase (debootstrap) plus this machine's Node (/usr/bin/node, npm, corepack), imported into
# buildah's local storage. Pass it as BASE_IMAGE when node:20-slim cannot be pulled.
#
#   deploy/images/assemble-node-base.sh [IMAGE]        (default localhost/gated/node-base)
#
# Prints the image reference (IMAGE:<key>). The rootfs tarball is cached under
# ${GATED_CI_CACHE:-/var/cache/gated-ci}, keyed by debootstrap version, Node version and this
# script, so later runs only import it; a fresh machine builds it once (about 2 minutes).
set -eu
IMAGE=${1:-localhost/gated/node-base}
CACHE=${GATED_CI_CACHE:-/var/cache/gated-ci}
MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
NODE=$(command -v node)
NODE_VERSION=$("$NODE" --version)
case "$NODE_VERSION" in
  v20.19.* | v20.2[0-9].* | v2[2-9].*) ;;
  *) echo "Node >= 20.19 needed on this machine, found $NODE_VERSION" >&2; exit 1 ;;
esac
NODE_MODULES=$(dirname "$(readlink -f "$NODE")")/../lib/node_modules
DEBOOTSTRAP_VERSION=$(dpkg-query -W -f '${Version}' debootstrap)
KEY=$(printf '%s %s %s' "$DEBOOTSTRAP_VERSION" "$NODE_VERSION" "$(sha256sum "$0" | cut -c1-64)" | sha256sum | cut -c1-16)
REF="$IMAGE:$KEY"

if buildah inspect --type image "$REF" >/dev/null 2>&1; then
  echo "$REF"
  exit 0
fi

mkdir -p "$CACHE"
TARBALL="$CACHE/node-base-$KEY.tar.gz"
if [ ! -s "$TARBALL" ]; then
  WORK=$(mktemp -d "$CACHE/node-base-build.XXXXXX")
  trap 'rm -rf "$WORK"' EXIT
  ROOTFS="$WORK/rootfs"
  debootstrap --variant=minbase bookworm "$ROOTFS" "$MIRROR" >"$WORK/debootstrap.log" 2>&1 || {
    cat "$WORK/debootstrap.log" >&2
    exit 1
  }
  install -m 0755 "$NODE" "$ROOTFS/usr/bin/node"
  mkdir -p "$ROOTFS/usr/lib/node_modules"
  cp -a "$NODE_MODULES/npm" "$ROOTFS/usr/lib/node_modules/npm"
  [ -d "$NODE_MODULES/corepack" ] && cp -a "$NODE_MODULES/corepack" "$ROOTFS/usr/lib/node_modules/corepack"
  ln -sf ../lib/node_modules/npm/bin/npm-cli.js "$ROOTFS/usr/bin/npm"
  ln -sf ../lib/node_modules/npm/bin/npx-cli.js "$ROOTFS/usr/bin/npx"
  [ -d "$ROOTFS/usr/lib/node_modules/corepack" ] && ln -sf ../lib/node_modules/corepack/dist/corepack.js "$ROOTFS/usr/bin/corepack"
  # What an image never needs: package lists, docs, man pages, apt caches.
  rm -rf "$ROOTFS/var/lib/apt/lists"/* "$ROOTFS/var/cache/apt"/* "$ROOTFS/usr/share/doc"/* \
    "$ROOTFS/usr/share/man"/* "$ROOTFS/usr/share/info"/* "$ROOTFS/var/log"/*
  chroot "$ROOTFS" /usr/bin/node --version >/dev/null
  tar -C "$ROOTFS" --numeric-owner -czf "$WORK/rootfs.tar.gz" .
  mv "$WORK/rootfs.tar.gz" "$TARBALL"
fi

CTR=$(buildah from scratch)
buildah add --quiet "$CTR" "$TARBALL" / >/dev/null
buildah config --env PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
  --cmd node --label org.opencontainers.image.description="Debian bookworm minbase + Node $NODE_VERSION" "$CTR"
buildah commit --quiet --rm "$CTR" "$REF" >/dev/null
echo "$REF"
