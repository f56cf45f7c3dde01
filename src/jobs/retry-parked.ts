import { JobNotFoundError } from './job-errors.js';
import type { JobQueue, JobView } from './job-queue.js';

/** Characters a prefix of a job id must give (after `job_` for the embedded queue's ids). */
const LEAST_PREFIX = 4;

/**
 * Queues a parked job again, named by its id or by a unique prefix of the id of a parked job (the ids
 * `vigil jobs` lists). A prefix that fits several parked jobs is refused with their ids.
 */
export async function retryParked(queue: JobQueue, names: string[], ref: string): Promise<JobView> {
  const wanted = ref.trim();
  if (await queue.get(wanted)) return queue.retry(wanted);
  const significant = wanted.startsWith('job_') ? wanted.length - 4 : wanted.length;
  if (significant < LEAST_PREFIX) throw new JobNotFoundError(`no job ${wanted}`);
  const listing = await queue.list(names);
  // The listing holds the newest parked jobs only: past that, a prefix unique among them may name another job.
  const parked = listing.queues.reduce((sum, q) => sum + q.parked, 0);
  if (parked > listing.parked.length) {
    throw new JobNotFoundError(`no job ${wanted}: with ${parked} parked jobs, give a whole id as \`vigil jobs --json\` lists it`);
  }
  const fitting = listing.parked.filter((job) => job.id.startsWith(wanted));
  if (fitting.length === 0) throw new JobNotFoundError(`no job ${wanted}, and no parked job whose id starts so: give an id as \`vigil jobs\` lists it`);
  if (fitting.length > 1) throw new JobNotFoundError(`"${wanted}" fits ${fitting.length} parked jobs: ${fitting.map((j) => j.id).join(', ')}; give more of it`);
  return queue.retry(fitting[0]!.id);
}
