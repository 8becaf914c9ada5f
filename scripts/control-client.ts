/**
 * Asks the server holding the embedded database to run a data command on its own handle, over its
 * control socket (api/server/control-protocol.ts), and tells what it answers as if the command had
 * run here: its lines on standard output and standard error, its exit code.
 */
import { createConnection } from 'node:net';
import { type ControlCommand, type ControlReply, controlSocketPath } from '../api/server/control-protocol.ts';

/** The command's exit code; null when no server answers on the socket (none there, or refused). */
export function askServer(dataDir: string, command: ControlCommand, argv: string[]): Promise<number | null> {
  return new Promise((resolve) => {
    const socket = createConnection(controlSocketPath(dataDir));
    let connected = false;
    let exit: number | null = null;
    let pending = '';
    const take = (line: string) => {
      if (!line) return;
      const reply = JSON.parse(line) as ControlReply;
      if ('out' in reply) process.stdout.write(`${reply.out}\n`);
      else if ('err' in reply) process.stderr.write(`${reply.err}\n`);
      else exit = reply.exit;
    };
    socket.setEncoding('utf8');
    socket.on('connect', () => {
      connected = true;
      socket.write(`${JSON.stringify({ command, argv, cwd: process.cwd() })}\n`);
    });
    socket.on('data', (chunk: string) => {
      const lines = (pending + chunk).split('\n');
      pending = lines.pop()!;
      for (const line of lines) take(line);
    });
    socket.on('error', () => {});
    socket.on('close', () => {
      if (!connected) return resolve(null);
      take(pending);
      if (exit === null)
        process.stderr.write(`shirase ${command}: the server closed the connection before the command ended.\n`);
      resolve(exit ?? 1);
    });
  });
}
