import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '@items-api/build/artifacts';
import { expect, it } from 'vitest';

// No credential is ever committed: every tracked file is searched for the shapes AWS keys, private
// keys and tokens take. (Local stand-ins such as `local`/`local` for DynamoDB Local are not secrets.)
const SECRET_SHAPES: [string, RegExp][] = [
  ['an AWS access key id', /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/],
  ['an AWS secret access key assignment', /aws_secret_access_key\s*[=:]\s*['"]?[A-Za-z0-9/+=]{40}\b/i],
  ['a private key', /-----BEGIN (?:RSA |EC |OPENSSH |DSA )?PRIVATE KEY-----/],
  ['a GitHub token', /\bgh[pousr]_[A-Za-z0-9]{36,}\b/],
  ['a Slack token', /\bxox[abpr]-[A-Za-z0-9-]{10,}\b/],
];

it('no tracked file holds a credential, the SAM template included', () => {
  const files = execFileSync('git', ['ls-files', '-z'], { cwd: PROJECT_ROOT, encoding: 'utf8' }).split('\0').filter(Boolean);
  expect(files).toContain('infra/template.yaml');
  const findings: string[] = [];
  for (const file of files) {
    if (file === 'package-lock.json' || file.endsWith('no-secrets.test.ts')) continue;
    const text = readFileSync(join(PROJECT_ROOT, file), 'utf8');
    for (const [what, shape] of SECRET_SHAPES) if (shape.test(text)) findings.push(`${file}: ${what}`);
  }
  expect(findings).toEqual([]);
});
