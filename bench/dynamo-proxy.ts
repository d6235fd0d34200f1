import { createServer, request, type Server } from 'node:http';

/**
 * A pass-through HTTP proxy in front of DynamoDB Local that records each request's operation
 * (from its `X-Amz-Target` header). It counts the round trips of processes whose SDK the
 * benchmark cannot reach, such as a cold-start child running a bundle with its own SDK copy,
 * and counts them on the wire: SDK retries included.
 */
export class DynamoProxy {
  private readonly seen: string[] = [];
  private server: Server | undefined;
  endpoint = '';

  constructor(private readonly target: string) {}

  async start(): Promise<this> {
    const target = new URL(this.target);
    this.server = createServer((req, res) => {
      this.seen.push(String(req.headers['x-amz-target'] ?? 'unknown').replace(/^DynamoDB_\d+\./, ''));
      const upstream = request(
        { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      upstream.on('error', () => res.destroy());
      req.pipe(upstream);
    });
    await new Promise<void>((done) => this.server!.listen(0, '127.0.0.1', done));
    this.endpoint = `http://127.0.0.1:${(this.server.address() as { port: number }).port}`;
    return this;
  }

  /** The operations recorded since the last call, oldest first. */
  take(): string[] {
    return this.seen.splice(0);
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise((done) => this.server?.close(done) ?? done(undefined));
  }
}
