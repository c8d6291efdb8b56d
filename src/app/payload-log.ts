/**
 * Which delivery first carried a webhook body, remembered for GitHub's redelivery window:
 * a delivery that repeats an (event, payload digest) pair under a new delivery id is a
 * replay (GitHub's own redeliveries keep their id). Pluggable: the in-memory log below
 * serves one replica; a shared store (Redis `SET key id NX PX window`, then `GET`) serves many.
 */
export interface PayloadLog {
  /**
   * Record that `deliveryId` carried `key` (unless another delivery did within the window)
   * and return the delivery id that carried it first: `deliveryId` itself when new.
   */
  claim(key: string, deliveryId: string): Promise<string>;
}

/** GitHub lets a delivery be redelivered for 3 days. */
export const REDELIVERY_WINDOW_MS = 3 * 24 * 60 * 60 * 1000;

export interface MemoryPayloadLogOptions {
  windowMs?: number;
  /** At most this many pairs are kept (the oldest are forgotten first). */
  capacity?: number;
  now?: () => number;
}

/** A PayloadLog in this process's memory, bounded in time and size. */
export class MemoryPayloadLog implements PayloadLog {
  readonly #seen = new Map<string, { id: string; until: number }>();
  readonly #windowMs: number;
  readonly #capacity: number;
  readonly #now: () => number;

  constructor(options: MemoryPayloadLogOptions = {}) {
    this.#windowMs = options.windowMs ?? REDELIVERY_WINDOW_MS;
    this.#capacity = options.capacity ?? 100_000;
    this.#now = options.now ?? Date.now;
  }

  async claim(key: string, deliveryId: string): Promise<string> {
    const now = this.#now();
    const known = this.#seen.get(key);
    if (known && known.until > now) return known.id;
    this.#seen.delete(key);
    this.#seen.set(key, { id: deliveryId, until: now + this.#windowMs });
    for (const [oldKey, entry] of this.#seen) {
      if (this.#seen.size <= this.#capacity && entry.until > now) break;
      this.#seen.delete(oldKey);
    }
    return deliveryId;
  }
}
