/**
 * Connections to the queue's Redis (ioredis 5, as BullMQ 6 uses it). Two policies:
 *   - `checkReachable`: one attempt with a short connect timeout and no retry, so an unreachable
 *     host, a wrong password or a TLS mismatch is one clear line at start-up (never an endless
 *     reconnect loop);
 *   - `redisOptions`: the long-lived connections of a coordinator or worker retry with a capped
 *     backoff for `reconnectForMs` (a Redis restart, a network blip), then give up through
 *     `onGiveUp`. `maxRetriesPerRequest: null` makes commands wait for the reconnection instead of
 *     failing (BullMQ requires it for workers).
 * Every message goes through redactSecrets: the password never reaches a log.
 */
import { isIP } from "node:net";
import { Redis, type RedisOptions } from "ioredis";
import { GncError } from "../../util/errors.js";
import { redactSecrets, type QueueUrl } from "./url.js";

export const QUEUE_NAME = "runs";
export const QUEUE_PREFIX = "gnc";
/** Redis key of a running job's latest checkpoint (the run directory's files at that checkpoint). */
export const checkpointKey = (hash: string) => `${QUEUE_PREFIX}:ckpt:${hash}`;

export interface ConnectPolicy {
  connectTimeoutMs?: number;
  /** How long a lost connection is retried before giving up (default 60 s; env GNC_QUEUE_RECONNECT_MS). */
  reconnectForMs?: number;
  onGiveUp?: (err: string) => void;
}

const envMs = (name: string, dflt: number) => {
  const v = Number(process.env[name]);
  return Number.isFinite(v) && v > 0 ? v : dflt;
};

export function redisOptions(u: QueueUrl, p: ConnectPolicy = {}): RedisOptions {
  const reconnectFor = p.reconnectForMs ?? envMs("GNC_QUEUE_RECONNECT_MS", 60_000);
  let downSince: number | null = null;
  return {
    host: u.host, port: u.port, db: u.db, username: u.username, password: u.password,
    tls: u.tls ? (isIP(u.host) ? {} : { servername: u.host }) : undefined,
    connectTimeout: p.connectTimeoutMs ?? 5000,
    maxRetriesPerRequest: null,
    retryStrategy: (times: number) => {
      const now = Date.now();
      if (times === 1 || downSince === null) downSince = now;
      if (now - downSince > reconnectFor) {
        p.onGiveUp?.(`gnc/sweep/queue: lost the connection to ${u.redacted} for more than ${Math.round(reconnectFor / 1000)} s`);
        return null;
      }
      return Math.min(100 * times, 1000);
    },
  };
}

/** What an ioredis / Redis error means for the user, on one line, password redacted. */
export function explainRedisError(u: QueueUrl, err: unknown): string {
  const raw = redactSecrets(String((err as Error)?.message ?? err).split("\n")[0], u);
  const code = (err as { code?: string })?.code ?? "";
  const where = `gnc/sweep/queue: ${u.redacted}`;
  if (/WRONGPASS|NOAUTH|invalid password|without any password configured|invalid username-password/i.test(raw)) {
    return `${where}: authentication failed (wrong or missing password): ${raw}`;
  }
  if (/ECONNREFUSED|ENOTFOUND|EHOSTUNREACH|ENETUNREACH|EAI_AGAIN|ETIMEDOUT|timeout/i.test(code + " " + raw)) {
    return `${where}: cannot reach the Redis server (${raw}); is redis-server running there${u.tls ? ", and does it speak TLS" : ""}?`;
  }
  if (/Connection is closed|ECONNRESET|EPIPE|wrong version number|SSL|TLS/i.test(raw)) {
    return `${where}: the connection was closed (${raw})${u.tls ? "; does the server speak TLS?" : "; does the server need rediss:// (TLS)?"}`;
  }
  return `${where}: ${raw}`;
}

/** One connection attempt (short timeout, no retry) and a PING: a GncError line when it fails. */
export async function checkReachable(u: QueueUrl, timeoutMs = envMs("GNC_QUEUE_CONNECT_MS", 3000)): Promise<void> {
  const c = new Redis({
    ...redisOptions(u), lazyConnect: true, connectTimeout: timeoutMs, maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false,
  });
  // The socket's own error (ECONNREFUSED, WRONGPASS …) says more than the "Connection is closed" that follows.
  let first: unknown = null;
  c.on("error", (e) => (first ??= e));
  try {
    await c.connect();
    await c.ping();
  } catch (err) {
    throw new GncError(explainRedisError(u, first ?? err));
  } finally {
    c.disconnect();
  }
}

/** A long-lived client (checkpoints, graph files) with the reconnect policy. */
export function openClient(u: QueueUrl, p: ConnectPolicy = {}): Redis {
  const c = new Redis(redisOptions(u, p));
  c.on("error", () => {});
  return c;
}
