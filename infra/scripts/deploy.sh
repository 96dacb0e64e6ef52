#!/usr/bin/env bash
# `npm run deploy`: builds and deploys the stack with the AWS SAM CLI. The first time (no saved deploy
# settings in infra/samconfig.toml) it asks for the stack name, region and parameters (`--guided`).
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v sam >/dev/null 2>&1; then
  cat >&2 <<'MESSAGE'
The AWS SAM CLI is not installed, so nothing was deployed.
Install it (https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/install-sam-cli.html),
configure AWS credentials, then run `npm run deploy` again. The steps it runs are in infra/README.md.
MESSAGE
  exit 1
fi

sam build --build-in-source
if grep -q '^\[default\.deploy\.parameters\]' samconfig.toml 2>/dev/null; then
  sam deploy
else
  sam deploy --guided
fi
