import type { ResourceNames } from './resource-names.js';

/** What the resource asks for besides its records: `history`, its changes kept (`--history`). */
export interface ResourceOptions {
  history?: boolean;
}

// The files and edits `npm run new:resource` makes: text, so that what it writes reads as if written
// by hand, each edit anchored on a line the project's own files carry (and refused when one is gone).

/** The declaration, the domain only: an example set of fields, for the user to make their own. */
export function declarationFile(
  { name, entity, variable, tableResource }: ResourceNames,
  { history = false }: ResourceOptions = {},
): string {
  const one = entity.toLowerCase();
  const keepsHistory = history
    ? `  // Every change of one of them is kept, written by HistoryFunction from ${tableResource}'s stream, and
  // served at GET /${name}/{id}/history.
  history: true,
`
    : '';
  return `import * as v from 'valibot';
import { defineResource } from '../resource.js';

// ${entity} records, made by \`npm run new:resource -- ${name}\`.
// The fields below are an example to make your own. Each field's schema types it, validates requests,
// writes its OpenAPI schema and tells the store to keep it. A declaration may also hold computed
// fields, unique fields, checks across fields and routes of its own (see ../resource.ts). Where it is
// kept, and its sample data, are declared beside it, in ${name}-table.ts. After a change, run
// \`npm run client:generate\` (the typed client follows the document).
export const ${variable} = defineResource({
  name: '${name}',
  entity: '${entity}',
  description: '${entity} records.',
  fields: {
    title: v.pipe(v.string(), v.minLength(1), v.maxLength(200), v.examples(['A ${one}'])),
    quantity: v.pipe(v.number(), v.safeInteger(), v.minValue(1), v.examples([2])),
    notes: v.optional(v.pipe(v.string(), v.maxLength(2000)), ''),
  },
  // An index lists the ${name} that share a value of one field, ordered by another (each a string field
  // that is never empty, or a number field). Uncommented, it also needs its global secondary index and
  // key attributes on ${tableResource} in infra/template.yaml, and the function's \`dynamodb:Query\` on
  // that index's ARN, as items have for \`byCategory\` (the template test asks for both).
  // indexes: { byTitle: { partition: 'title', sort: 'quantity' } },
${keepsHistory}});
`;
}

/** What tooling needs of it: the variable naming its table, and plausible records for seeding and tests. */
export function tableFile({ name, entity, variable, tableDeclaration, tableVariable }: ResourceNames): string {
  return `import { type Random, resourceTable } from '../resource-table.js';
import { ${variable} } from './${name}-resource.js';

// Where ${name} are kept, the table \`${tableVariable}\` names,
// and plausible ones for \`npm run seed\` and tests: \`sample\` is typed by the fields of
// ${name}-resource.ts, so that a change there shows here.
export const ${tableDeclaration} = resourceTable(${variable}, {
  tableVariable: '${tableVariable}',
  sample: (index: number, random: Random) => ({
    title: \`${entity} \${index}\`,
    quantity: 1 + Math.floor(random() * 9),
    notes: '',
  }),
});
`;
}

/** Its end-to-end test, run against the Node server and the packaged function like every e2e file. */
export function e2eTestFile({ name, entity }: ResourceNames): string {
  const one = entity.toLowerCase();
  const a = /^[aeiou]/.test(one) ? 'an' : 'a';
  return `import { afterAll, describe, expect, it } from 'vitest';
import { call, expectProblem, json } from './api.js';

// /${name}, made by \`npm run new:resource -- ${name}\`: its fields as declared, on the routes every
// resource gets. Adjust it with the fields.
const created = new Set<string>();
afterAll(() => Promise.all([...created].map((id) => call(\`${name}/\${id}\`, { method: 'DELETE' }))));

async function create(body: unknown): Promise<Response> {
  const response = await call('${name}', { method: 'POST', headers: json, body: JSON.stringify(body) });
  if (response.status === 201) created.add(((await response.clone().json()) as { id: string }).id);
  return response;
}

describe('/${name}', () => {
  it('creates, reads, replaces at its version, lists and deletes ${a} ${one}', async () => {
    const response = await create({ title: 'First', quantity: 2 });
    expect(response.status).toBe(201);
    const made = (await response.json()) as { id: string; version: number };
    expect(made).toMatchObject({ title: 'First', quantity: 2, notes: '', version: 1 });
    expect(response.headers.get('location')).toBe(\`${name}/\${made.id}\`);
    expect(response.headers.get('etag')).toBe('"1"');

    const read = await call(\`${name}/\${made.id}\`);
    expect(read.status).toBe(200);
    expect(await read.json()).toEqual(made);

    const body = JSON.stringify({ title: 'Second', quantity: 3 });
    const replaced = await call(\`${name}/\${made.id}\`, { method: 'PUT', headers: { ...json, 'if-match': '"1"' }, body });
    expect(replaced.status).toBe(200);
    expect(await replaced.json()).toMatchObject({ title: 'Second', quantity: 3, version: 2 });
    await expectProblem(await call(\`${name}/\${made.id}\`, { method: 'PUT', headers: { ...json, 'if-match': '"1"' }, body }), 412);

    const listed = (await (await call('${name}?limit=1000')).json()) as { id: string }[];
    expect(listed.map((item) => item.id)).toContain(made.id);

    expect((await call(\`${name}/\${made.id}\`, { method: 'DELETE' })).status).toBe(204);
    const gone = await expectProblem(await call(\`${name}/\${made.id}\`), 404);
    expect(gone.type).toBe('tag:items-api,2026:${one}-not-found');
  });

  it('refuses invalid fields with 422, naming each, and stores nothing', async () => {
    const problem = await expectProblem(await create({ title: '', quantity: 0 }), 422);
    expect((problem.errors as { path: string }[]).map((error) => error.path).sort()).toEqual(['quantity', 'title']);
  });
});
`;
}

