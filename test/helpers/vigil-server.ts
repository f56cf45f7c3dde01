import type { ChildProcess } from 'node:child_process';
import { vigilAsync } from '../e2e/run-cli.js';

/** `vigil serve` as a child process, with everything it prints kept for the test to read. */
export class VigilServer {
  output = '';
  private child: ChildProcess | null = null;

  constructor(
    private readonly args: string[],
    private readonly env: NodeJS.ProcessEnv,
  ) {}

  async start(): Promise<void> {
    const before = this.output.length;
    this.child = vigilAsync(this.args, this.env);
    this.child.stdout!.on('data', (d: Buffer) => (this.output += d.toString()));
    this.child.stderr!.on('data', (d: Buffer) => (this.output += d.toString()));
    const deadline = Date.now() + 60_000;
    while (!this.output.slice(before).includes('is serving') && Date.now() < deadline) {
      if (this.child.exitCode !== null) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    if (!this.output.slice(before).includes('is serving')) throw new Error(`vigil serve did not start:\n${this.output}`);
  }

  /** kill -9: no shutdown, no flushing, as a crash or a power cut would leave it. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const closed = new Promise((r) => child.once('close', r));
    child.kill('SIGKILL');
    await closed;
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const closed = new Promise((r) => child.once('close', r));
    child.kill('SIGINT');
    await closed;
  }
}
