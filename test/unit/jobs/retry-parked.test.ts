import { describe, expect, it } from 'vitest';
import { JobNotFoundError, retryParked, type JobQueue, type JobView } from '../../../src/jobs/index.js';

/** The two calls retryParked makes of a queue, over parked jobs in memory; retry records what it was asked. */
function queueOf(ids: string[], hidden = 0) {
  const retried: string[] = [];
  const parked = ids.map((id) => ({ id, name: 'media.analyse', state: 'parked' }) as JobView);
  const queue = {
    get: async (id: string) => parked.find((j) => j.id === id) ?? null,
    list: async () => ({ queues: [{ name: 'media.analyse', queued: 0, active: 0, parked: parked.length + hidden, done: 0 }], parked }),
    retry: async (id: string) => {
      retried.push(id);
      return { ...parked.find((j) => j.id === id)!, state: 'queued' } as JobView;
    },
  } as unknown as JobQueue;
  return { queue, retried };
}

describe('retrying a parked job by what a person types', () => {
  it('takes a whole id, or a unique prefix of a parked job id', async () => {
    const { queue, retried } = queueOf(['job_abcd1111', 'job_abce2222']);
    await retryParked(queue, ['media.analyse'], 'job_abce2222');
    await retryParked(queue, ['media.analyse'], 'job_abcd');
    expect(retried).toEqual(['job_abce2222', 'job_abcd1111']);
  });

  it('names every parked job an ambiguous prefix fits, and refuses one too short', async () => {
    const { queue, retried } = queueOf(['job_abcd1111', 'job_abcd2222']);
    await expect(retryParked(queue, ['media.analyse'], 'job_abcd')).rejects.toThrow(
      '"job_abcd" fits 2 parked jobs: job_abcd1111, job_abcd2222; give more of it',
    );
    await expect(retryParked(queue, ['media.analyse'], 'job_ab')).rejects.toThrow(JobNotFoundError);
    expect(retried).toEqual([]);
  });

  it('takes no prefix when more jobs are parked than the listing holds: it might name another one', async () => {
    const { queue, retried } = queueOf(['job_abcd1111'], 5000);
    await expect(retryParked(queue, ['media.analyse'], 'job_abcd')).rejects.toThrow(/with 5001 parked jobs, give a whole id/);
    await retryParked(queue, ['media.analyse'], 'job_abcd1111');
    expect(retried).toEqual(['job_abcd1111']);
  });
});
