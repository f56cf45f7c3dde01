import { describe, expect, it } from 'vitest';
import { Type } from 'typebox';
import { backoffSeconds, jobKind, JobRegistry, JobRegistryError } from '../../../src/jobs/index.js';

const importJob = jobKind({ name: 'intake.import', payload: Type.Object({ submissionId: Type.String() }) });
const sweepJob = jobKind({ name: 'intake.retention-sweep', payload: Type.Object({}), everyMinutes: 360 });
const noop = async () => undefined;

describe('job registry', () => {
  it('passes with exactly one handler per declared job', () => {
    const checked = new JobRegistry([importJob, sweepJob]).handle(importJob, noop).handle(sweepJob, noop).checked();
    expect(checked.names.sort()).toEqual(['intake.import', 'intake.retention-sweep']);
    expect(checked.job('intake.import')?.kind).toBe(importJob);
  });

  it('refuses a declared job without a handler, naming it', () => {
    const registry = new JobRegistry([importJob, sweepJob]).handle(importJob, noop);
    expect(() => registry.checked()).toThrow(JobRegistryError);
    expect(() => registry.checked()).toThrow('the job intake.retention-sweep has no handler');
  });

  it('refuses two handlers for one job', () => {
    const registry = new JobRegistry([importJob]).handle(importJob, noop).handle(importJob, noop);
    expect(() => registry.checked()).toThrow('the job intake.import has 2 handlers');
  });

  it('refuses a handler for a job nobody declared, and a job declared twice, all in one message', () => {
    const registry = new JobRegistry([importJob, importJob]).handle(importJob, noop).handle(sweepJob, noop);
    let message = '';
    try {
      registry.checked();
    } catch (error) {
      message = (error as Error).message;
      expect((error as JobRegistryError).code).toBe('job-registry-invalid');
    }
    expect(message).toContain('the job intake.import is declared twice');
    expect(message).toContain('a handler is registered for intake.retention-sweep, which is no declared job');
  });

  it('refuses names that are not lower-case dotted words, and zero attempts', () => {
    expect(() => jobKind({ name: 'Import Now', payload: Type.Object({}) })).toThrow('lower-case');
    expect(() => jobKind({ name: 'x', payload: Type.Object({}), retry: { attempts: 0 } })).toThrow('attempts');
  });
});

describe('retry backoff', () => {
  it('doubles from the first delay and stops at the cap', () => {
    const policy = { attempts: 10, delaySeconds: 30, maxDelaySeconds: 600 };
    expect([1, 2, 3, 4, 5, 6].map((n) => backoffSeconds(policy, n))).toEqual([30, 60, 120, 240, 480, 600]);
  });
});
