import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { BUILD_DIR, FUNCTION_ID, HISTORY_FUNCTION_ID, LAYER_ID, PROJECT_ROOT, TEMPLATE_FILE } from '@items-api/build/artifacts';
import { type BuiltArtifact, buildArtifacts } from '@items-api/build/build';
import { startDynamoDbLocal } from '@items-api/dynamodb-local/dynamodb-local';
import { STAND_IN_REGION, standInAwsVariables } from '@items-api/dynamodb-local/stand-in-aws';
import { ensureHistoryTable, historyTableFor } from '@items-api/dynamodb-local/tables';
import { BENCH_ITEM, plainItem, seededTable, setupClients } from './bench-tables.js';
import { type BudgetCheck, check } from './budgets.js';
import { type ColdStartSeries, measureColdStarts } from './cold-start.js';
import { type Bill, billOf, functionSize, renderBill } from './cost-per-million.js';
import { restEvent } from './events.js';
import { prepareVariants, type Variants, writeEvents } from './handler-variants.js';
import { measureConsumerColdStarts } from './history-cold-start.js';
import { type HistoryLag, measureHistoryLags } from './history-lag-runs.js';
import { renderConsumerColdStarts, renderHistoryLag } from './history-report.js';
import { BATCH_SIZE, type HistoryWarmResult, measureHistoryWarm } from './history-warm.js';
import { type HttpLoadResult, measureHttp } from './http-load.js';
import { type ListCostResult, measureListCost } from './list-cost.js';
import { type ImportCost, measureModuleImports } from './module-imports.js';
import { PRICES } from './prices.js';
import { measureQueryCost, QUERY_FILTER, type QueryCostRow } from './query-cost.js';
import { REFERENCE } from './reference-figures.js';
import { COLD_START_HEADER, coldStartRow, table } from './report.js';
import type { WireRequest } from './sdk-probe.js';
import { median, ms, percentile, spread } from './stats.js';
import { measureWarm, type WarmResult } from './warm.js';

// `npm run bench [-- --quick]`: everything measured side by side in one run, against DynamoDB Local,
// printed as tables and written as JSON to .bench/ (git-ignored). --quick runs few iterations: a
// smoke check that the suite works (CI), not figures to quote.

const quick = process.argv.includes('--quick');
// --cold: the cold starts and the import table only, to compare a change to the cold path quickly.
const coldOnly = process.argv.includes('--cold');
// --query-cost: the query-against-scan table only (no build, no handler), about a minute in a full run.
const queryOnly = process.argv.includes('--query-cost');
const REGION = STAND_IN_REGION;
const PLAN = quick
  ? {
      rounds: 3,
      importRounds: 1,
      warm: { get: 200, post: 50, list: 20 },
      httpSeconds: 2,
      listSizes: [200, 2_000],
      seed: 200,
      querySizes: [1_000, 2_000],
      queryRuns: 3,
      history: { writes: 20, paceMs: 40, pollMs: 5 },
      historyWarm: { single: 50, full: 3 },
    }
  : {
      rounds: 15,
      importRounds: 7,
      warm: { get: 2_000, post: 500, list: 200 },
      httpSeconds: 10,
      listSizes: [1_000, 10_000],
      seed: 1_000,
      querySizes: [1_000, 10_000],
      queryRuns: 9,
      history: { writes: 200, paceMs: 40, pollMs: 5 },
      historyWarm: { single: 500, full: 20 },
    };
// --rounds=N: more (or fewer) cold-start processes per variant, to compare a change more closely.
const roundsOption = process.argv.find((arg) => arg.startsWith('--rounds='));
if (roundsOption) {
  PLAN.rounds = Number(roundsOption.slice('--rounds='.length));
  if (!Number.isInteger(PLAN.rounds) || PLAN.rounds < 1) throw new Error(`--rounds takes a whole number ≥ 1, not ${roundsOption}`);
}

