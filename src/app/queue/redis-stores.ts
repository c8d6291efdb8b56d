import type { Redis } from 'ioredis';
import type { HeadRecord, HeadStore, SeenStore } from './stores.ts';

/** Head records shared by every replica: a hash per lane, kept for a week after its last change. */
export class RedisHeadStore implements HeadStore {
  readonly #redis: Redis;
  readonly #prefix: string;
  readonly #ttlSeconds: number;

  constructor(redis: Redis, prefix: string, ttlSeconds = 7 * 24 * 3600) {
    this.#redis = redis;
    this.#prefix = prefix;
    this.#ttlSeconds = ttlSeconds;
  }

  async get(lane: string): Promise<HeadRecord | undefined> {
    const [sha, confirmed] = await this.#redis.hmget(this.#key(lane), 'sha', 'confirmed');
    return sha ? { sha, confirmed: confirmed === '1' } : undefined;
  }

  async hint(lane: string, sha: string): Promise<void> {
    // A hint never overwrites GitHub's answer for the same SHA.
    await this.#redis.eval(HINT, 1, this.#key(lane), sha, String(this.#ttlSeconds));
  }

  async confirm(lane: string, sha: string): Promise<void> {
    await this.#redis.multi().hset(this.#key(lane), 'sha', sha, 'confirmed', '1').expire(this.#key(lane), this.#ttlSeconds).exec();
  }

  #key(lane: string): string {
    return `${this.#prefix}:head:${lane}`;
  }
}

const HINT = `
if redis.call('HGET', KEYS[1], 'sha') ~= ARGV[1] then
  redis.call('HSET', KEYS[1], 'sha', ARGV[1], 'confirmed', '0')
end
redis.call('EXPIRE', KEYS[1], ARGV[2])
return 1`;

/** Seen keys shared by every replica (SET NX with an expiry: GitHub redelivers within days). */
export class RedisSeenStore implements SeenStore {
  readonly #redis: Redis;
  readonly #prefix: string;
  readonly #ttlSeconds: number;

  constructor(redis: Redis, prefix: string, ttlSeconds = 7 * 24 * 3600) {
    this.#redis = redis;
    this.#prefix = prefix;
    this.#ttlSeconds = ttlSeconds;
  }

  async firstTime(key: string): Promise<boolean> {
    return (await this.#redis.set(`${this.#prefix}:seen:${key}`, '1', 'EX', this.#ttlSeconds, 'NX')) === 'OK';
  }
}

/**
 * A lease on a lane (one pull request's work runs on one replica at a time): SET NX PX
 * with a token, renewed while held, released only by its holder. A replica that dies
 * loses the lease when it expires.
 */
export class LaneLocks {
  readonly #redis: Redis;
  readonly #prefix: string;

  constructor(redis: Redis, prefix: string) {
    this.#redis = redis;
    this.#prefix = prefix;
  }

  async acquire(lane: string, token: string, ttlMs: number): Promise<boolean> {
    const key = this.#key(lane);
    if ((await this.#redis.set(key, token, 'PX', ttlMs, 'NX')) === 'OK') return true;
    // Our own lease (a job handed back and taken again by this holder) is ours still.
    return (await this.#redis.eval(RENEW, 1, key, token, String(ttlMs))) === 1;
  }

  async renew(lane: string, token: string, ttlMs: number): Promise<boolean> {
    return (await this.#redis.eval(RENEW, 1, this.#key(lane), token, String(ttlMs))) === 1;
  }

  async release(lane: string, token: string): Promise<void> {
    await this.#redis.eval(RELEASE, 1, this.#key(lane), token);
  }

  async holder(lane: string): Promise<string | null> {
    return this.#redis.get(this.#key(lane));
  }

  #key(lane: string): string {
    return `${this.#prefix}:lane:${lane}`;
  }
}

const RENEW = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return 1
end
return 0`;

const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0`;

/**
 * The webhook guard's replay memory (src/app/payload-log.ts) shared by every replica:
 * SET key id NX PX window, else the id that claimed it first.
 */
export class RedisPayloadLog {
  readonly #redis: Redis;
  readonly #prefix: string;
  readonly #windowMs: number;

  constructor(redis: Redis, prefix: string, windowMs: number) {
    this.#redis = redis;
    this.#prefix = prefix;
    this.#windowMs = windowMs;
  }

  async claim(key: string, deliveryId: string): Promise<string> {
    const redisKey = `${this.#prefix}:payload:${key}`;
    if ((await this.#redis.set(redisKey, deliveryId, 'PX', this.#windowMs, 'NX')) === 'OK') return deliveryId;
    return (await this.#redis.get(redisKey)) ?? deliveryId;
  }
}
