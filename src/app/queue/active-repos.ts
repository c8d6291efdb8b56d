import type { Redis } from 'ioredis';

/** A repository the app has had events for: what the periodic sweep looks at. */
export interface ActiveRepo {
  installationId: number;
  owner: string;
  repo: string;
  repoUrl: string;
}

export interface ActiveRepos {
  touch: (repo: ActiveRepo, at: number) => Promise<void>;
  /** Repositories with events since `since` (epoch ms). */
  since: (since: number) => Promise<ActiveRepo[]>;
}

export class MemoryActiveRepos implements ActiveRepos {
  readonly #repos = new Map<string, { repo: ActiveRepo; at: number }>();

  touch(repo: ActiveRepo, at: number): Promise<void> {
    this.#repos.set(`${repo.owner}/${repo.repo}`, { repo, at });
    return Promise.resolve();
  }

  since(since: number): Promise<ActiveRepo[]> {
    return Promise.resolve([...this.#repos.values()].filter((r) => r.at >= since).map((r) => r.repo));
  }
}

/** Shared by the replicas: a sorted set scored by the last event's time. */
export class RedisActiveRepos implements ActiveRepos {
  readonly #redis: Redis;
  readonly #key: string;

  constructor(redis: Redis, prefix: string) {
    this.#redis = redis;
    this.#key = `${prefix}:repos`;
  }

  async touch(repo: ActiveRepo, at: number): Promise<void> {
    await this.#redis.zadd(this.#key, at, JSON.stringify(repo));
  }

  async since(since: number): Promise<ActiveRepo[]> {
    await this.#redis.zremrangebyscore(this.#key, '-inf', `(${since}`);
    const members = await this.#redis.zrangebyscore(this.#key, since, '+inf');
    return members.map((m) => JSON.parse(m) as ActiveRepo);
  }
}