interface Results {
  machine: { node: string; harnessNode: string; runtime: string; cpus: string; cores: number; memoryGiB: number };
  quick: boolean;
  sizes: BuiltArtifact[];
  coldStart: ColdStartSeries[];
  /** HistoryFunction against the bare consumer, each answering one stream batch of one INSERT. */
  consumerColdStart: ColdStartSeries[];
  imports: ImportCost[];
  /** Absent in a --cold run, as are the ones below. */
  warm?: WarmResult;
  http?: HttpLoadResult[];
  listCost?: ListCostResult[];
  queryCost?: QueryCostRow[];
  historyLag?: HistoryLag;
  /** HistoryFunction warm, answering batches of one record and of a full batch: its part of a write's bill. */
  historyWarm?: HistoryWarmResult;
  /** The cost per million requests of each warm operation, behind each front, with the prices it used. */
  bill?: Bill;
  budgets: BudgetCheck[];
}

/** The cold-start rows, by role (the order `measureColdStarts` is given them in). */
const COLD = { bare: 0, empty: 1, defaults: 2, tracingOff: 3, defaultsThroughHook: 4 } as const;

async function main(): Promise<void> {
  const started = performance.now();
  // This process's own SDK clients talk to DynamoDB Local, which takes any credentials; and the SDK's
  // notice about Node 20 concerns this machine, not the benchmark.
  Object.assign(process.env, standInAwsVariables());
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  const say = (line: string): void => void process.stderr.write(`${line}\n`);
  if (queryOnly) return queryCostOnly(started, say);
  say(`Building (${quick ? 'quick run' : 'full run'}) …`);
  const sizes = await buildArtifacts();
  const dynamoDb = await startDynamoDbLocal();
  const scratch = await mkdtemp(join(tmpdir(), 'items-api-bench-events-'));
  const clients = setupClients(dynamoDb.endpoint, REGION);
  try {
    // The item every GET reads is in the warm POST's shape (a category among its fields); the others are plain.
    const { tablePrefix, tableName, ids } = await seededTable(clients, 'bench', PLAN.seed, (i) =>
      i === 0 ? { ...BENCH_ITEM } : plainItem(i),
    );
    const target = { endpoint: dynamoDb.endpoint, region: REGION, tableName, itemId: ids[0]! };
    await ensureHistoryTable(clients.dynamoDb, historyTableFor(tablePrefix));
    const variants = await prepareVariants(BUILD_DIR, dynamoDb.endpoint, tablePrefix, REGION);
    const { node } = variants;
    try {
      say(`Cold starts on Node.js ${node.version}: ${PLAN.rounds} fresh processes per variant, interleaved …`);
      const coldEvents = await writeEvents(scratch, 'cold', [{ name: 'get', event: restEvent('GET', `/items/${target.itemId}`) }]);
      const coldStart = await measureColdStarts(
        node,
        [variants.bare, variants.empty, variants.defaults, variants.tracingOff, variants.defaultsThroughHook, variants.bareWithoutFetch],
        coldEvents,
        PLAN.rounds,
      );
      say(`Stream consumer cold starts: ${PLAN.rounds} fresh processes per variant, interleaved, each writing an entry of its own …`);
      const consumerColdStart = await measureConsumerColdStarts(
        node,
        { bare: variants.bareConsumer, consumer: variants.historyConsumer },
        clients,
        { region: REGION, tableName, historyTableName: historyTableFor(tablePrefix), ids: ids.slice(1) },
        scratch,
        PLAN.rounds,
      );
      say(`Module imports: ${PLAN.importRounds} fresh processes per module …`);
      const imports = await measureModuleImports(node, variants.tracingOff, PLAN.importRounds);
      const rest: Pick<Results, 'warm' | 'http' | 'listCost' | 'queryCost' | 'historyLag' | 'historyWarm'> = coldOnly
        ? {}
        : await measureWarmPath(
            variants,
            scratch,
            { ...target, historyTableName: historyTableFor(tablePrefix) },
            clients,
            dynamoDb.endpoint,
          );
      const bill =
        rest.warm &&
        billOf(
          rest.warm,
          OPERATION_NAMES,
          await functionSize(TEMPLATE_FILE, FUNCTION_ID),
          PRICES,
          rest.historyWarm && {
            of: 'post',
            function: await functionSize(TEMPLATE_FILE, HISTORY_FUNCTION_ID),
            measured: rest.historyWarm,
          },
        );

      const results: Results = {
        machine: {
          node: node.version,
          harnessNode: process.version,
          runtime: `nodejs${node.version.slice(1).split('.')[0]}.x`,
          cpus: cpus()[0]?.model ?? 'unknown',
          cores: cpus().length,
          memoryGiB: Math.round(totalmem() / 2 ** 30),
        },
        quick,
        sizes,
        coldStart,
        consumerColdStart,
        imports,
        ...rest,
        ...(bill && { bill }),
        budgets: [],
      };
      results.budgets = budgets(results);
      console.log(render(results));
      await save(results);
      say(`Done in ${((performance.now() - started) / 1000).toFixed(0)} s.`);
      const failures = Object.entries(
        Object.assign(
          {},
          ...coldStart.map((s) => s.statuses),
          ...consumerColdStart.map((s) => s.statuses),
          rest.warm?.statuses,
          rest.historyWarm?.statuses,
        ),
      ).filter(([status]) => !/ (200|201|204|0 failed)$/.test(status));
      if (failures.length > 0) throw new Error(`Some invocations did not succeed: ${JSON.stringify(Object.fromEntries(failures))}`);
      const httpFailures = (rest.http ?? []).filter((run) => run.non2xx > 0 || run.errors > 0);
      if (httpFailures.length > 0) throw new Error(`The HTTP load got errors: ${JSON.stringify(httpFailures)}`);
    } finally {
      await variants.dispose();
    }
  } finally {
    clients.dynamoDb.destroy();
    await rm(scratch, { recursive: true, force: true });
    await dynamoDb.stop();
  }
}

