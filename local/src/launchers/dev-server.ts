import { spawn } from 'node:child_process';
import { stopProcess } from '@items-api/dynamodb-local/stop-process';

/** The line the Node server prints once it listens (function/src/entry/server.ts). */
const LISTENING = /listening on (http:\/\/\S+)/;

export interface ServerRun {
  /** Resolves once the server listens (with its URL), or failed to start (with what it printed). */
  ready: Promise<{ url: string } | { failure: string }>;
  stop(): Promise<void>;
}

/**
 * The API's Node server in a child process of its own (tsx, from the sources), so that a reload is a
 * fresh process with every module loaded anew, and a syntax error in a source kills only the child.
 */
export function runServer(entry: string, cwd: string, env: NodeJS.ProcessEnv): ServerRun {
  const child = spawn(process.execPath, ['--import', 'tsx', '--conditions=source', entry], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  let listening = false;
  const ready = new Promise<{ url: string } | { failure: string }>((resolve) => {
    const read = (chunk: Buffer) => {
      const text = chunk.toString();
      // Once it serves, its own lines (logs, errors) are the developer's to see.
      if (listening) return void process.stdout.write(text);
      output += text;
      const match = LISTENING.exec(output);
      if (match) {
        listening = true;
        resolve({ url: match[1]! });
      }
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    child.once('exit', () => resolve({ failure: output.trim() }));
  });
  return { ready, stop: () => stopProcess(child) };
}
