#!/usr/bin/env bash
# Builds the local test cluster's images from programs installed on this host (no registry, no
# Docker engine) and imports them into the cluster's containerd, namespace k8s.io, where the
# kubelet finds them; pods use them with `imagePullPolicy: Never`.
#   bash scripts/k8s/images.sh                  # build what changed, import what the cluster lacks
#   bash scripts/k8s/images.sh redis pause      # only these images
#   bash scripts/k8s/images.sh --build-only     # only the tars; containerd need not run
# Each image is a docker-archive tar with one layer, cached as ~/.cache/bench/k8s/images/NAME-KEY.tar,
# where KEY hashes every input (file contents and modes, command, mkimage.py): an unchanged image
# is neither rebuilt nor re-imported ($K8S_STATE/images.imported records what this cluster has).
# Images (all but pause also hold /bin/sh (dash), cat, base64, sleep, ls, an /etc/passwd with root
# and nobody, and /tmp with mode 1777; binaries come with the libraries `ldd` names):
#   k8s.local/pause:1               static pause program (pause.c): the pod sandbox
#   k8s.local/redis:7               redis-server, redis-cli
#   k8s.local/redis-exporter:1      prometheus-redis-exporter
#   k8s.local/prometheus:2          prometheus
#   k8s.local/nginx:1               nginx (the nginx kind)
#   k8s.local/bench-client:latest   node + `bench client` bundled into one file; command `bench`
set -euo pipefail
REPO="$(cd "$(dirname "$0")/../.." && pwd)"
HERE="$REPO/scripts/k8s"
# shellcheck source=scripts/k8s/lib.sh
source "$REPO/scripts/k8s/lib.sh"
umask 022

ALL_IMAGES="pause redis redis-exporter prometheus nginx bench-client"
GEN="$K8S_IMAGE_CACHE/inputs"

# --- what goes into an image ---------------------------------------------------------------------
# A spec function fills REF, CMD, FILES ("image-path=host-path", copied with symlinks followed),
# LINKS ("image-path=target") and DIRS ("image-path=mode").
reset_spec() { REF=; CMD=(); FILES=(); LINKS=(); DIRS=(); }

# Each program at its own path, plus every library ldd names for it (the ELF interpreter included).
add_programs() {
  local prog lib
  for prog in "$@"; do
    [ -x "$prog" ] || die "$prog is missing"
    FILES+=("$prog=$prog")
    for lib in $(ldd "$prog" 2>/dev/null | grep -o '/[^ ]*' || true); do FILES+=("$lib=$lib"); done
  done
}

write_if_changed() { # FILE MODE, content on stdin
  local tmp="$1.new.$$"
  cat >"$tmp"
  chmod "$2" "$tmp"
  if cmp -s "$tmp" "$1"; then rm -f "$tmp"; else mv "$tmp" "$1"; fi
}

base_files() {
  mkdir -p "$GEN"
  printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/sh\n' | write_if_changed "$GEN/passwd" 644
  printf 'root:x:0:\nnogroup:x:65534:\n' | write_if_changed "$GEN/group" 644
  printf 'passwd: files\ngroup: files\nhosts: files dns\n' | write_if_changed "$GEN/nsswitch.conf" 644
  add_programs /bin/dash /bin/cat /bin/base64 /bin/sleep /bin/ls
  LINKS+=("/bin/sh=dash")
  FILES+=("/etc/passwd=$GEN/passwd" "/etc/group=$GEN/group" "/etc/nsswitch.conf=$GEN/nsswitch.conf")
  DIRS+=("/tmp=1777" "/root=700")
}

spec_pause() {
  REF=$K8S_PAUSE_IMAGE
  CMD=(/pause)
  # Recompiled only when pause.c or the compiler changes, so the binary (and the key) stay put.
  local src_key
  src_key=$( { sha256sum <"$HERE/pause.c"; gcc --version | head -n 1; } | sha256sum | cut -c1-16)
  mkdir -p "$GEN"
  if [ "$(cat "$GEN/pause.src" 2>/dev/null)" != "$src_key" ] || [ ! -x "$GEN/pause" ]; then
    gcc -static -Os -s -Wall -o "$GEN/pause.partial" "$HERE/pause.c" || die "gcc -static failed on $HERE/pause.c (is libc6-dev installed?)"
    mv "$GEN/pause.partial" "$GEN/pause"
    echo "$src_key" >"$GEN/pause.src"
  fi
  FILES+=("/pause=$GEN/pause")
}