async function measureWarmPath(
  variants: Variants,
  scratch: string,
  target: Parameters<typeof measureWarm>[3] & { historyTableName: string },
  clients: ReturnType<typeof setupClients>,
  endpoint: string,
): Promise<Required<Pick<Results, 'warm' | 'http' | 'listCost' | 'queryCost' | 'historyLag' | 'historyWarm'>>> {
  const { node } = variants;
  const say = (line: string): void => void process.stderr.write(`${line}\n`);
  say(`Warm invocations: ${PLAN.warm.get} GET, ${PLAN.warm.post} POST, ${PLAN.warm.list} LIST …`);
  const warm = await measureWarm(node, variants.tracingOff, scratch, target, PLAN.warm);
  const { single, full } = PLAN.historyWarm;
  say(`HistoryFunction warm: ${single} batches of one record, ${full} of ${BATCH_SIZE}, each PutItem replayed for its units …`);
  const historyWarm = await measureHistoryWarm(node, variants.historyConsumer, clients, scratch, target, PLAN.historyWarm);
  say(`HTTP: ${PLAN.httpSeconds} s at c=1 and c=10 …`);
  const http = await measureHttp(node, target, [1, 10], PLAN.httpSeconds);
  say(`List cost at ${PLAN.listSizes.join(' and ')} items …`);
  const listCost = await measureListCost(clients, endpoint, REGION, PLAN.listSizes);
  const queryCost = await measureQueryCostSaying(clients, endpoint);
  const { writes, paceMs } = PLAN.history;
  say(`History lag: ${writes} writes, one every ${paceMs} ms, through the stream mapping in process, then through the runner …`);
  const historyLag = await measureHistoryLags(clients, endpoint, REGION, PLAN.history);
  return { warm, http, listCost, queryCost, historyLag, historyWarm };
}

function measureQueryCostSaying(clients: ReturnType<typeof setupClients>, endpoint: string): Promise<QueryCostRow[]> {
  process.stderr.write(`Query against scan at ${PLAN.querySizes.join(' and ')} items, ${PLAN.queryRuns} runs each …\n`);
  return measureQueryCost(clients, endpoint, REGION, PLAN.querySizes, PLAN.queryRuns);
}

/** `--query-cost`: DynamoDB Local and the query-against-scan table alone, written to .bench/latest-query.json. */
async function queryCostOnly(started: number, say: (line: string) => void): Promise<void> {
  const dynamoDb = await startDynamoDbLocal();
  const clients = setupClients(dynamoDb.endpoint, REGION);
  try {
    const queryCost = await measureQueryCostSaying(clients, dynamoDb.endpoint);
    console.log(renderQueryCost(queryCost));
    const dir = join(PROJECT_ROOT, '.bench');
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'latest-query.json'), `${JSON.stringify({ quick, queryCost }, null, 2)}\n`);
    say(`Done in ${((performance.now() - started) / 1000).toFixed(0)} s.`);
  } finally {
    clients.dynamoDb.destroy();
    await dynamoDb.stop();
  }
}

