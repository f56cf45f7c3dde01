import { describe, expect, it } from 'vitest';
import { ScryptGate } from '../../../src/crypto/scrypt-gate.js';
import { ServerBusyError } from '../../../src/shared/errors.js';

/** Work that finishes when the test says so. */
function held() {
  let finish!: () => void;
  const done = new Promise<void>((resolve) => (finish = resolve));
  return { work: () => done, finish };
}

describe('the scrypt gate', () => {
  it('runs at most inFlight at once, queues a bounded number per lane, and refuses the rest at once with a retry time', async () => {
    const gate = new ScryptGate({ inFlight: 2, queuedPerLane: 3, retryAfterSeconds: 4 });
    const jobs = Array.from({ length: 8 }, () => held());
    let peak = 0;
    const runs = jobs.map((job) =>
      gate.run('intake', async () => {
        peak = Math.max(peak, gate.load().running);
        await job.work();
      }),
    );
    const settled = Promise.allSettled(runs);
    await new Promise((resolve) => setImmediate(resolve));
    expect(gate.load()).toEqual({ running: 2, queued: { intake: 3, staff: 0 } });
    for (const job of jobs) job.finish();
    const results = await settled;
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(5);
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => r.reason as ServerBusyError);
    expect(refused).toHaveLength(3);
    for (const error of refused) expect(error).toMatchObject({ name: 'ServerBusyError', retryAfterSeconds: 4 });
    expect(peak).toBe(2);
    expect(gate.load()).toEqual({ running: 0, queued: { intake: 0, staff: 0 } });
  });

  it('keeps a place for staff while sources flood it, and serves the lanes in turn', async () => {
    const gate = new ScryptGate({ inFlight: 1, queuedPerLane: 2, retryAfterSeconds: 1 });
    const order: string[] = [];
    const first = held();
    const running = gate.run('intake', first.work);
    const flood = [1, 2, 3].map((n) => gate.run('intake', async () => void order.push(`intake ${n}`)));
    const staff = gate.run('staff', async () => void order.push('staff'));
    await expect(flood[2]).rejects.toBeInstanceOf(ServerBusyError);
    first.finish();
    await Promise.all([running, flood[0], flood[1], staff]);
    expect(order).toEqual(['staff', 'intake 1', 'intake 2']);
  });

  it('frees its slot when the work fails', async () => {
    const gate = new ScryptGate({ inFlight: 1, queuedPerLane: 1, retryAfterSeconds: 1 });
    await expect(gate.run('staff', async () => Promise.reject(new Error('scrypt failed')))).rejects.toThrow('scrypt failed');
    expect(await gate.run('staff', async () => 'ran')).toBe('ran');
  });
});