spec_redis() {
  REF=k8s.local/redis:7
  CMD=(/usr/bin/redis-server --bind 127.0.0.1 --protected-mode no --save "" --appendonly no)
  base_files
  add_programs /usr/bin/redis-server /usr/bin/redis-cli
}

# Laid out like the public oliver006/redis_exporter image (its program is /redis_exporter), which the redis kind names.
spec_redis-exporter() {
  REF=k8s.local/redis-exporter:1
  CMD=(/redis_exporter)
  base_files
  add_programs /usr/bin/prometheus-redis-exporter
  FILES+=("/redis_exporter=/usr/bin/prometheus-redis-exporter")
}

# Like the public nginx image (Debian-based): nginx at /usr/sbin/nginx, and the coreutils the nginx kind's set-up uses.
spec_nginx() {
  REF=k8s.local/nginx:1
  CMD=(/usr/sbin/nginx -g 'daemon off;')
  base_files
  add_programs /usr/sbin/nginx /usr/bin/mkdir /usr/bin/truncate /usr/bin/chmod /usr/bin/id /usr/bin/find /usr/bin/dirname
}

# Like prom/prometheus: prometheus on PATH, and tar (busybox's there) for copying the TSDB back.
spec_prometheus() {
  REF=k8s.local/prometheus:2
  CMD=(/usr/bin/prometheus)
  base_files
  add_programs /usr/bin/prometheus /bin/tar
}

spec_bench-client() {
  REF=k8s.local/bench-client:latest
  CMD=(/usr/local/bin/bench)
  local esbuild="$REPO/node_modules/.bin/esbuild" node
  [ -x "$esbuild" ] || die "$esbuild is missing: run npm ci in $REPO first"
  node=$(command -v node) || die "node is not on PATH"
  mkdir -p "$GEN/bench-client"
  # The bundle is rebuilt every time (about 2 s); the image only when the bundle's bytes change.
  "$esbuild" "$REPO/src/cli/client-main.ts" --bundle --platform=node --target=node20 \
    --outfile="$GEN/bench-client/bench-client.js.partial" --log-level=warning \
    || die "esbuild could not bundle src/cli/client-main.ts"
  write_if_changed "$GEN/bench-client/bench-client.js" 644 <"$GEN/bench-client/bench-client.js.partial"
  rm -f "$GEN/bench-client/bench-client.js.partial"
  printf '#!/bin/sh\nexec node /opt/bench/bench-client.js "$@"\n' | write_if_changed "$GEN/bench-client/bench" 755
  base_files
  add_programs "$node"
  FILES+=("/opt/bench/bench-client.js=$GEN/bench-client/bench-client.js" "/usr/local/bin/bench=$GEN/bench-client/bench")
}

# --- building and importing ----------------------------------------------------------------------
# Drops repeated image paths (ldd names libc for every program).
dedupe_files() {
  local -A seen=()
  local out=() f
  for f in "${FILES[@]}"; do
    [ -n "${seen[${f%%=*}]:-}" ] && continue
    seen[${f%%=*}]=1
    out+=("$f")
  done
  FILES=("${out[@]}")
}

