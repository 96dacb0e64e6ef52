#!/usr/bin/env bash
# `npm run deploy`: builds and deploys the stack with the AWS SAM CLI, asking for the stack name,
# region and parameters the first time (`--guided`) and saving them in infra/samconfig.toml.
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

# --build-in-source: make runs in the repository itself, with the node_modules `npm ci` installed,
# rather than in a copy of it.
sam build --build-in-source
if [ -f samconfig.toml ]; then
  sam deploy
else
  sam deploy --guided
fi
