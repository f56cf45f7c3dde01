import { spawn } from 'node:child_process';
import type { Readable } from 'node:stream';
import { limitedCommand, notInstalled } from '../probe/run-tool.js';

/** The tool could not make its output from this file: the file's fault, said in the message. */
export class ToolOutputError extends Error {
  override name = 'ToolOutputError';
}

export interface ToolStreamOptions {
  timeoutMs: number;
  env?: Record<string, string>;
  input?: Readable;
  signal?: AbortSignal;
  /** Turns the tool's last complaint into a reason fit to store (the loopback address left out). */
  reason?: (stderr: string) => string;
}

/** What a tool writes to stdout, as pieces read with back-pressure; it is killed when the reader stops early. */
export interface ToolStream extends AsyncIterable<Buffer> {
  destroy(error?: Error): void;
}

/**
 * Runs a tool (under the same limits as `runTool`) whose output is a file made of its input, and hands that
 * output on as it comes, from its pipe: nothing is written to disk. The iteration ends with a ToolOutputError
 * when the tool fails, times out or writes nothing, so that a half-made output is never taken for a whole one.
 */
export function toolStream(command: string, args: string[], options: ToolStreamOptions): ToolStream {
  const { file, argv, env } = limitedCommand(command, args, options);
  const child = spawn(file, argv, { stdio: [options.input ? 'pipe' : 'ignore', 'pipe', 'pipe'], env });
  let stderr = '';
  let timedOut = false;
  let spawnError: Error | null = null;
  const closed = new Promise<number | null>((resolve) => {
    child.on('close', (status) => resolve(status));
    child.on('error', (error: NodeJS.ErrnoException) => {
      spawnError = error.code === 'ENOENT' ? notInstalled(command) : error;
      resolve(null);
    });
  });
  const timer = setTimeout(
    () => {
      timedOut = true;
      child.kill('SIGKILL');
    },
    Math.min(options.timeoutMs, 2 ** 31 - 1),
  );
  const abort = () => child.kill('SIGKILL');
  options.signal?.addEventListener('abort', abort, { once: true });
  child.stderr!.on('data', (d: Buffer) => {
    if (stderr.length < 64 * 1024) stderr += d.toString('utf8');
  });
  if (options.input && child.stdin) {
    child.stdin.on('error', () => undefined);
    options.input.on('error', () => child.stdin!.destroy());
    options.input.pipe(child.stdin);
  }
  const stdout = child.stdout!;
  async function* pieces(): AsyncGenerator<Buffer> {
    let bytes = 0;
    try {
      for await (const piece of stdout as AsyncIterable<Buffer>) {
        bytes += piece.length;
        yield piece;
      }
      const status = await closed;
      if (spawnError) throw spawnError;
      if (status === 127 && /No such file|not found/.test(stderr)) throw notInstalled(command);
      if (options.signal?.aborted) throw new Error(`${command} was stopped`);
      if (timedOut) throw new ToolOutputError(`${command} did not finish within ${Math.round(options.timeoutMs / 1000)} s`);
      if (status !== 0 || bytes === 0) {
        const said = options.reason?.(stderr) ?? lastLine(stderr);
        throw new ToolOutputError(`${command} could not make it: ${said || (status === 0 ? 'it wrote nothing' : `it exited with ${status}`)}`);
      }
    } finally {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', abort);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      options.input?.destroy();
    }
  }
  const iterator = pieces();
  return {
    [Symbol.asyncIterator]: () => iterator,
    destroy: () => {
      child.kill('SIGKILL');
      void iterator.return(undefined);
    },
  };
}

function lastLine(stderr: string): string {
  return (
    stderr
      .trim()
      .split('\n')
      .map((line) => line.replace(/^\[[^\]]*\]\s*/, '').trim())
      .filter(Boolean)
      .pop()
      ?.slice(0, 300) ?? ''
  );
}
