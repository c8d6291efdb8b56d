import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * The shutdown gate of a replica: once draining, webhook deliveries are answered 503 (GitHub's
 * redelivery, or the load balancer's next replica, takes them) and the health check says so.
 */
export class DrainGate {
  #draining = false;

  get draining(): boolean {
    return this.#draining;
  }

  start(): void {
    this.#draining = true;
  }

  /** Answer a delivery that arrives during the drain; true when it was answered. */
  refuse(req: IncomingMessage, res: ServerResponse): boolean {
    if (!this.#draining || req.method !== 'POST') return false;
    req.resume();
    res.writeHead(503, { 'content-type': 'text/plain', 'retry-after': '5', connection: 'close' }).end('preadmit is shutting down; deliver again\n');
    return true;
  }
}