image_key() {
  local f srcs=()
  for f in "${FILES[@]}"; do srcs+=("${f#*=}"); done
  {
    echo "ref $REF"
    printf 'cmd %s\n' "${CMD[@]}"
    sha256sum <"$HERE/mkimage.py"
    printf 'dir %s\n' "${DIRS[@]}"
    printf 'link %s\n' "${LINKS[@]}"
    for f in "${FILES[@]}"; do echo "file ${f%%=*} $(stat -L -c %a "${f#*=}")"; done
    sha256sum -- "${srcs[@]}" | cut -d' ' -f1
  } | sha256sum | cut -c1-16
}

build_tar() { # NAME TAR
  local root f dest
  root=$(mktemp -d "$K8S_IMAGE_CACHE/.rootfs-$1-XXXXXX")
  for f in "${DIRS[@]}"; do mkdir -p "$root${f%%=*}"; chmod "${f#*=}" "$root${f%%=*}"; done
  for f in "${FILES[@]}"; do
    dest="$root${f%%=*}"
    mkdir -p "$(dirname "$dest")"
    cp -L --preserve=mode "${f#*=}" "$dest"
  done
  for f in "${LINKS[@]}"; do
    dest="$root${f%%=*}"
    mkdir -p "$(dirname "$dest")"
    ln -sfn "${f#*=}" "$dest"
  done
  python3 "$HERE/mkimage.py" "$root" "$REF" "$2" -- "${CMD[@]}" >/dev/null || { rm -rf "$root"; die "mkimage.py failed for $REF"; }
  rm -rf "$root"
}

imported_key() { awk -v ref="$1" '$1 == ref { print $2 }' "$K8S_IMPORTED" 2>/dev/null || true; }
mark_imported() {
  { awk -v ref="$1" '$1 != ref' "$K8S_IMPORTED" 2>/dev/null || true; echo "$1 $2"; } >"$K8S_IMPORTED.new"
  mv "$K8S_IMPORTED.new" "$K8S_IMPORTED"
}

# Builds one image's tar unless cached; sets TAR and KEY.
prepare() {
  local name=$1 t0
  reset_spec
  "spec_$name"
  dedupe_files
  KEY=$(image_key)
  TAR="$K8S_IMAGE_CACHE/$name-$KEY.tar"
  [ -f "$TAR" ] && return 0
  t0=$(now_ms)
  build_tar "$name" "$TAR"
  local old
  for old in "$K8S_IMAGE_CACHE/$name"-*.tar; do
    [ "$old" = "$TAR" ] || [[ ! "${old#"$K8S_IMAGE_CACHE/$name"-}" =~ ^[0-9a-f]{16}\.tar$ ]] || rm -f "$old"
  done
  say "built $REF in $(secs_since "$t0") s ($(du -m "$TAR" | cut -f1) MB, $TAR)"
}

main() {
  local build_only=0 names=() name
  for name in "$@"; do
    case $name in
      --build-only) build_only=1 ;;
      -h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
      *) [[ " $ALL_IMAGES " == *" $name "* ]] || die "unknown image '$name' (known: $ALL_IMAGES)"; names+=("$name") ;;
    esac
  done
  [ ${#names[@]} -gt 0 ] || read -r -a names <<<"$ALL_IMAGES"
  apt_install gcc libc6-dev python3 redis-server redis-tools prometheus prometheus-redis-exporter nginx-light
  mkdir -p "$K8S_IMAGE_CACHE"
  local present=""
  if [ $build_only = 0 ]; then
    containerd_ok || die "the cluster's containerd ($CONTAINERD_SOCK) is not running: start it with bash scripts/k8s/up.sh, or pass --build-only"
    present=$(kctr images ls -q 2>/dev/null || true)
  fi
  local t0 imported=0
  for name in "${names[@]}"; do
    with_lock k8s-images prepare "$name"
    [ $build_only = 1 ] && continue
    if [ "$(imported_key "$REF")" = "$KEY" ] && grep -qxF "$REF" <<<"$present"; then continue; fi
    t0=$(now_ms)
    kctr images import "$TAR" >/dev/null 2>"$K8S_IMAGE_CACHE/import.err" \
      || { cat "$K8S_IMAGE_CACHE/import.err" >&2; die "ctr images import $TAR failed"; }
    mark_imported "$REF" "$KEY"
    imported=$((imported + 1))
    say "imported $REF in $(secs_since "$t0") s"
  done
  [ $build_only = 1 ] || [ $imported -gt 0 ] || say "images up to date (${names[*]})"
}

main "$@"
