/**
 * Queue URLs: `redis://[[user]:password@]host[:port][/db]` (plain TCP) and `rediss://…` (TLS), as
 * the Redis URI scheme (IANA "redis" / "rediss" provisional registrations) and ioredis spell them.
 * The password never leaves this module in clear text: `redacted` is the URL with the password
 * replaced by *** (redis://:***@host:6379/0), and `redactSecrets` scrubs a password (raw or
 * percent-encoded) from any text — an error message from ioredis, a stack line — before it is
 * printed or written anywhere.
 */
import { GncError } from "../../util/errors.js";

const MODULE = "gnc/sweep/queue";

export interface QueueUrl {
  host: string;
  port: number;
  db: number;
  username?: string;
  password?: string;
  tls: boolean;
  /** The URL with its password replaced by ***: the only form that may be printed or stored. */
  redacted: string;
}

/** Replace the password of any URL-looking text (scheme://user:password@…) with ***, without parsing it. */
export function redactUrlText(s: string): string {
  return s.replace(/([a-z][a-z0-9+.-]*:\/\/[^:@/\s]*:)[^@\s]*@/gi, "$1***@");
}

/** Scrub every appearance of `url`'s password (and any URL-embedded password) from text. */
export function redactSecrets(text: string, url?: Pick<QueueUrl, "password"> | null): string {
  let out = redactUrlText(text);
  const pw = url?.password;
  if (pw) {
    for (const form of new Set([pw, encodeURIComponent(pw)])) out = out.split(form).join("***");
  }
  return out;
}

/** Parse a queue URL; a malformed one is one GncError line, its password already redacted. */
export function parseQueueUrl(raw: string): QueueUrl {
  const shown = redactUrlText(String(raw));
  const bad = (what: string) => new GncError(`${MODULE}: queue URL "${shown}": ${what}`);
  let u: URL;
  try {
    u = new URL(String(raw).trim());
  } catch {
    throw bad("not a URL (expected redis://[:password@]host:port[/db] or rediss://… for TLS)");
  }
  if (u.protocol !== "redis:" && u.protocol !== "rediss:") throw bad(`scheme "${u.protocol.replace(/:$/, "")}" is not redis or rediss`);
  if (!u.hostname) throw bad("no host");
  const port = u.port === "" ? 6379 : Number(u.port);
  if (!(Number.isInteger(port) && port >= 1 && port <= 65535)) throw bad(`port ${u.port} is out of range`);
  const dbPart = u.pathname.replace(/^\//, "");
  if (dbPart !== "" && !/^\d{1,2}$/.test(dbPart)) throw bad(`database "${dbPart}" is not a number 0–99`);
  if (u.search || u.hash) throw bad("query strings and fragments are not supported");
  const db = dbPart === "" ? 0 : Number(dbPart);
  let password: string | undefined;
  let username: string | undefined;
  try {
    password = u.password ? decodeURIComponent(u.password) : undefined;
    username = u.username ? decodeURIComponent(u.username) : undefined;
  } catch {
    throw bad("the user or password is not valid percent-encoding");
  }
  const tls = u.protocol === "rediss:";
  const host = u.hostname.replace(/^\[(.*)\]$/, "$1");
  const auth = password !== undefined ? `${username ?? ""}:***@` : username ? `${username}@` : "";
  const redacted = `${tls ? "rediss" : "redis"}://${auth}${u.hostname}:${port}/${db}`;
  return { host, port, db, username, password, tls, redacted };
}
