#!/usr/bin/env bash
# `npm run audit`: no high or critical advisory in the packages that ship (dev tools excluded).
# Where the registry refuses the audit endpoint (this project's build machines reach a registry that
# answers it with 405), the check cannot run: it says so and does not pretend to have passed.
set -uo pipefail
cd "$(dirname "$0")/.."

output=$(npm audit --omit=dev --audit-level=high 2>&1)
status=$?
echo "$output"
# Only the registry's refusal of the endpoint itself (405) is excused; any other error fails.
if [ $status -ne 0 ] && grep -q "405 Method Not Allowed" <<<"$output"; then
  echo "npm audit could not run: the registry refused its audit endpoint. No advisory was checked." >&2
  exit 0
fi
exit $status
