/** The newest head SHA known for a lane: a delivery's hint, or GitHub's confirmed answer. */
export interface HeadRecord {
  sha: string;
  confirmed: boolean;
}

/**
 * Where replicas share what they know of each pull request's head. Deliveries only hint
 * (they can arrive out of order); superseding is decided on GitHub's answer, recorded with
 * `confirm`.
 */
export interface HeadStore {
  get: (lane: string) => Promise<HeadRecord | undefined>;
  hint: (lane: string, sha: string) => Promise<void>;
  confirm: (lane: string, sha: string) => Promise<void>;
}

/** Keys seen within a window (delivery ids, replayed payload digests): true the first time only. */
export interface SeenStore {
  firstTime: (key: string) => Promise<boolean>;
}

/** In-process head records (the embedded mode), oldest forgotten past the capacity. */
export class MemoryHeadStore implements HeadStore {
  readonly #heads = new Map<string, HeadRecord>();
  readonly #capacity: number;

  constructor(capacity = 10_000) {
    this.#capacity = capacity;
  }

  get(lane: string): Promise<HeadRecord | undefined> {
    return Promise.resolve(this.#heads.get(lane));
  }

  hint(lane: string, sha: string): Promise<void> {
    const current = this.#heads.get(lane);
    if (current?.sha !== sha) this.#set(lane, { sha, confirmed: false });
    return Promise.resolve();
  }

  confirm(lane: string, sha: string): Promise<void> {
    this.#set(lane, { sha, confirmed: true });
    return Promise.resolve();
  }

  #set(lane: string, record: HeadRecord): void {
    this.#heads.delete(lane);
    this.#heads.set(lane, record);
    if (this.#heads.size > this.#capacity) {
      const oldest = this.#heads.keys().next().value;
      if (oldest !== undefined) this.#heads.delete(oldest);
    }
  }
}

/** In-process seen keys, bounded (oldest forgotten first). */
export class MemorySeenStore implements SeenStore {
  readonly #seen = new Set<string>();
  readonly #capacity: number;

  constructor(capacity = 10_000) {
    this.#capacity = capacity;
  }

  firstTime(key: string): Promise<boolean> {
    if (this.#seen.has(key)) return Promise.resolve(false);
    this.#seen.add(key);
    if (this.#seen.size > this.#capacity) {
      const oldest = this.#seen.values().next().value;
      if (oldest !== undefined) this.#seen.delete(oldest);
    }
    return Promise.resolve(true);
  }
}
