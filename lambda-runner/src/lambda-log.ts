/** Lambda's platform log lines, as CloudWatch shows them for a function. */

export interface Report {
  requestId: string;
  durationMs: number;
  memorySizeMb: number;
  maxMemoryUsedMb: number;
  /** Only on the first invocation of an execution environment (a cold start). */
  initDurationMs?: number;
  /** `timeout`, `error` when the environment failed; absent when the handler answered. */
  status?: string;
  errorType?: string;
  /** A sampled invocation's trace and the function's segment in it. */
  xray?: { traceId: string; segmentId: string };
}

/**
 * Lambda's first line of an execution environment. Lambda names its runtime build
 * (`nodejs:24.v12`); here, the Node.js that runs it.
 */
export function initStartLine(runtime: string, nodeVersion: string): string {
  return `INIT_START Runtime Version: ${runtime.replace(/^nodejs(\d+)\.x$/, 'nodejs:$1')} (Node.js ${nodeVersion})`;
}

export function startLine(requestId: string): string {
  return `START RequestId: ${requestId} Version: $LATEST`;
}

export function endLine(requestId: string): string {
  return `END RequestId: ${requestId}`;
}

export function reportLine(report: Report): string {
  const fields = [
    `REPORT RequestId: ${report.requestId}`,
    `Duration: ${report.durationMs.toFixed(2)} ms`,
    `Billed Duration: ${Math.ceil(report.durationMs + (report.initDurationMs ?? 0))} ms`,
    `Memory Size: ${report.memorySizeMb} MB`,
    `Max Memory Used: ${report.maxMemoryUsedMb} MB`,
  ];
  if (report.initDurationMs !== undefined) fields.push(`Init Duration: ${report.initDurationMs.toFixed(2)} ms`);
  if (report.status) fields.push(`Status: ${report.status}`);
  if (report.errorType) fields.push(`Error Type: ${report.errorType}`);
  if (report.xray) fields.push(`XRAY TraceId: ${report.xray.traceId}`, `SegmentId: ${report.xray.segmentId}`, 'Sampled: true');
  return `${fields.join('\t')}\t`;
}

export function timeoutLine(requestId: string, timeoutSeconds: number, now = new Date()): string {
  return `${now.toISOString()} ${requestId} Task timed out after ${timeoutSeconds.toFixed(2)} seconds`;
}

/** Lambda's line when loading the handler takes longer than the init phase may. */
export function initTimeoutLine(initDurationMs: number): string {
  return `INIT_REPORT Init Duration: ${initDurationMs.toFixed(2)} ms\tPhase: init\tStatus: timeout`;
}
