import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';

/** A hub listener on 127.0.0.1 that records every POSTed event; `status` decides what it answers. */
export class Listener {
  readonly events: Record<string, unknown>[] = [];
  status = 201;
  private server?: Server;

  async start(port = 0): Promise<this> {
    this.server = createServer((req: IncomingMessage, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        if (this.status < 300) this.events.push(JSON.parse(body) as Record<string, unknown>);
        res.writeHead(this.status).end();
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve));
    return this;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}/listener`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** Waits until `predicate` holds for the received events. */
  async waitFor(predicate: (events: Record<string, unknown>[]) => boolean, timeoutMs = 15000): Promise<Record<string, unknown>[]> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate(this.events)) {
      if (Date.now() > deadline) throw new Error(`listener: condition not met within ${timeoutMs} ms; got ${JSON.stringify(this.events.map((e) => e.eventType))}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    return this.events;
  }
}
