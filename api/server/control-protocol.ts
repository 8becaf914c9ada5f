/**
 * The control socket's protocol (api/server/control-socket.ts answers it, scripts/control-client.ts
 * asks): a Unix domain socket at DATA_DIR/control.sock, mode 0600, opened by a server running on
 * the embedded database on disk, so that the data commands run in the process that holds it
 * (PGlite is one process at a time).
 *
 *   client → server   one line: {"command":"backup"|"restore"|"export-data"|"import-data","argv":[…],"cwd":"/abs"}
 *   server → client   lines {"out":"…"} (a line for standard output) and {"err":"…"} (standard error),
 *                     then {"exit":N}, and the server closes the connection.
 *
 * One command runs at a time; the others wait their turn. Anything else is refused with an
 * {"err"} line and {"exit":2}.
 */
import path from 'node:path';

export const CONTROL_COMMANDS = ['backup', 'restore', 'export-data', 'import-data'] as const;
export type ControlCommand = (typeof CONTROL_COMMANDS)[number];

export interface ControlRequest {
  command: ControlCommand;
  argv: string[];
  cwd: string;
}

export type ControlReply = { out: string } | { err: string } | { exit: number };

/** A request line past this is not one of ours. */
export const MAX_REQUEST_BYTES = 64 * 1024;

/** `dataDir`: DATA_DIR, the folder holding pglite/. */
export const controlSocketPath = (dataDir: string): string => path.join(dataDir, 'control.sock');

export const isControlCommand = (name: unknown): name is ControlCommand =>
  (CONTROL_COMMANDS as readonly unknown[]).includes(name);

/** The embedded database is held by a live server: the CLI asks it to run the command (scripts/cli-main.ts). */
export class HeldByServer extends Error {
  readonly pid: number;
  /** DATA_DIR, where the server's control socket is. */
  readonly dataDir: string;
  constructor(message: string, pid: number, dataDir: string) {
    super(message);
    this.pid = pid;
    this.dataDir = dataDir;
  }
}