interface Edit {
  file: string;
  /** The line the text goes before. */
  before: string;
  text: string;
}

/**
 * The edits to the template: the resource's table on AWS, the function's variable, its store's rights,
 * its alarm; and, for a resource that keeps history, its table's stream and HistoryFunction's reading of it.
 */
export function projectEdits(names: ResourceNames, { history = false }: ResourceOptions = {}): Edit[] {
  const { name, tableVariable, tableResource } = names;
  return [
    {
      file: 'infra/template.yaml',
      before: '          IDEMPOTENCY_TABLE_NAME: !Ref IdempotencyTable',
      text: `          ${tableVariable}: !Ref ${tableResource}\n`,
    },
    {
      file: 'infra/template.yaml',
      before: '            # Idempotency-Key records: read on a repeat, written with the item in one transaction.',
      text: [
        '            - Effect: Allow',
        '              Action:',
        '                - dynamodb:GetItem',
        '                - dynamodb:PutItem',
        '                - dynamodb:UpdateItem',
        '                - dynamodb:DeleteItem',
        '                - dynamodb:Scan',
        `              Resource: !GetAtt ${tableResource}.Arn`,
        '',
      ].join('\n'),
    },
    {
      file: 'infra/template.yaml',
      before: '  IdempotencyTableThrottlesAlarm:',
      text: throttlesAlarm(name, tableResource),
    },
    {
      file: 'infra/template.yaml',
      before: '        - !Ref IdempotencyTableThrottlesAlarm',
      text: `        - !Ref ${tableResource}ThrottlesAlarm\n`,
    },
    {
      file: 'infra/template.yaml',
      before: "  # One record per Idempotency-Key of POST /items, removed by DynamoDB's TTL after a day.",
      text: [
        `  # /${name}: made by \`npm run new:resource -- ${name}\`.`,
        `  ${tableResource}:`,
        '    Type: AWS::DynamoDB::Table',
        '    DeletionPolicy: Retain',
        '    UpdateReplacePolicy: Retain',
        '    Properties:',
        `      # An index ${name}-resource.ts declares goes here: its key attributes below, a GlobalSecondaryIndexes`,
        "      # entry (as ItemsTable's), and dynamodb:Query on its ARN in the function's policy.",
        '      AttributeDefinitions:',
        '        - AttributeName: id',
        '          AttributeType: S',
        '      KeySchema:',
        '        - AttributeName: id',
        '          KeyType: HASH',
        '      BillingMode: PAY_PER_REQUEST',
        '      PointInTimeRecoverySpecification:',
        '        PointInTimeRecoveryEnabled: true',
        ...(history
          ? [
              `      # Every change, with the record before and after it: what HistoryFunction makes its history of.`,
              '      StreamSpecification:',
              '        StreamViewType: NEW_AND_OLD_IMAGES',
            ]
          : []),
        '',
        '',
      ].join('\n'),
    },
    ...(history ? historyEdits(names) : []),
  ];
}

/** HistoryFunction reading a new resource's stream: its event, its right to read it, its table's variable. */
function historyEdits({ tableVariable, tableResource }: ResourceNames): Edit[] {
  const stream = `${tableResource.replace(/Table$/, '')}Stream`;
  return [
    {
      file: 'infra/template.yaml',
      before: '          # Where the history of every resource is written.',
      text: `          ${tableVariable}: !Ref ${tableResource}\n`,
    },
    {
      file: 'infra/template.yaml',
      before: "      # Its own role (HistoryFunctionRole), not the one SAM would make: SAM gives a DynamoDB event's",
      // ItemsStream's settings, which the template test holds every stream's to.
      text: [
        `        ${stream}:`,
        '          Type: DynamoDB',
        '          Properties:',
        `            Stream: !GetAtt ${tableResource}.StreamArn`,
        '            StartingPosition: TRIM_HORIZON',
        '            BatchSize: 100',
        '            MaximumBatchingWindowInSeconds: 0',
        '            FunctionResponseTypes:',
        '              - ReportBatchItemFailures',
        '            BisectBatchOnFunctionError: true',
        '            MaximumRetryAttempts: 5',
        '            MaximumRecordAgeInSeconds: 3600',
        '            DestinationConfig:',
        '              OnFailure:',
        '                Type: SQS',
        '                Destination: !GetAtt HistoryFailuresQueue.Arn',
        '',
      ].join('\n'),
    },
    {
      file: 'infra/template.yaml',
      before: '              # An entry is written once, by a conditional put: history is never read, changed or deleted here.',
      text: `                  - !Sub "\${${tableResource}.Arn}/stream/*"\n`,
    },
  ];
}

