// s3rver ships no types: what tests/integration/mirror-s3-server.ts uses of it (node_modules/s3rver/lib/s3rver.js).
declare module 's3rver' {
  import type { IncomingMessage, ServerResponse } from 'node:http';

  interface S3rverOptions {
    silent?: boolean;
    directory?: string;
    configureBuckets?: { name: string; configs: Array<string | Buffer> }[];
  }
  export default class S3rver {
    constructor(options?: S3rverOptions);
    configureBuckets(): Promise<void>;
    callback(): (req: IncomingMessage, res: ServerResponse) => void;
  }
}
