#!/usr/bin/env bash
# Fetch the JavaScript/CSS that folium 0.20 and streamlit-folium 0.27 load from CDNs, so maps render
# without internet access (closed networks such as LGWAN, CI). Files come from the npm registry with
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

# Versions pinned to what folium 0.20 references (folium.folium._default_js / _default_css).
LEAFLET=1.9.3            # cdn.jsdelivr.net/npm/leaflet@1.9.3
JQUERY=3.7.1             # code.jquery.com/jquery-3.7.1.min.js
BOOTSTRAP=5.2.2          # cdn.jsdelivr.net/npm/bootstrap@5.2.2
FONTAWESOME=6.2.0        # cdn.jsdelivr.net/npm/@fortawesome/fontawesome-free@6.2.0
AWESOME_MARKERS=2.0.5    # folium uses 2.0.2 from cdnjs; 2.0.2 is not on npm, 2.0.5 is the same plugin
GLYPHICONS_BS=3.4.1      # folium uses bootstrap 3.0.0's bootstrap-glyphicons.css (not on npm): the
                         # glyphicon rules + fonts are extracted from bootstrap 3.4.1

REQUIRED=(
  "leaflet@$LEAFLET/dist/leaflet.js"
  "leaflet@$LEAFLET/dist/leaflet.css"
  "leaflet@$LEAFLET/dist/images/marker-icon.png"
  "jquery@$JQUERY/dist/jquery.min.js"
  "bootstrap@$BOOTSTRAP/dist/js/bootstrap.bundle.min.js"
  "bootstrap@$BOOTSTRAP/dist/css/bootstrap.min.css"
  "@fortawesome/fontawesome-free@$FONTAWESOME/css/all.min.css"
  "@fortawesome/fontawesome-free@$FONTAWESOME/webfonts/fa-solid-900.woff2"
  "leaflet.awesome-markers@$AWESOME_MARKERS/dist/leaflet.awesome-markers.js"
  "leaflet.awesome-markers@$AWESOME_MARKERS/dist/leaflet.awesome-markers.css"
  "leaflet.awesome-markers@$AWESOME_MARKERS/dist/images/markers-soft.png"
  "bootstrap-glyphicons@$GLYPHICONS_BS/css/bootstrap-glyphicons.css"
  "bootstrap-glyphicons@$GLYPHICONS_BS/fonts/glyphicons-halflings-regular.woff2"
  "folium/leaflet.awesome.rotate.min.css"
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

pkg="$(unpack "jquery@$JQUERY")"
copy "$pkg" "jquery@$JQUERY" dist/jquery.min.js LICENSE.txt

pkg="$(unpack "bootstrap@$BOOTSTRAP")"
copy "$pkg" "bootstrap@$BOOTSTRAP" dist/js/bootstrap.bundle.min.js dist/css/bootstrap.min.css LICENSE

pkg="$(unpack "@fortawesome/fontawesome-free@$FONTAWESOME")"
copy "$pkg" "@fortawesome/fontawesome-free@$FONTAWESOME" css/all.min.css webfonts LICENSE.txt

pkg="$(unpack "leaflet.awesome-markers@$AWESOME_MARKERS")"
copy "$pkg" "leaflet.awesome-markers@$AWESOME_MARKERS" \
  dist/leaflet.awesome-markers.js dist/leaflet.awesome-markers.css dist/images LICENSE

pkg="$(unpack "bootstrap@$GLYPHICONS_BS")"
sub="bootstrap-glyphicons@$GLYPHICONS_BS"
copy "$pkg" "$sub" LICENSE
mkdir -p "$STAGE/$sub/css" "$STAGE/$sub/fonts"
cp "$pkg"/dist/fonts/glyphicons-halflings-regular.* "$STAGE/$sub/fonts/"
{
  echo "/* Glyphicons rules extracted from Bootstrap v$GLYPHICONS_BS dist/css/bootstrap.css (MIT, see LICENSE). */"
  awk '/^@font-face \{/ {on=1} /^\* \{/ {if (on) exit} on {print}' "$pkg/dist/css/bootstrap.css"
} >"$STAGE/$sub/css/bootstrap-glyphicons.css"
grep -q 'glyphicon-menu-up' "$STAGE/$sub/css/bootstrap-glyphicons.css" \
  || { echo "fetch_map_assets: glyphicons の抽出に失敗しました" >&2; exit 1; }

# folium's own leaflet.awesome.rotate.min.css (served from GitHub, not packaged): Icon(angle=N) adds the
# class fa-rotate-N; the equivalent rules are generated here.
mkdir -p "$STAGE/folium"
{
  echo "/* fa-rotate-N classes used by folium.Icon(angle=N); generated by scripts/fetch_map_assets.sh */"
  for n in $(seq 0 359); do printf '.fa-rotate-%d{transform:rotate(%ddeg)}\n' "$n" "$n"; done
} >"$STAGE/folium/leaflet.awesome.rotate.min.css"

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
