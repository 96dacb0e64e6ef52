import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { PROJECT_ROOT } from '@items-api/build/artifacts';
import { parseCloudFormationYaml } from '@items-api/lambda-runner';
import { afterAll, describe, expect, it } from 'vitest';

// The GitHub Actions workflow runs the commands the README, .ci/run and the deploy docs give, so that
// they cannot drift apart; and what actionlint, run offline, cannot check (the local action's inputs,
// the `run:` scripts through shellcheck).

// biome-ignore lint/suspicious/noExplicitAny: a workflow's YAML, of any shape
type Json = Record<string, any>;
const read = (path: string): string => readFileSync(join(PROJECT_ROOT, path), 'utf8');
// A YAML 1.2 parser (the runner's, which also reads CloudFormation's tags): `on` stays a key, not `true`.
const parseYaml = (path: string): Json => parseCloudFormationYaml(read(path)) as Json;

const WORKFLOW_FILE = '.github/workflows/ci-cd.yml';
const ACTION_FILE = '.github/actions/sam-deploy/action.yml';
const workflow = parseYaml(WORKFLOW_FILE);
const action = parseYaml(ACTION_FILE);
const jobs = workflow.jobs as Json;
const packageJson = JSON.parse(read('package.json')) as { scripts: Record<string, string>; engines: { node: string } };

/** A step's `run:` script as the commands it runs, one per line (continuations joined, comments dropped). */
const commandsOf = (script: string): string[] =>
  script
    .replace(/\\\n\s*/g, '')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
const runs = (steps: Json[]): string[] => steps.flatMap((step) => (typeof step.run === 'string' ? commandsOf(step.run) : []));

