import crypto from 'node:crypto';
import { ServerBusyError } from '../shared/index.js';

/** Who asks: sources signing in with a codename, or staff with a password. Each has a queue of its own. */
export type ScryptLane = 'intake' | 'staff';

export interface ScryptGateLimits {
  /** scrypt runs in libuv's thread pool (4 threads by default); the rest of the pool stays free for file I/O. */
  inFlight: number;
  /** Waiting derivations per lane; one more is refused at once. */
  queuedPerLane: number;
  retryAfterSeconds: number;
}

export const DEFAULT_SCRYPT_LIMITS: ScryptGateLimits = { inFlight: 2, queuedPerLane: 16, retryAfterSeconds: 3 };

/**
 * Bounds the memory-hard work in flight: a flood of wrong codenames or passwords (32 MiB each) would otherwise
 * fill the thread pool, and every page and upload would wait behind it. Beyond the queue a request is refused at
 * once rather than held. A free slot goes to the two lanes in turn, so a flood on the intake leaves staff sign-in
 * a place in the queue, and the other way round.
 */
export class ScryptGate {
  private running = 0;
  private readonly queues: Record<ScryptLane, Array<() => void>> = { intake: [], staff: [] };
  private preferred: ScryptLane = 'staff';

  constructor(readonly limits: ScryptGateLimits = DEFAULT_SCRYPT_LIMITS) {}

  async run<T>(lane: ScryptLane, work: () => Promise<T>): Promise<T> {
    if (this.running < this.limits.inFlight) this.running++;
    else {
      const queue = this.queues[lane];
      if (queue.length >= this.limits.queuedPerLane) throw new ServerBusyError(this.limits.retryAfterSeconds);
      // The slot is handed over by release(): `running` already counts this waiter when it wakes.
      await new Promise<void>((resolve) => queue.push(resolve));
    }
    try {
      return await work();
    } finally {
      this.release();
    }
  }

  /** Derivations running now and waiting now, per lane (for tests and a status page). */
  load(): { running: number; queued: Record<ScryptLane, number> } {
    return { running: this.running, queued: { intake: this.queues.intake.length, staff: this.queues.staff.length } };
  }

  private release(): void {
    const first = this.preferred;
    const second: ScryptLane = first === 'staff' ? 'intake' : 'staff';
    const fromFirst = this.queues[first].shift();
    const next = fromFirst ?? this.queues[second].shift();
    this.preferred = fromFirst ? second : first;
    if (next) next();
    else this.running--;
  }
}

/** The one gate of this process: the intake and the staff side share the thread pool, so they share the bound. */
export const scryptGate = new ScryptGate();

/** `crypto.scrypt` through the process's gate. */
export function gatedScrypt(lane: ScryptLane, password: string, salt: crypto.BinaryLike, keylen: number, options: crypto.ScryptOptions): Promise<Buffer> {
  return scryptGate.run(
    lane,
    () => new Promise<Buffer>((resolve, reject) => crypto.scrypt(password, salt, keylen, options, (error, key) => (error ? reject(error) : resolve(key)))),
  );
}
