/**
 * Checks a log line against CloudWatch's embedded metric format specification
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html),
 * the rules CloudWatch applies before it extracts any metric. Written by hand: no library validates EMF.
 */
const UNITS = new Set([
  'Seconds',
  'Microseconds',
  'Milliseconds',
  'Bytes',
  'Kilobytes',
  'Megabytes',
  'Gigabytes',
  'Terabytes',
  'Bits',
  'Kilobits',
  'Megabits',
  'Gigabits',
  'Terabits',
  'Percent',
  'Count',
  'Bytes/Second',
  'Kilobytes/Second',
  'Megabytes/Second',
  'Gigabytes/Second',
  'Terabytes/Second',
  'Bits/Second',
  'Kilobits/Second',
  'Megabits/Second',
  'Gigabits/Second',
  'Terabits/Second',
  'Count/Second',
  'None',
]);

export interface EmfDocument {
  _aws: {
    Timestamp: number;
    CloudWatchMetrics: { Namespace: string; Dimensions: string[][]; Metrics: { Name: string; Unit?: string }[] }[];
  };
  [member: string]: unknown;
}

/** The line as an EMF document; throws listing every rule it breaks. */
export function parseEmf(line: string): EmfDocument {
  const document = JSON.parse(line) as Record<string, unknown>;
  const problems: string[] = [];
  const aws = document._aws as Record<string, unknown> | undefined;
  if (typeof aws !== 'object' || aws === null) throw new Error(`no _aws metadata object: ${line}`);
  if (!Number.isInteger(aws.Timestamp) || (aws.Timestamp as number) <= 0) problems.push('_aws.Timestamp must be epoch milliseconds');
  const directives = aws.CloudWatchMetrics;
  if (!Array.isArray(directives) || directives.length === 0) problems.push('_aws.CloudWatchMetrics must be a non-empty array');
  for (const directive of Array.isArray(directives) ? directives : []) {
    const { Namespace, Dimensions, Metrics } = directive as Record<string, unknown>;
    if (typeof Namespace !== 'string' || Namespace.length === 0 || Namespace.length > 1024)
      problems.push('Namespace must be 1–1024 characters');
    if (!Array.isArray(Dimensions)) problems.push('Dimensions must be an array of dimension sets');
    for (const set of Array.isArray(Dimensions) ? Dimensions : []) {
      if (!Array.isArray(set) || set.length > 30) problems.push('a dimension set must be an array of at most 30 keys');
      for (const key of Array.isArray(set) ? set : []) {
        const value = document[key as string];
        if (typeof value !== 'string' || value.length === 0 || value.length > 1024)
          problems.push(`dimension ${String(key)} must be a string member of 1–1024 characters`);
      }
    }
    if (!Array.isArray(Metrics) || Metrics.length === 0 || Metrics.length > 100) problems.push('Metrics must list 1–100 metrics');
    for (const metric of Array.isArray(Metrics) ? Metrics : []) {
      const { Name, Unit, StorageResolution } = metric as Record<string, unknown>;
      if (typeof Name !== 'string' || Name.length === 0 || Name.length > 1024) problems.push('a metric Name must be 1–1024 characters');
      if (Unit !== undefined && !UNITS.has(Unit as string)) problems.push(`metric ${String(Name)} has an unknown Unit ${String(Unit)}`);
      if (StorageResolution !== undefined && StorageResolution !== 1 && StorageResolution !== 60)
        problems.push(`metric ${String(Name)} StorageResolution must be 1 or 60`);
      const value = document[Name as string];
      const values = Array.isArray(value) ? value : [value];
      if (values.length === 0 || values.length > 100 || !values.every((v) => typeof v === 'number' && Number.isFinite(v))) {
        problems.push(`metric ${String(Name)} must be a number (or up to 100 numbers) at the root`);
      }
    }
  }
  if (problems.length > 0) throw new Error(`not valid EMF (${problems.join('; ')}): ${line}`);
  return document as EmfDocument;
}

/** `{ Requests: 1, Latency: 3.2, … }`: the metrics a document carries, by name. */
export function metricValues(document: EmfDocument): Record<string, unknown> {
  const names = document._aws.CloudWatchMetrics.flatMap(({ Metrics }) => Metrics.map(({ Name }) => Name));
  return Object.fromEntries(names.map((name) => [name, document[name]]));
}

/** What a captured process wrote apart: its log lines (JSON, not EMF), and its EMF documents, each checked. */
export function logLinesOf(output: { json(): Record<string, unknown>[] }): Record<string, unknown>[] {
  return output.json().filter((line) => !('_aws' in line));
}

export function emfDocumentsOf(output: { lines(): string[] }): EmfDocument[] {
  return output
    .lines()
    .filter((line) => line.includes('"_aws"'))
    .map(parseEmf);
}
