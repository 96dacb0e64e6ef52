import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROJECT_ROOT, TEMPLATE_FILE } from '@items-api/build/artifacts';
import { type BuiltArtifact, buildArtifacts } from '@items-api/build/build';
import { type LambdaRunner, type LambdaRunnerOptions, startLambdaRunner } from '@items-api/lambda-runner';
import { localFunctionEnvironment } from '@items-api/local/local-function-environment';
import { templateTables } from '@items-api/local/template-tables';

const LOGS = join(PROJECT_ROOT, 'test-artifacts');

/** `npm run build` into a temporary folder of its own, so that tests never touch `.build/`. */
export async function buildIntoTemp(): Promise<{ dir: string; built: BuiltArtifact[]; remove(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'items-api-build-'));
  try {
    return { dir, built: await buildArtifacts(dir), remove: () => rm(dir, { recursive: true, force: true }) };
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}

export interface RunnerWithLog extends LambdaRunner {
  /** Every line the runner and the function printed so far. */
  lines: string[];
}

/**
 * The project's template served by the runner from the zips in `zipsDir`, on DynamoDB at `endpoint`
 * with the tables `templateTables(tablePrefix)` names. Its log goes to `test-artifacts/<logName>.log` and into `lines`.
 */
export async function startProjectRunner(
  zipsDir: string,
  endpoint: string,
  tablePrefix: string,
  logName: string,
  overrides: Partial<LambdaRunnerOptions> = {},
): Promise<RunnerWithLog> {
  await mkdir(LOGS, { recursive: true });
  const file = createWriteStream(join(LOGS, `${logName}.log`));
  const lines: string[] = [];
  const runner = await startLambdaRunner({
    templateFile: TEMPLATE_FILE,
    zipsDir,
    port: 0,
    values: { resources: templateTables(tablePrefix) },
    ...overrides,
    environment: { ...localFunctionEnvironment(endpoint), ...overrides.environment },
    log: (line) => {
      lines.push(line);
      file.write(`${line}\n`);
    },
  });
  return {
    ...runner,
    lines,
    stop: async () => {
      await runner.stop();
      await new Promise((resolve) => file.end(resolve));
    },
  };
}