/**
 * Query against scan: per page, and how each grows from the smallest table to the largest. The query's
 * RCU ratio is the check that its cost does not grow with the table (1.00× when it holds).
 */
function renderQueryCost(rows: QueryCostRow[]): string {
  const sizes = [...new Set(rows.map((r) => r.tableItems))];
  const [small, large] = [sizes[0]!, sizes[sizes.length - 1]!];
  const find = (way: QueryCostRow['way'], size: number) => rows.find((r) => r.way === way && r.tableItems === size)!;
  const ratioHeader = `${large / 1000}k/${small / 1000}k RCU`;
  const timeRatioHeader = `${large / 1000}k/${small / 1000}k time`;
  const { category, price } = QUERY_FILTER;
  const body = rows.map((r) => {
    const base = find(r.way, small);
    const isLarge = r.tableItems === large && large !== small;
    return [
      r.way === 'query' ? 'query on byCategory' : 'scan with filter',
      r.tableItems.toLocaleString('en-US'),
      r.capacityPerPage.toFixed(1),
      ms(median(r.pageMs), 2),
      String(r.callsPerPage),
      String(r.itemsRead),
      String(r.matches),
      isLarge ? `${(r.capacityPerPage / base.capacityPerPage).toFixed(2)}×` : '',
      isLarge ? `${(median(r.pageMs) / median(base.pageMs)).toFixed(2)}×` : '',
    ];
  });
  const check = find('query', large).capacityPerPage / find('query', small).capacityPerPage;
  return [
    table(
      `Query against scan: one page of 100 items of category=${category}, price ≥ ${price.gte} and < ${price.lt} ` +
        `(time: median of ${rows[0]?.pageMs.length ?? 0} runs, interleaved); read capacity as DynamoDB reports it`,
      ['read', 'items in table', 'RCU per page', 'time per page', 'calls', 'items read', 'matches', ratioHeader, timeRatioHeader],
      body,
    ),
    `Query cost against table size (RCU per page, ${large.toLocaleString('en-US')} / ${small.toLocaleString('en-US')} items): ` +
      `${check.toFixed(2)}× — ${Math.abs(check - 1) < 0.05 ? 'does not grow with the table' : 'GROWS with the table'}`,
  ].join('\n');
}

/** The consumers' cold-start rows, by role (as `measureConsumerColdStarts` returns them). */
const CONSUMER_COLD = { bare: 0, consumer: 1 } as const;

/**
 * Issue 20's budgets, each a ratio within one interleaved run (or a size), printed with whether each is
 * met. None fails the run: a `--quick` run (CI's) has too few processes for its timings to be a verdict.
 */
