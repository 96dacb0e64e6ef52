import { createSocket } from 'node:dgram';

/** A segment or subsegment document as the X-Ray SDK sends it to the daemon. */
export interface XraySegment {
  id: string;
  name: string;
  trace_id?: string;
  parent_id?: string;
  type?: string;
  namespace?: string;
  start_time: number;
  end_time?: number;
  in_progress?: boolean;
  annotations?: Record<string, unknown>;
  aws?: Record<string, unknown>;
  http?: Record<string, unknown>;
  subsegments?: XraySegment[];
  [field: string]: unknown;
}

export interface FakeXrayDaemon {
  /** `127.0.0.1:<port>`, for `AWS_XRAY_DAEMON_ADDRESS`. */
  address: string;
  /** Every document received so far, nested subsegments flattened out. */
  segments(): XraySegment[];
  close(): Promise<void>;
}

/**
 * Listens where the X-Ray daemon would, on UDP, and keeps what the SDK sends: each datagram is a
 * header line (`{"format":"json","version":1}`) and one segment document.
 */
export async function startFakeXrayDaemon(): Promise<FakeXrayDaemon> {
  const received: XraySegment[] = [];
  const socket = createSocket('udp4');
  socket.on('message', (message) => {
    const [header, body] = message.toString('utf8').split('\n');
    if (!header?.includes('"format"') || !body) return;
    const flatten = (segment: XraySegment): XraySegment[] => [segment, ...(segment.subsegments ?? []).flatMap(flatten)];
    received.push(...flatten(JSON.parse(body) as XraySegment));
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  return {
    address: `127.0.0.1:${socket.address().port}`,
    segments: () => [...received],
    close: () => new Promise((resolve) => socket.close(() => resolve())),
  };
}
