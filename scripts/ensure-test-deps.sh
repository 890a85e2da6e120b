#!/usr/bin/env bash
# Installs the Debian packages the test suite drives, when they are not there yet (idempotent; needs
# root or sudo for apt-get):
#   chromium       - headless browser for the dashboard tests (test/report, test/security)
#   python3-boto3  - boto3 for Debian's /usr/bin/python3: the simulator's awsQuery/XML protocol test
#                    drives it like the seed audit script does (test/simulator/faults-quotas.test.ts)
set -euo pipefail
need=()
[ -x /usr/bin/chromium ] || need+=(chromium fonts-dejavu-core)
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
