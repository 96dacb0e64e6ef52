import { randomBytes } from 'node:crypto';

export type AnnotationValue = string | number | boolean;

/** What a failed subsegment records of its error, as the X-Ray SDK records it. */
export interface Cause {
  name: string;
  message: string;
  stack?: string;
  /** True when the error came back from a called service (DynamoDB), not from this code. */
  remote?: boolean;
}

/** A segment or subsegment document as the X-Ray daemon takes it (the X-Ray segment document's fields). */
export interface SubsegmentDocument {
  id: string;
  name: string;
  trace_id: string;
  /** A subsegment's always; a segment's when the trace came with a caller's segment. */
  parent_id?: string;
  /** Set on a subsegment sent on its own; a segment has none. */
  type?: 'subsegment';
  start_time: number;
  end_time: number;
  namespace?: 'aws' | 'remote';
  annotations?: Record<string, AnnotationValue>;
  aws?: Record<string, unknown>;
  http?: Record<string, unknown>;
  error?: true;
  fault?: true;
  throttle?: true;
  cause?: { exceptions: { id: string; type: string; message: string; remote?: true; stack: { label: string }[] }[] };
}

/**
 * One timed piece of an invocation. It is sent on its own when it closes, naming its parent, as the
 * X-Ray SDK sends subsegments in Lambda (where the function's segment is Lambda's). On the Node
 * server, where no one else records the request, the request's own piece is a segment
 * (`kind: 'segment'`, its parent the caller's, if any) and its calls are subsegments of it.
 */
export class Subsegment {
  readonly id = randomBytes(8).toString('hex');
  readonly #startTime = Date.now() / 1000;
  readonly #fields: Partial<SubsegmentDocument> = {};
  readonly #annotations: Record<string, AnnotationValue> = {};

  constructor(
    readonly name: string,
    readonly traceId: string,
    readonly parentId: string | undefined,
    readonly sampled: boolean,
    readonly onClose: (document: SubsegmentDocument) => void,
    readonly kind: 'segment' | 'subsegment' = 'subsegment',
  ) {}

  child(name: string): Subsegment {
    return new Subsegment(name, this.traceId, this.id, this.sampled, this.onClose);
  }

  annotate(key: string, value: AnnotationValue): void {
    this.#annotations[key] = value;
  }

  set(fields: Pick<SubsegmentDocument, 'namespace' | 'aws' | 'http'>): void {
    Object.assign(this.#fields, fields);
  }

  flag(flag: 'error' | 'fault' | 'throttle'): void {
    this.#fields[flag] = true;
  }

  /** Ends it (with the error that ended it) and sends it, when the invocation is sampled. */
  close(cause?: Cause): void {
    if (!this.sampled) return;
    const annotations = Object.keys(this.#annotations).length > 0 ? { annotations: this.#annotations } : {};
    this.onClose({
      id: this.id,
      name: this.name,
      trace_id: this.traceId,
      ...(this.parentId && { parent_id: this.parentId }),
      ...(this.kind === 'subsegment' && { type: 'subsegment' as const }),
      start_time: this.#startTime,
      end_time: Date.now() / 1000,
      ...this.#fields,
      ...annotations,
      ...(cause && { cause: causeOf(cause) }),
    });
  }
}

function causeOf({ name, message, stack, remote }: Cause): NonNullable<SubsegmentDocument['cause']> {
  // The stack's frames, as the SDK lists them (at most 10), the message line left out.
  const frames = (stack ?? '')
    .split('\n')
    .slice(1, 11)
    .map((line) => ({ label: line.trim().replace(/^at /, '') }));
  return {
    exceptions: [{ id: randomBytes(8).toString('hex'), type: name, message, ...(remote && { remote: true as const }), stack: frames }],
  };
}
