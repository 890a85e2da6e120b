#!/usr/bin/env bash
# Installs the Debian package the tools suite (`npm run test:tools`) drives, when it is not there yet
# (idempotent; needs root or sudo for apt-get). `npm test` itself needs only Node and npm: its browser
# tests use Debian's chromium when present, else the binary inside the npm package @sparticuz/chromium.
#   python3-boto3  - boto3 for Debian's /usr/bin/python3: the simulator's awsQuery/XML protocol test
#                    drives it like the seed audit script does (test/tools/boto3-simulator.tools.test.ts)
set -euo pipefail
need=()
/usr/bin/python3 -c "import boto3" >/dev/null 2>&1 || need+=(python3-boto3)
if [ ${#need[@]} -eq 0 ]; then
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
echo "ensure-test-deps: installing ${need[*]}" >&2
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