/** The commands in a Markdown file's fenced code blocks, a line each (trailing `# comments` dropped). */
function codeBlockCommands(markdown: string): string[] {
  const blocks = [...markdown.matchAll(/^```[a-z]*\n([\s\S]*?)^```/gm)].map((match) => match[1]!);
  return blocks.flatMap((block) => commandsOf(block).map((line) => line.replace(/\s+#.*$/, '')));
}

/** infra/samconfig.toml's sections and their keys (the file's simple subset of TOML). */
function samconfig(): Map<string, Map<string, string>> {
  const sections = new Map<string, Map<string, string>>();
  let current: Map<string, string> | undefined;
  for (const line of read('infra/samconfig.toml').split('\n')) {
    const section = /^\[([^\]]+)\]\s*$/.exec(line);
    if (section) sections.set(section[1]!, (current = new Map()));
    const entry = /^([a-z_]+)\s*=\s*(.+?)\s*$/.exec(line);
    if (entry && current) current.set(entry[1]!, entry[2]!.replace(/^"(.*)"$/, '$1'));
  }
  return sections;
}

// A `sam` that records its arguments, one a line (for the deploy step's test).
const fakeBin = mkdtempSync(join(tmpdir(), 'fake-sam-'));
writeFileSync(join(fakeBin, 'sam'), '#!/bin/sh\nprintf \'%s\\n\' "$@" > "$SAM_CALLS"\n');
chmodSync(join(fakeBin, 'sam'), 0o755);
afterAll(() => rmSync(fakeBin, { recursive: true, force: true }));

const deployJobs = Object.entries(jobs).filter(([, job]) =>
  (job.steps as Json[]).some((step) => step.uses === './.github/actions/sam-deploy'),
);

describe('the CI/CD workflow', () => {
  it('checks every pull request, and deploys only pushes to main', () => {
    expect(Object.keys(workflow.on)).toEqual(['pull_request', 'push']);
    expect(workflow.on.push).toEqual({ branches: ['main'] });
    expect(workflow.permissions).toEqual({ contents: 'read' });
    expect(jobs.check.if).toBeUndefined();
    expect(jobs.staging.needs).toBe('check');
    expect(jobs.staging.if).toBe("github.event_name == 'push' && github.ref == 'refs/heads/main'");
    expect(jobs.production.needs).toBe('staging');
  });

  it("runs the README's install and test commands in the pull request check", () => {
    const readme = codeBlockCommands(read('README.md'));
    // `npm install && npm start` to run it, `npm test` to test it.
    expect(readme).toContain('npm install && npm start');
    expect(readme).toContain('npm test');
    const check = runs(jobs.check.steps);
    // CI installs what the lockfile says, as `npm install` would have on a fresh clone.
    expect(check).toContain('npm ci --no-audit --no-fund');
    expect(check).toContain('npm test');
    for (const script of ['lint', 'lint:template', 'lint:workflows', 'typecheck']) expect(check).toContain(`npm run ${script}`);
  });

  it('runs what .ci/run runs, on a machine set up by the same script', () => {
    const ciRun = commandsOf(read('.ci/run'));
    const check = runs(jobs.check.steps);
    // The npm commands, in .ci/run's order; not the audit (the registry's advisories, not the change's)
    // nor the benchmark (minutes of a shared runner, figures unchecked).
    const npm = ciRun.filter((line) => line.startsWith('npm '));
    const skipped = ['npm run audit', 'npm run bench -- --quick'];
    expect(npm.filter((line) => !skipped.includes(line))).toEqual(check.filter((line) => line.startsWith('npm ') && npm.includes(line)));
    for (const line of npm) if (!skipped.includes(line)) expect(check).toContain(line);
    // .ci/run's system packages, shellcheck among them, so that the shellcheck test below runs rather
    // than skips on both.
    const install = (lines: string[]) =>
      lines
        .find((line) => line.startsWith('.ci/install-system-packages'))
        ?.split(/\s+/)
        .slice(1);
    expect(install(ciRun)).toContain('shellcheck');
    expect(install(check)).toEqual(install(ciRun));
    // Every npm script a job runs exists.
    for (const job of Object.values(jobs)) {
      for (const line of runs(job.steps)) {
        const script = /^npm run ([\w:-]+)/.exec(line)?.[1];
        if (script) expect(packageJson.scripts, line).toHaveProperty([script]);
      }
    }
  });

  it('runs every job in the same Debian bookworm container, on the Node.js of the engines floor', () => {
    const floor = /^>=(\d+)/.exec(packageJson.engines.node)![1];
    for (const [name, job] of Object.entries(jobs)) {
      expect(job.container?.image, name).toBe(`node:${floor}-bookworm`);
      expect(job['runs-on'], name).toBe('ubuntu-latest');
    }
  });

  it('marks the checked-out workspace a safe git directory in every container job, right after checkout', () => {
    // The container runs as root and the runner's user owns the mounted workspace; actions/checkout marks it
    // safe only in a HOME of its own, so a later `git` (infra/no-secrets.test.ts, the scaffold's test) would
    // fail with "detected dubious ownership" (actions/runner#2033, actions/checkout#1169).
    const containerJobs = Object.entries(jobs).filter(
      ([, job]) => job.container && (job.steps as Json[]).some((step) => String(step.uses).startsWith('actions/checkout@')),
    );
    expect(containerJobs.map(([name]) => name)).toEqual(Object.keys(jobs));
    for (const [name, job] of containerJobs) {
      const steps = job.steps as Json[];
      const checkout = steps.findIndex((step) => String(step.uses).startsWith('actions/checkout@'));
      const next = steps[checkout + 1];
      expect(typeof next?.run === 'string' ? commandsOf(next.run) : [], name).toContain(
        'git config --global --add safe.directory "$GITHUB_WORKSPACE"',
      );
    }
  });

  it('builds and deploys as the README and npm run deploy do, one job per samconfig.toml stage, in its own GitHub environment', () => {
    // README: `npm run deploy     # = cd infra && sam build --build-in-source && sam deploy (--guided the first time)`.
    const readmeDeploy = read('README.md').match(/npm run deploy\s+# = cd infra && (sam build [^&]+?) && (sam deploy)\b/);
    expect(readmeDeploy).not.toBeNull();
    const [, build, deploy] = readmeDeploy!;
    expect(commandsOf(read('infra/scripts/deploy.sh'))).toContain(build);
    const steps = action.runs.steps as Json[];
    const buildStep = steps.find((step) => step.name === 'sam build')!;
    expect(buildStep).toMatchObject({ 'working-directory': 'infra', run: build });
    const deployStep = steps.find((step) => step.name === 'sam deploy')!;
    expect(deployStep['working-directory']).toBe('infra');
    const deployCommand = commandsOf(deployStep.run).find((line) => line.startsWith(`${deploy} `))!;
    expect(deployCommand.startsWith(`${deploy} --config-env "$STAGE" `)).toBe(true);
    // docs/ci-cd.md shows those very commands.
    const docs = codeBlockCommands(read('docs/ci-cd.md'));
    expect(docs).toContain(`cd infra && ${build}`);
    expect(docs).toContain(deployCommand.replace('"$STAGE"', 'staging'));

    const config = samconfig();
    expect(config.get('default.build.parameters')?.get('build_in_source')).toBe('true');
    expect(deployJobs.map(([name]) => name)).toEqual(['staging', 'production']);
    for (const [name, job] of deployJobs) {
      const step = (job.steps as Json[]).find((s) => s.uses === './.github/actions/sam-deploy')!;
      expect(step.with.stage).toBe(name);
      expect(job.environment.name).toBe(name);
      expect(job.concurrency).toEqual({ group: `deploy-${name}`, 'cancel-in-progress': false });
      expect(job.permissions).toEqual({ contents: 'read', 'id-token': 'write' });
      expect(config.get(`${name}.global.parameters`)?.get('stack_name')).toBe(`items-api-${name}`);
      expect(config.get(`${name}.global.parameters`)?.get('region')).toMatch(/^[a-z]{2}(-[a-z]+)+-\d$/);
      expect(Object.fromEntries(config.get(`${name}.deploy.parameters`) ?? [])).toMatchObject({
        capabilities: 'CAPABILITY_IAM',
        confirm_changeset: 'false',
        fail_on_empty_changeset: 'false',
      });
      // The job installs node_modules (the Makefile's build) before the action builds.
      const jobSteps = job.steps as Json[];
      const install = jobSteps.findIndex((s) => s.run === 'npm ci --no-audit --no-fund');
      expect(install, name).toBeGreaterThanOrEqual(0);
      expect(install, name).toBeLessThan(jobSteps.indexOf(step));
    }
  });

  it('authenticates to AWS only by assuming the stage role with GitHub OIDC: no stored keys, no secrets at all', () => {
    const credentialSteps = (action.runs.steps as Json[]).filter((step) =>
      String(step.uses ?? '').startsWith('aws-actions/configure-aws-credentials@'),
    );
    expect(credentialSteps).toHaveLength(1);
    expect(Object.keys(credentialSteps[0]!.with).sort()).toEqual(['aws-region', 'role-session-name', 'role-to-assume']);
    for (const file of [WORKFLOW_FILE, ACTION_FILE]) {
      expect(read(file), file).not.toMatch(/secrets\.|aws-access-key-id|aws-secret-access-key|aws-session-token|AWS_SECRET_ACCESS_KEY/i);
    }
  });

  it("deploys each stage with its samconfig.toml parameter_overrides and the pipeline's permissions boundary", () => {
    // SAM CLI's --parameter-overrides replaces samconfig.toml's rather than adding to it: the step must
    // pass the stage's own as well. Run as the runner would, with a `sam` that records its arguments.
    const deployStep = (action.runs.steps as Json[]).find((step) => step.name === 'sam deploy')!;
    expect(Object.keys(deployStep.env)).toContain('AWS_PERMISSIONS_BOUNDARY_ARN');
    const config = samconfig();
    for (const [stage] of deployJobs) {
      const calls = join(fakeBin, `calls-${stage}`);
      const boundary = `arn:aws:iam::123456789012:policy/function-boundary-items-api-${stage}`;
      const run = spawnSync('bash', ['--noprofile', '--norc', '-e', '-c', deployStep.run], {
        stdio: ['ignore', 'pipe', 'pipe'],
        cwd: join(PROJECT_ROOT, deployStep['working-directory']),
        encoding: 'utf8',
        env: {
          PATH: `${fakeBin}:${dirname(process.execPath)}:/usr/bin:/bin`,
          SAM_CALLS: calls,
          GITHUB_ACTION_PATH: join(PROJECT_ROOT, '.github/actions/sam-deploy'),
          STAGE: stage,
          AWS_CFN_EXECUTION_ROLE_ARN: `arn:aws:iam::123456789012:role/cfn-exec-items-api-${stage}`,
          AWS_ARTIFACTS_BUCKET: 'artifacts-bucket',
          AWS_PERMISSIONS_BOUNDARY_ARN: boundary,
        },
      });
      expect(run.stderr + run.stdout, stage).toBe('');
      expect(run.status, stage).toBe(0);
      const stageOverrides = config.get(`${stage}.deploy.parameters`)?.get('parameter_overrides');
      expect(stageOverrides, stage).toMatch(/^StageName=\w+/);
      expect(readFileSync(calls, 'utf8').split('\n').slice(0, -1), stage).toEqual([
        'deploy',
        '--config-env',
        stage,
        '--s3-bucket',
        'artifacts-bucket',
        '--role-arn',
        `arn:aws:iam::123456789012:role/cfn-exec-items-api-${stage}`,
        '--no-progressbar',
        '--parameter-overrides',
        `${stageOverrides} PermissionsBoundary=${boundary}`,
      ]);
    }
  });

  it('runs the end-to-end suite against staging as docs/deploy.md says, and only a read-only smoke check against production', () => {
    expect(read('docs/deploy.md')).toMatch(/API_URL=\$\([\s\S]*?\) npm run test:e2e/);
    const e2e = (jobs.staging.steps as Json[]).find((step) => step.run === 'npm run test:e2e')!;
    // The API's URL and type (e2e/global-setup.ts reads API_TYPE, rest or http, with API_URL).
    expect(e2e.env).toEqual({
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub Actions expression
      API_URL: '${{ steps.deploy.outputs.api-url }}',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub Actions expression
      API_TYPE: '${{ steps.deploy.outputs.api-type }}',
    });
    expect(Object.keys(action.outputs)).toEqual(['api-url', 'api-type']);
    const production = runs(jobs.production.steps);
    expect(production.some((line) => line.includes('test:e2e') || line === 'npm test')).toBe(false);
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a shell variable
    expect(production.some((line) => line.startsWith('curl --fail') && line.endsWith('"${API_URL}openapi.json"'))).toBe(true);
  });

  // stage-parameter-overrides.mjs reads the subset of TOML samconfig.toml uses; what it cannot read must
  // stop the deploy, naming the line, rather than deploy the stage without its overrides.
  const PARAMETER_OVERRIDES_SCRIPT = join(PROJECT_ROOT, '.github/actions/sam-deploy/stage-parameter-overrides.mjs');
  const overridesCases: [string, string, { prints: string } | { refuses: RegExp }][] = [
    [
      '[<stage>.deploy.parameters] wins over [<stage>.global.parameters]',
      '[staging.global.parameters]\nparameter_overrides = "A=1"\n\n[staging.deploy.parameters]\nparameter_overrides = "B=2"\n',
      { prints: 'B=2' },
    ],
    [
      'falls back to [<stage>.global.parameters]',
      '[staging.global.parameters]\nstack_name = "items-api-staging"\nparameter_overrides = "A=1 B=2"\n\n[staging.deploy.parameters]\ncapabilities = "CAPABILITY_IAM"\n',
      { prints: 'A=1 B=2' },
    ],
    ['a literal string', '[staging.deploy.parameters]\nparameter_overrides = \'A=1 B="x y" C=\\n\'\n', { prints: 'A=1 B="x y" C=\\n' }],
    [
      'a basic string with escapes',
      '[staging.deploy.parameters]\nparameter_overrides = "A=\\"x y\\" B=\\u00e9"\n',
      { prints: 'A="x y" B=é' },
    ],
    ['a trailing comment', '[staging.deploy.parameters]\nparameter_overrides = "A=1"   # the stage\'s own\n', { prints: 'A=1' }],
    [
      "a header's trailing comment, spaces and quotes",
      '[ staging."deploy".parameters ]  # the deploy\nparameter_overrides = "B=2"\n\n[staging.global.parameters]\nparameter_overrides = "A=1"\n',
      { prints: 'B=2' },
    ],
    [
      "another stage's, or none",
      '[staging.deploy.parameters]\ncapabilities = "CAPABILITY_IAM"\n\n[production.deploy.parameters]\nparameter_overrides = "StageName=prod"\n',
      { prints: '' },
    ],
    [
      'an array',
      '[staging.deploy.parameters]\nparameter_overrides = ["A=1", "B=2"]\n',
      { refuses: /:2: \[staging\.deploy\.parameters\] parameter_overrides must be one string/ },
    ],
    [
      'a multi-line string',
      '[staging.deploy.parameters]\nparameter_overrides = """\nA=1\n"""\n',
      { refuses: /:2: \[staging\.deploy\.parameters\] parameter_overrides/ },
    ],
    [
      'a stage with no section',
      '[production.deploy.parameters]\nparameter_overrides = "A=1"\n',
      { refuses: /has no section for the stage staging/ },
    ],
    [
      'a quoted key',
      '[staging.deploy.parameters]\n"parameter_overrides" = "A=1"\n',
      { refuses: /:2: \[staging\.deploy\.parameters\] .*parameter_overrides/ },
    ],
    // Beside a [staging.global.parameters], so that the stage has a section either way.
    [
      'a dotted key',
      '[staging.global.parameters]\nstack_name = "s"\n\n[staging]\ndeploy.parameters.parameter_overrides = "A=1"\n',
      { refuses: /:5: \[staging\] .*parameter_overrides/ },
    ],
    [
      'an inline table',
      '[staging.global.parameters]\nstack_name = "s"\n\n[staging]\ndeploy = { parameters = { parameter_overrides = "A=1" } }\n',
      { refuses: /:5: \[staging\] .*parameter_overrides/ },
    ],
  ];
  it.each(overridesCases)("reads a stage's parameter_overrides from samconfig.toml: %s", (_, toml, expected) => {
    const dir = mkdtempSync(join(tmpdir(), 'samconfig-'));
    try {
      writeFileSync(join(dir, 'samconfig.toml'), `version = 0.1\n\n${toml}`);
      const run = spawnSync(process.execPath, [PARAMETER_OVERRIDES_SCRIPT, join(dir, 'samconfig.toml'), 'staging'], { encoding: 'utf8' });
      if ('prints' in expected) {
        expect(run.stderr).toBe('');
        expect(run.status).toBe(0);
        expect(run.stdout).toBe(`${expected.prints}\n`);
      } else {
        expect(run.stdout).toBe('');
        expect(run.status).toBe(1);
        // The file's line numbers, the `version` line and blank line before the case's own counted.
        expect(run.stderr.replace(/:(\d+):/, (_, line: string) => `:${Number(line) - 2}:`)).toMatch(expected.refuses);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("outputs the stack's ApiUrl, and its ApiType lower-cased as the end-to-end suite takes it", () => {
    const step = (action.runs.steps as Json[]).find((s) => s.id === 'outputs')!;
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub Actions expression
    expect(action.outputs['api-type'].value).toBe('${{ steps.outputs.outputs.api-type }}');
    for (const [apiType, expected] of [
      ['Rest', 'rest'],
      ['Http', 'http'],
    ]) {
      const dir = mkdtempSync(join(tmpdir(), 'stack-outputs-'));
      try {
        const outputs = [
          { OutputKey: 'ApiUrl', OutputValue: 'https://abc.execute-api.us-east-1.amazonaws.com/staging/' },
          { OutputKey: 'ApiType', OutputValue: apiType },
        ];
        writeFileSync(join(fakeBin, 'outputs.json'), JSON.stringify(outputs));
        // A `sam list stack-outputs` that prints them.
        writeFileSync(join(dir, 'sam'), `#!/bin/sh\ncat '${join(fakeBin, 'outputs.json')}'\n`);
        chmodSync(join(dir, 'sam'), 0o755);
        const run = spawnSync('bash', ['--noprofile', '--norc', '-e', '-c', step.run], {
          stdio: ['ignore', 'pipe', 'pipe'],
          cwd: join(PROJECT_ROOT, 'infra'),
          encoding: 'utf8',
          env: {
            PATH: `${dir}:${dirname(process.execPath)}:/usr/bin:/bin`,
            STAGE: 'staging',
            RUNNER_TEMP: dir,
            GITHUB_OUTPUT: join(dir, 'out'),
          },
        });
        expect(run.stderr, apiType).toBe('');
        expect(run.status, apiType).toBe(0);
        expect(readFileSync(join(dir, 'out'), 'utf8').split('\n')).toEqual(
          expect.arrayContaining([`api-url=${outputs[0]!.OutputValue}`, `api-type=${expected}`]),
        );
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
  });

  it('gives the local deploy action exactly its inputs (actionlint offline cannot read a local action)', () => {
    const inputs = action.inputs as Json;
    const required = Object.keys(inputs).filter((name) => inputs[name].required);
    for (const [name, job] of deployJobs) {
      const step = (job.steps as Json[]).find((s) => s.uses === './.github/actions/sam-deploy')!;
      expect(Object.keys(step.with).sort(), name).toEqual(Object.keys(inputs).sort());
      for (const input of required) expect(step.with[input], `${name}: ${input}`).toBeTruthy();
    }
    for (const step of action.runs.steps as Json[]) if (step.run) expect(step.shell, step.name).toBe('bash');
  });

  it('pins every action to a major version at least, and keeps expressions out of scripts', () => {
    const steps = [...Object.values(jobs).flatMap((job) => job.steps as Json[]), ...(action.runs.steps as Json[])];
    for (const step of steps) {
      if (step.uses) expect(step.uses).toMatch(/^(\.\/\.github\/actions\/[\w-]+|[\w-]+\/[\w-]+@(v\d+(\.\d+){0,2}|[0-9a-f]{40}))$/);
      // Values reach scripts through env: an expression inside a script is spliced in as code.
      if (step.run) expect(step.run, step.name).not.toContain('${{');
    }
  });

  it.skipIf(spawnSync('shellcheck', ['--version'], { stdio: 'ignore' }).status !== 0)(
    'has `run:` scripts and CI scripts that pass shellcheck',
    () => {
      const steps = [...Object.values(jobs).flatMap((job) => job.steps as Json[]), ...(action.runs.steps as Json[])];
      for (const step of steps.filter((s) => typeof s.run === 'string')) {
        // As GitHub runs them: bash -e, with the variables the runner sets.
        const check = spawnSync('shellcheck', ['--shell=bash', '--exclude=SC2154', '-'], { input: step.run, encoding: 'utf8' });
        expect(check.stdout, step.name ?? step.run).toBe('');
      }
      const scripts = readdirSync(join(PROJECT_ROOT, '.ci')).map((file) => join(PROJECT_ROOT, '.ci', file));
      const check = spawnSync('shellcheck', scripts, { encoding: 'utf8' });
      expect(check.stdout).toBe('');
      expect(check.status).toBe(0);
    },
  );
});