function budgets(results: Results): BudgetCheck[] {
  const cold = (row: keyof typeof COLD) => results.coldStart[COLD[row]]!;
  const consumer = (row: keyof typeof CONSUMER_COLD) => results.consumerColdStart[CONSUMER_COLD[row]]!;
  const wall = (series: ColdStartSeries): number => median(series.wallMs);
  const rss = (series: ColdStartSeries): number => median(series.maxRssKb);
  const times = (value: number): string => `${value.toFixed(2)}×`;
  const zip = (id: string): number => results.sizes.find((artifact) => artifact.id === id)?.zipBytes ?? Number.NaN;
  const kb = (value: number): string => `${(value / 1000).toFixed(1)} KB`;
  const mb = (value: number): string => `${(value / 1_000_000).toFixed(2)} MB`;
  const coldChecks = [
    check(
      'cold start, API function, tracing on (template defaults), vs bare job (median wall; layer resolved natively)',
      wall(cold('defaults')) / wall(cold('bare')),
      1.3,
      times,
    ),
    check(
      'cold start, API function, tracing off, vs bare job (median wall; natively)',
      wall(cold('tracingOff')) / wall(cold('bare')),
      1.25,
      times,
    ),
    // Lambda resolves natively (docs/build-and-layer.md: documented behaviour, mechanism inferred from
    // its stack traces); the hook's way is held to the same budget, as it is reported too.
    check(
      'cold start, API function, tracing on, vs bare job (median wall; layer resolved through the hook)',
      wall(cold('defaultsThroughHook')) / wall(cold('bare')),
      1.3,
      times,
    ),
    check(
      'cold start, history consumer (one batch of one record), vs bare consumer (median wall)',
      wall(consumer('consumer')) / wall(consumer('bare')),
      1.3,
      times,
    ),
  ];
  const sizeChecks = [
    check('cold peak RSS, API function (template defaults), vs bare job', rss(cold('defaults')) / rss(cold('bare')), 1.3, times),
    check('cold peak RSS, history consumer, vs bare consumer', rss(consumer('consumer')) / rss(consumer('bare')), 1.3, times),
    check('function zip, ItemsFunction', zip(FUNCTION_ID), 50_000, kb),
    check('function zip, HistoryFunction', zip(HISTORY_FUNCTION_ID), 50_000, kb),
    check('layer zip', zip(LAYER_ID), 1_500_000, mb),
  ];
  const { warm, http } = results;
  if (!warm || !http) return [...coldChecks, ...sizeChecks];
  const get = { overhead: warm.overhead.get, handler: warm.handler.get, sdk: warm.sdk.get };
  const c10 = http.find((run) => run.connections === 10);
  return [
    ...coldChecks,
    check('handler overhead p50 (GET /items/{id}, beyond its identical DynamoDB request)', median(get.overhead), 0.3, (v) => ms(v, 2)),
    check(
      'handler p99 added (GET /items/{id}, beyond its identical DynamoDB request)',
      percentile(get.handler, 99) - percentile(get.sdk, 99),
      2,
      (v) => ms(v, 2),
    ),
    check('HTTP GET by id, c=10', c10?.requestsPerSecond ?? 0, 700, (v) => `${v.toFixed(0)} req/s`, true),
    ...sizeChecks,
  ];
}

const OPERATION_NAMES = { get: 'GET /items/{id}', post: 'POST /items', list: 'GET /items?limit=100' } as const;

/** The requests a warm operation's pairs replay: each operation with its parameters (a create's with a fresh id). */
function pairedRequests(requests: WireRequest[]): string {
  return requests.map((r) => `${r.operation} { ${Object.keys(JSON.parse(r.body) as object).join(', ')} }`).join(', then ') || 'nothing';
}

