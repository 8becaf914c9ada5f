/**
 * The server's control socket (protocol: control-protocol.ts): with the embedded database on disk,
 * `npm run backup`, `restore`, `export-data` and `import-data` run here, in the process that holds
 * it, on its own handle, with the very code the CLI runs (api/cli/). Loaded only by a
 * server on the embedded database on disk.
 *
 * A Unix domain socket, not a network port: mode 0600, so only the server's own OS user (or root)
 * can connect. A socket file left by a server that was killed is replaced: the folder lock
 * (db/folder-lock.ts) already makes this process the only server on DATA_DIR.
 *
 * Commands run one at a time, on the main thread's event loop like any API request. PGlite is one
 * session: a command's transaction (a restore, an import) holds PGlite's transaction mutex, which
 * every query outside it (the publisher's reads, API requests) waits for, so none of them sees it
 * half done.
 */
import { chmodSync, rmSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import type { Database } from '../../db/client.ts';
import type { Command, CommandHost } from '../cli/io.ts';
import type { BackupConfig } from './backup-config.ts';
import {
  type ControlCommand,
  type ControlReply,
  type ControlRequest,
  controlSocketPath,
  isControlCommand,
  MAX_REQUEST_BYTES,
} from './control-protocol.ts';

const COMMANDS: Record<ControlCommand, () => Promise<{ run: Command; USAGE: string }>> = {
  backup: () => import('../cli/backup.ts'),
  restore: () => import('../cli/restore.ts'),
  'export-data': () => import('../cli/export-data.ts'),
  'import-data': () => import('../cli/import-data.ts'),
};

export interface ControlSocket {
  path: string;
  /** Stops taking connections, removes the socket file and waits for the command under way. */
  close(): Promise<void>;
}

function parseRequest(line: string): ControlRequest | string {
  let request: Partial<ControlRequest>;
  try {
    request = JSON.parse(line) as Partial<ControlRequest>;
  } catch {
    return 'The request is not a JSON line.';
  }
  if (!isControlCommand(request?.command)) return `Unknown command ${JSON.stringify(request?.command)}.`;
  if (!Array.isArray(request.argv) || !request.argv.every((a) => typeof a === 'string'))
    return 'argv must be a list of strings.';
  if (typeof request.cwd !== 'string' || !request.cwd.startsWith('/')) return 'cwd must be an absolute path.';
  return request as ControlRequest;
}

export async function startControlSocket(deps: {
  /** DATA_DIR. */
  dataDir: string;
  database: Database;
  backup: BackupConfig;
  now: () => Date;
  /** Publishes the site again after a restore (everything) or an import (what changed). */
  republish: (changedOnly: boolean) => Promise<void>;
  log: (line: string) => void;
}): Promise<ControlSocket> {
  const socketPath = controlSocketPath(deps.dataDir);
  const host: CommandHost = { now: deps.now, backup: () => deps.backup, republish: deps.republish };
  // The database is the server's: a command never closes it.
  const database = async () => deps.database;
  let queue: Promise<void> = Promise.resolve();

  const execute = async (request: ControlRequest, send: (reply: ControlReply) => void) => {
    const { run, USAGE } = await COMMANDS[request.command]();
    const { failure } = await import('../cli/io.ts');
    const io = { out: (out: string) => send({ out }), err: (err: string) => send({ err }), cwd: request.cwd };
    deps.log(`control: ${request.command} ${request.argv.join(' ')}`.trimEnd());
    try {
      await run(request.argv, database, io, host);
      send({ exit: 0 });
    } catch (err) {
      const told = failure(request.command, USAGE, err);
      send({ err: told.line });
      send({ exit: told.code });
    }
  };

  const serve = (socket: Socket) => {
    let received = '';
    socket.setEncoding('utf8');
    socket.on('error', () => {});
    // A client that left mid-command: the command still ends (a transaction is not cut), its lines go nowhere.
    const send = (reply: ControlReply) => {
      if (!socket.destroyed) socket.write(`${JSON.stringify(reply)}\n`);
    };
    const onData = (chunk: string) => {
      received += chunk;
      const end = received.indexOf('\n');
      if (end < 0 && received.length <= MAX_REQUEST_BYTES) return;
      socket.off('data', onData);
      const request = end < 0 ? 'The request line is too long.' : parseRequest(received.slice(0, end));
      if (typeof request === 'string') {
        send({ err: `shirase: ${request}` });
        send({ exit: 2 });
        socket.end();
        return;
      }
      queue = queue.then(() => execute(request, send).finally(() => socket.end()));
    };
    socket.on('data', onData);
  };

  // Left by a server that did not close (killed): this process holds the folder lock, so it is stale.
  rmSync(socketPath, { force: true });
  const server = createServer(serve);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    // Created 0600 from the start (the umask applies when the socket file is made), not chmodded after.
    const umask = process.umask(0o177);
    try {
      server.listen(socketPath, () => resolve());
    } finally {
      process.umask(umask);
    }
  });
  chmodSync(socketPath, 0o600);
  return {
    path: socketPath,
    async close() {
      // Not waiting for the connections to end: a client that sent nothing would hold the close.
      server.close();
      rmSync(socketPath, { force: true });
      await queue.catch(() => {});
    },
  };
}
