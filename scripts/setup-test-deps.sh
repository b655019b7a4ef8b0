#!/usr/bin/env bash
# Installs the Debian packages the test suites start or call, when missing. Idempotent; needs root
# (or sudo). Each entry: the command the tests look for, then the package that provides it.
set -euo pipefail

needed=(
  "pg_dump:postgresql"
  "/usr/lib/postgresql/15/bin/initdb:postgresql"
  "mariadbd:mariadb-server"
  "mariadb-dump:mariadb-client"
  "prometheus:prometheus"
  "promtool:prometheus"
  "age:age"
  "shellcheck:shellcheck"
  "zstd:zstd"
  "openssl:openssl"
  "go:golang-go"
  "ps:procps"
  "/usr/bin/python3:python3"
)

missing=()
for entry in "${needed[@]}"; do
  cmd=${entry%%:*}
  pkg=${entry##*:}
  if ! command -v "$cmd" >/dev/null 2>&1 && [ ! -x "$cmd" ]; then
    [[ " ${missing[*]-} " == *" $pkg "* ]] || missing+=("$pkg")
  fi
done

# kubectl is no Debian package: the real one is expected at /usr/bin/kubectl; its suites say loudly when absent.
command -v kubectl >/dev/null 2>&1 || echo "setup-test-deps: kubectl not found; the kubectl suites will report it" >&2

pkgs=("${missing[@]-}")
if [ -z "${pkgs[*]-}" ]; then
  echo "setup-test-deps: all test dependencies present"
  exit 0
fi

echo "setup-test-deps: installing ${pkgs[*]}"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${pkgs[@]}"