function render(results: Results): string {
  const sections: string[] = [];
  const m = results.machine;
  sections.push(
    `Items API benchmark${results.quick ? ' (--quick: smoke run, few iterations)' : ''} — Node.js ${m.node} (the template's ${m.runtime}; ` +
      `harness on ${m.harnessNode}), ${m.cores} × ${m.cpus}, ${m.memoryGiB} GiB, DynamoDB Local on loopback`,
  );
  const bare = median(results.coldStart[COLD.bare]!.wallMs);
  const empty = median(results.coldStart[COLD.empty]!.wallMs);
  sections.push(
    table(
      `Cold start: a fresh process loads the handler and answers GET /items/{id} (${results.coldStart[0]!.wallMs.length} runs each, interleaved)`,
      [...COLD_START_HEADER, '× bare job', '× empty'],
      [
        ...results.coldStart.map((s) => coldStartRow(s, [bare, empty])),
        ['reference (FastAPI + Mangum; issue figures)', `${REFERENCE.coldStartMs} ms`, '', '', '', '', '7.2×', ''],
      ],
    ),
  );
  sections.push(renderConsumerColdStarts(results.consumerColdStart));
  sections.push(
    table(
      `Imports: each module the handler imports, alone, from the layer, in a fresh process (${results.imports[0]?.ms.length ?? 0} runs each; they overlap)`,
      ['module', 'import p50', 'min–max'],
      results.imports.map((cost) => {
        const [low, high] = spread(cost.ms);
        return [cost.what, ms(median(cost.ms)), `${low.toFixed(0)}–${high.toFixed(0)} ms`];
      }),
    ),
  );
  const { warm, http, listCost } = results;
  const ops = ['get', 'post', 'list'] as const;
  if (warm)
    sections.push(
      table(
        'Warm invocations in one process (tracing off): the handler, each call paired with its identical DynamoDB request ' +
          "(the handler's own, recorded off the wire and replayed by the store's client alone; bodies checked byte for byte); " +
          'REST API and HTTP API (payload 2.0) events alternating in blocks of ten',
        ['operation', 'n', 'handler p50', 'p90', 'p99', 'client p50', 'client p99', 'overhead p50', 'p99 added'],
        [
          ...ops.flatMap((op) =>
            (['REST API event', 'HTTP API event (2.0)'] as const).map((format) => {
              const series = format === 'REST API event' ? warm : warm.httpApi;
              const h = series.handler[op];
              const s = series.sdk[op];
              const o = series.overhead[op];
              return [
                `${OPERATION_NAMES[op]}, ${format}`,
                String(h.length),
                ms(median(h), 2),
                ms(percentile(h, 90), 2),
                ms(percentile(h, 99), 2),
                ms(median(s), 2),
                ms(percentile(s, 99), 2),
                ms(median(o), 2),
                ms(percentile(h, 99) - percentile(s, 99), 2),
              ];
            }),
          ),
          ['reference GET (issue figures)', '', ms(REFERENCE.warmGetP50Ms), '', ms(REFERENCE.warmGetP99Ms), '', '', '', ''],
        ],
      ) +
        '\n' +
        ops.map((op) => `paired with ${OPERATION_NAMES[op]}: ${pairedRequests(warm.requests[op])}`).join('\n'),
    );
  if (results.bill)
    sections.push(
      renderBill(
        results.bill,
        `POST /items creates ${JSON.stringify(BENCH_ITEM)} (a category, so byCategory is written too); ` +
          'GET /items/{id} reads a seeded item of the same fields; the list reads plain seeded items (no category)',
      ),
    );
  if (http)
    sections.push(
      table(
        `HTTP: the Node server under autocannon, GET /items/{id}, loopback`,
        ['connections', 'req/s', 'latency p50', 'latency p99', 'non-2xx', 'errors'],
        [
          ...http.map((r) => [
            String(r.connections),
            r.requestsPerSecond.toFixed(0),
            ms(r.latencyP50Ms),
            ms(r.latencyP99Ms),
            String(r.non2xx),
            String(r.errors),
          ]),
          ['reference (uvicorn; issue figures)', REFERENCE.requestsPerSecond, '', '', '', ''],
        ],
      ),
    );
  sections.push(
    table(
      'Sizes',
      ['artifact', 'zip', 'unzipped', 'files'],
      results.sizes.map((a) => [
        a.id,
        `${(a.zipBytes / 1024).toFixed(1)} KiB`,
        `${(a.unzippedBytes / 1024).toFixed(1)} KiB`,
        String(a.files),
      ]),
    ),
  );
  if (listCost)
    sections.push(
      table(
        'List cost: one page of 100 (the second), read capacity as DynamoDB reports it',
        ['items in table', 'read units per page', 'DynamoDB calls'],
        listCost.map((r) => [String(r.tableItems), r.capacityPerPage.toFixed(1), String(r.callsPerPage)]),
      ),
    );
  if (results.queryCost) sections.push(renderQueryCost(results.queryCost));
  if (results.historyLag) sections.push(renderHistoryLag(results.historyLag));
  sections.push(
    table(
      `Budgets${results.quick ? ' (--quick: too few runs for a verdict on timings)' : ''}; none fails the run`,
      ['budget', 'measured', 'limit', 'met'],
      results.budgets.map((b) => [b.name, b.measured, b.budget, b.met ? 'yes' : 'NO']),
    ),
  );
  return sections.join('\n\n');
}

async function save(results: Results): Promise<void> {
  const dir = join(PROJECT_ROOT, '.bench');
  await mkdir(dir, { recursive: true });
  const json = `${JSON.stringify(results, null, 2)}\n`;
  await writeFile(join(dir, `${new Date().toISOString().replaceAll(':', '-')}${results.quick ? '-quick' : ''}.json`), json);
  await writeFile(join(dir, results.quick ? 'latest-quick.json' : results.warm ? 'latest.json' : 'latest-cold.json'), json);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exitCode = 1;
});
