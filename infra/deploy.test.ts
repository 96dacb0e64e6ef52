import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { PROJECT_ROOT } from '@items-api/build/artifacts';
import { afterAll, describe, expect, it } from 'vitest';

// `npm run deploy` without AWS: with no SAM CLI it says so; with one (a stand-in that records its
// arguments) it builds in source, then deploys, guided the first time.
const DEPLOY = join(PROJECT_ROOT, 'infra/scripts/deploy.sh');
const bin = mkdtempSync(join(tmpdir(), 'fake-sam-'));
afterAll(() => rmSync(bin, { recursive: true, force: true }));

function deploy(path: string): { status: number | null; output: string } {
  const run = spawnSync('bash', [DEPLOY], { encoding: 'utf8', env: { ...process.env, PATH: path, SAM_CALLS: join(bin, 'calls') } });
  return { status: run.status, output: run.stdout + run.stderr };
}

describe('npm run deploy', () => {
  it('says the SAM CLI is missing and deploys nothing', () => {
    const { status, output } = deploy(`${dirname(process.execPath)}:/usr/bin:/bin`);
    expect(status).toBe(1);
    expect(output).toContain('The AWS SAM CLI is not installed, so nothing was deployed.');
  });

  it('builds in source from infra/, then deploys guided while no deploy settings are saved', () => {
    writeFileSync(join(bin, 'sam'), '#!/bin/sh\necho "$(basename "$PWD") $*" >> "$SAM_CALLS"\n');
    chmodSync(join(bin, 'sam'), 0o755);
    const { status } = deploy(`${bin}:/usr/bin:/bin`);
    expect(status).toBe(0);
    expect(readFileSync(join(bin, 'calls'), 'utf8')).toBe('infra build --build-in-source\ninfra deploy --guided\n');
  });
});
