#!/usr/bin/env bash
# Install the Debian packages the test suite needs, when missing: PostgreSQL server binaries (throwaway
# cluster and its streaming replica), Chromium (browser tests), a CJK font (Japanese text in screenshots) and
# HAProxy (replicas behind a load balancer: the scale-out test, make load).
set -euo pipefail
need=()
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v haproxy >/dev/null 2>&1 || [ -x /usr/sbin/haproxy ] || need+=(haproxy)
fc-list 2>/dev/null | grep -qi "noto sans cjk\|ipagothic\|ipaexgothic" || need+=(fonts-noto-cjk)
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" != 0 ]; then
  echo "Missing system packages: ${need[*]} (install them as root: apt-get install -y ${need[*]})" >&2
  [ "${CI:-}" = true ] && exit 1 || exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
