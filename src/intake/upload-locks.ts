import { IntakeError } from './intake-errors.js';

/**
 * One PATCH per upload at a time. A client that reconnects may send a new PATCH before the server has
 * noticed the old connection drop: the new one waits briefly, then is told 423 (tus clients retry).
 */
export class UploadLocks {
  private readonly held = new Map<string, Promise<void>>();

  async run<T>(id: string, work: () => Promise<T>, waitMs = 5000): Promise<T> {
    const deadline = Date.now() + waitMs;
    while (this.held.has(id)) {
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw new IntakeError(423, 'locked', 'This upload is busy with another request; try again in a moment.');
      await Promise.race([this.held.get(id), new Promise((resolve) => setTimeout(resolve, remaining))]);
    }
    let release!: () => void;
    this.held.set(id, new Promise<void>((resolve) => (release = resolve)));
    try {
      return await work();
    } finally {
      this.held.delete(id);
      release();
    }
  }
}