/** The table's throttle alarm, as the items table has one. */
function throttlesAlarm(name: string, tableResource: string): string {
  const metric = (id: string, metricName: string) => [
    `        - Id: ${id}`,
    '          MetricStat:',
    '            Metric:',
    '              Namespace: AWS/DynamoDB',
    `              MetricName: ${metricName}`,
    '              Dimensions:',
    '                - Name: TableName',
    `                  Value: !Ref ${tableResource}`,
    '            Period: 300',
    '            Stat: Sum',
    '          ReturnData: false',
  ];
  return [
    `  ${tableResource}ThrottlesAlarm:`,
    '    Type: AWS::CloudWatch::Alarm',
    '    Properties:',
    `      AlarmName: !Sub "\${AWS::StackName}-${name}-table-throttles"`,
    '      AlarmDescription: >-',
    `        DynamoDB throttled reads or writes of the ${name} table at least once in 5 minutes. On demand, that`,
    "        means traffic past twice its previous peak, a hot key, or the table's throughput limit; the client",
    '        retries, so requests slowed down first and got 503 (with Retry-After) only when the retries ran out.',
    '      Metrics:',
    ...metric('reads', 'ReadThrottleEvents'),
    ...metric('writes', 'WriteThrottleEvents'),
    '        - Id: throttles',
    '          Expression: FILL(reads, 0) + FILL(writes, 0)',
    '          Label: Throttled reads and writes',
    '          ReturnData: true',
    '      EvaluationPeriods: 1',
    '      Threshold: 1',
    '      ComparisonOperator: GreaterThanOrEqualToThreshold',
    '      TreatMissingData: notBreaching',
    '      AlarmActions: !If [HasAlarmEmail, [!Ref AlarmTopic], !Ref AWS::NoValue]',
    '      OKActions: !If [HasAlarmEmail, [!Ref AlarmTopic], !Ref AWS::NoValue]',
    '',
    '',
  ].join('\n');
}

/** `source` with each edit's text put before its anchor line; throws naming an anchor that is gone. */
export function applyEdits(file: string, source: string, edits: Edit[]): string {
  return edits
    .filter((edit) => edit.file === file)
    .reduce((text, { before, text: inserted }) => {
      const at = text.indexOf(`\n${before}\n`);
      if (at < 0) throw new Error(`${file} no longer has the line new:resource writes before: ${before}`);
      return text.slice(0, at + 1) + inserted + text.slice(at + 1);
    }, source);
}

const INDEX = 'function/src/resources/index.ts';

/**
 * `function/src/resources/index.ts` with the resource listed: imported and exported (Biome then sorts
 * those lines), its declaration last in `RESOURCES`, its table last in `RESOURCE_TABLES`.
 */
export function listResource(source: string, { name, variable, tableDeclaration }: ResourceNames): string {
  const modules = [
    [variable, `./${name}/${name}-resource.js`],
    [tableDeclaration, `./${name}/${name}-table.js`],
  ];
  let text = insertBefore(
    source,
    /^import /m,
    modules.map(([binding, from]) => `import { ${binding} } from '${from}';\n`).join(''),
    'an import',
  );
  text = insertBefore(
    text,
    /^export \{/m,
    modules.map(([binding, from]) => `export { ${binding} } from '${from}';\n`).join(''),
    'an `export { … } from`',
  );
  return appendTo(appendTo(text, 'RESOURCES', variable), 'RESOURCE_TABLES', tableDeclaration);
}

function insertBefore(source: string, line: RegExp, inserted: string, what: string): string {
  const at = line.exec(source)?.index;
  if (at === undefined) throw new Error(`${INDEX} no longer has ${what}, which new:resource writes beside.`);
  return source.slice(0, at) + inserted + source.slice(at);
}

/** `source` with `entry` added last to the list `export const <list> = [...]`, whatever follows it (`as const`, `satisfies`). */
function appendTo(source: string, list: string, entry: string): string {
  const found = new RegExp(`export const ${list} = \\[([^\\]]*)\\]`).exec(source);
  if (!found) throw new Error(`${INDEX} no longer declares \`export const ${list} = [...]\`.`);
  const entries = found[1]!
    .split(',')
    .map((one) => one.trim())
    .filter(Boolean);
  return source.replace(found[0], `export const ${list} = [${[...entries, entry].join(', ')}]`);
}
