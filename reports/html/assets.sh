#!/bin/sh
# Prepares the ECharts bundle that HTML reports inline: installs the version
# pinned in package-lock.json (beside this script) with `npm ci` and copies
# the minified bundle and its licences into assets/ (git-ignored), where
# go:embed picks them up. Does nothing when the copy is already of the
# pinned version.
#
# usage: reports/html/assets.sh        (from anywhere; needs node and npm)
set -eu
cd "$(dirname "$0")"
dst=assets
pinned=$(node -p 'require("./package-lock.json").packages["node_modules/echarts"].version')
if [ -f "$dst/echarts.min.js" ] && [ "$(cat "$dst/VERSION" 2>/dev/null)" = "$pinned" ]; then
	exit 0
fi
npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
got=$(node -p 'require("./node_modules/echarts/package.json").version')
if [ "$got" != "$pinned" ]; then
	echo "assets.sh: npm installed echarts $got, package-lock.json pins $pinned" >&2
	exit 1
fi
mkdir -p "$dst"
cp node_modules/echarts/dist/echarts.min.js "$dst/.echarts.min.js.tmp"
cp node_modules/echarts/LICENSE "$dst/LICENSE"
cp node_modules/echarts/NOTICE "$dst/NOTICE"
cp node_modules/echarts/licenses/LICENSE-d3 "$dst/LICENSE-d3"
cp node_modules/zrender/LICENSE "$dst/LICENSE-zrender"
mv "$dst/.echarts.min.js.tmp" "$dst/echarts.min.js"
# VERSION last, so an interrupted copy is never taken for an up-to-date one.
printf '%s\n' "$got" >"$dst/VERSION"
echo "reports/html/assets: ECharts $got"
