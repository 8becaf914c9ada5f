#!/usr/bin/env bash
# The whole test suite, from a fresh machine: installs what it needs (Debian's Chromium, PostgreSQL
# and a Japanese font, the npm packages with their own Node 24), typechecks, builds the site, starts a
# throwaway PostgreSQL cluster on loopback, runs every test, and ends with the runner's summary.
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
# A Japanese face, as every phone that reads the site has: without one the pages are laid out in
# whatever face has the glyphs, and the screenshots of Japanese pages kept for review show boxes.
dpkg-query -W -f='${Status}' fonts-ipafont-gothic 2>/dev/null | grep -q 'ok installed' || need+=(fonts-ipafont-gothic)
if [ ${#need[@]} -gt 0 ]; then
  echo "== installing ${need[*]} from Debian"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

echo "== npm ci"
npm ci --no-audit --no-fund --loglevel=error
export PATH="$PWD/node_modules/.bin:$PATH"   # Node 24 from the `node` package, ahead of the machine's
node --version

echo "== format and lint (Biome; the layering rule is biome.json's noRestrictedImports)"
biome ci --reporter=summary .

echo "== typecheck"
npm run --silent typecheck

echo "== build the site"
astro build --silent 2>/dev/null || astro build

echo "== start a throwaway PostgreSQL cluster"
pgbin=$(dirname "$(ls /usr/lib/postgresql/*/bin/initdb | sort -V | tail -n 1)")
pgdir=$(mktemp -d /tmp/shirase-pg.XXXXXX)
chown postgres:postgres "$pgdir" 2>/dev/null || true
run_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
pgport=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
run_pg "$pgbin/initdb" -D "$pgdir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
run_pg "$pgbin/pg_ctl" -D "$pgdir/data" -l "$pgdir/log" -w -o "-p $pgport -k $pgdir -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" start >/dev/null
cleanup() { run_pg "$pgbin/pg_ctl" -D "$pgdir/data" -m immediate stop >/dev/null 2>&1 || true; rm -rf "$pgdir"; }
trap cleanup EXIT
export TEST_POSTGRES_URL="postgres://postgres@127.0.0.1:$pgport/postgres"
export SHIRASE_REQUIRE_POSTGRES=1
echo "PostgreSQL $("$pgbin/postgres" --version | awk '{print $3}') on port $pgport"

echo "== tests"
report=$(mktemp /tmp/shirase-vitest.XXXXXX.json)
set +e
vitest run --reporter=default --reporter=json --outputFile.json="$report"
status=$?
set -e
node scripts/test-summary.ts "$report"
exit $status
