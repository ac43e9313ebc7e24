#!/usr/bin/env bash
# Fetch Leaflet, the one library of folium 0.20's CDN assets that the maps use (geo/assets.py leaves jQuery,
# Bootstrap, Font Awesome and the marker plugins out), so maps render without internet access (closed networks
# such as LGWAN, CI). Files come from the npm registry with
# `npm pack` and are copied into app/static/vendor/ (git-ignored), which Streamlit serves at
# /app/static/vendor/ when server.enableStaticServing = true. geo/assets.py rewrites folium's CDN links
# to those local URLs; its ASSETS table must list the same files as this script.
#
# Idempotent: exits at once when every file is present. Re-fetch with FORCE=1.
# Environment: NPM (default npm), VENDOR_DIR (default <repo>/app/static/vendor).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DEST="${VENDOR_DIR:-$ROOT/app/static/vendor}"
NPM="${NPM:-npm}"

# Version pinned to what folium 0.20 references (folium.folium._default_js / _default_css).
LEAFLET=1.9.3            # cdn.jsdelivr.net/npm/leaflet@1.9.3

REQUIRED=(
  "leaflet@$LEAFLET/dist/leaflet.js"
  "leaflet@$LEAFLET/dist/leaflet.css"
  "leaflet@$LEAFLET/dist/images/marker-icon.png"
  "leaflet@$LEAFLET/dist/images/layers.png"
)

all_present() {
  local f
  for f in "${REQUIRED[@]}"; do [[ -s "$DEST/$f" ]] || return 1; done
}

if [[ "${FORCE:-0}" != "1" ]] && all_present; then
  echo "map assets: up to date in $DEST"
  exit 0
fi

command -v "$NPM" >/dev/null || { echo "fetch_map_assets: npm が見つかりません（Node.js/npm をインストールしてください）" >&2; exit 1; }

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
STAGE="$WORK/stage"
mkdir -p "$STAGE"

# unpack SPEC -> prints the directory holding the unpacked package
unpack() {
  local spec="$1" dir tarball
  dir="$WORK/pkg/$(echo "$spec" | tr '/@' '__')"
  mkdir -p "$dir"
  tarball="$(cd "$dir" && "$NPM" pack "$spec" --silent 2>/dev/null | tail -n 1)"
  [[ -f "$dir/$tarball" ]] || { echo "fetch_map_assets: npm pack $spec に失敗しました" >&2; exit 1; }
  tar -xzf "$dir/$tarball" -C "$dir"
  echo "$dir/package"
}

# copy SRC_DIR DEST_SUBDIR PATH... (paths relative to the package; directories copied whole)
copy() {
  local src="$1" sub="$2" p
  shift 2
  for p in "$@"; do
    mkdir -p "$STAGE/$sub/$(dirname "$p")"
    cp -R "$src/$p" "$STAGE/$sub/$p"
  done
}

echo "map assets: fetching from the npm registry into $DEST"

pkg="$(unpack "leaflet@$LEAFLET")"
copy "$pkg" "leaflet@$LEAFLET" dist/leaflet.js dist/leaflet.css dist/images LICENSE

# Install: replace each top-level package directory as a whole.
mkdir -p "$DEST"
for entry in "$STAGE"/* "$STAGE"/@*/*; do
  [[ -e "$entry" ]] || continue
  rel="${entry#"$STAGE"/}"
  [[ "$rel" == @* && "$rel" != */* ]] && continue
  mkdir -p "$DEST/$(dirname "$rel")"
  rm -rf "$DEST/$rel"
  cp -R "$entry" "$DEST/$rel"
done

all_present || { echo "fetch_map_assets: 一部のファイルが揃っていません" >&2; exit 1; }
echo "map assets: done ($(find "$DEST" -type f | wc -l) files)"
