import type { Static, TSchema } from 'typebox';
import { JobRegistryError } from './job-errors.js';
import type { JobKind } from './job-kind.js';

export interface JobProgress {
  done: number;
  total: number;
  message?: string;
  /** What a reader of the job needs beyond the counts (kept as JSON, e.g. an import's per-file outcome). */
  detail?: unknown;
}

export interface JobContext {
  id: string;
  /** 1 for the first attempt. */
  attempt: number;
  /** Aborted when the worker is stopping: stop soon, then throw JobInterruptedError (the job is resumed). */
  signal: AbortSignal;
  progress(progress: JobProgress): Promise<void>;
}

export type JobHandler<S extends TSchema = TSchema> = (payload: Static<S>, context: JobContext) => Promise<void>;

export interface RegisteredJob {
  kind: JobKind;
  handler: JobHandler;
}

/**
 * Every kind of job the system knows, and the handlers a worker registers for them. `checked()` refuses a
 * kind without a handler, a kind with two, a handler for a kind nobody declared and two kinds of one name,
 * all at once in one message, so a misassembled worker never starts.
 */
export class JobRegistry {
  private readonly handlers = new Map<string, JobHandler[]>();
  private readonly kinds: JobKind[];

  constructor(kinds: JobKind[]) {
    this.kinds = kinds;
  }

  handle<S extends TSchema>(kind: JobKind<S>, handler: JobHandler<S>): this {
    const list = this.handlers.get(kind.name) ?? [];
    list.push(handler as JobHandler);
    this.handlers.set(kind.name, list);
    return this;
  }

  checked(): CheckedJobRegistry {
    const problems: string[] = [];
    const byName = new Map<string, JobKind>();
    for (const kind of this.kinds) {
      if (byName.has(kind.name)) problems.push(`the job ${kind.name} is declared twice`);
      byName.set(kind.name, kind);
    }
    for (const kind of byName.values()) {
      const count = this.handlers.get(kind.name)?.length ?? 0;
      if (count === 0) problems.push(`the job ${kind.name} has no handler`);
      if (count > 1) problems.push(`the job ${kind.name} has ${count} handlers (exactly one is allowed)`);
    }
    for (const name of this.handlers.keys()) if (!byName.has(name)) problems.push(`a handler is registered for ${name}, which is no declared job`);
    if (problems.length > 0) throw new JobRegistryError(`the job registry is inconsistent: ${problems.join('; ')}`);
    return new CheckedJobRegistry([...byName.values()].map((kind) => ({ kind, handler: this.handlers.get(kind.name)![0]! })));
  }
}

/** A registry that passed its checks: exactly one handler per declared job. */
export class CheckedJobRegistry {
  private readonly jobs: Map<string, RegisteredJob>;

  constructor(jobs: RegisteredJob[]) {
    this.jobs = new Map(jobs.map((job) => [job.kind.name, job]));
  }

  get names(): string[] {
    return [...this.jobs.keys()];
  }

  get all(): RegisteredJob[] {
    return [...this.jobs.values()];
  }

  job(name: string): RegisteredJob | undefined {
    return this.jobs.get(name);
  }
}
