import type { Socket } from 'node:dgram';
import type { SubsegmentDocument } from './subsegment.js';

const HEADER = '{"format":"json","version":1}\n';
const DEFAULT_ADDRESS = '127.0.0.1:2000';

/** Sends documents to the X-Ray daemon over UDP, as the X-Ray SDK does: a header line, then the document. */
export type SendDocument = (document: SubsegmentDocument) => void;

/**
 * `AWS_XRAY_DAEMON_ADDRESS` is `host:port`, or `tcp:host:port udp:host:port` (the UDP one is used). A
 * datagram is handed to the system at once; the socket never keeps the process alive.
 */
export function daemonSender(createSocket: (type: 'udp4') => Socket, address = DEFAULT_ADDRESS): SendDocument {
  const { host, port } = udpAddress(address);
  let socket: Socket | undefined;
  return (document) => {
    if (!socket) {
      socket = createSocket('udp4');
      socket.unref();
      // A lost trace must never fail an invocation.
      socket.on('error', () => undefined);
    }
    socket.send(`${HEADER}${JSON.stringify(document)}`, port, host);
  };
}

export function udpAddress(address: string): { host: string; port: number } {
  const udp =
    address
      .split(/\s+/)
      .find((part) => part.startsWith('udp:'))
      ?.slice('udp:'.length) ?? address;
  const at = udp.lastIndexOf(':');
  const port = Number(udp.slice(at + 1));
  if (at <= 0 || !Number.isInteger(port) || port <= 0 || port > 65_535) {
    throw new Error(`AWS_XRAY_DAEMON_ADDRESS must be host:port (or "tcp:host:port udp:host:port"), not "${address}"`);
  }
  return { host: udp.slice(0, at), port };
}
