import { spawn, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

export const CLI = path.resolve('dist/bundle/cli/main.js');

export function assertBuilt(): void {
  if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` (npm test does it first)`);
}

export function cliEnv(home: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.VIGIL_DATABASE_URL;
  delete env.VIGIL_TSA_URL;
  delete env.VIGIL_TSA_CA_FILE;
  return { ...env, VIGIL_HOME: home, VIGIL_PASSPHRASE: 'a test passphrase, not secret', VIGIL_SCRYPT_LOG_N: '10', ...extra };
}

export function vigil(args: string[], env: NodeJS.ProcessEnv, input?: Buffer): SpawnSyncReturns<Buffer> {
  return spawnSync(process.execPath, [CLI, ...args], { env, input, maxBuffer: 256 * 1024 * 1024 });
}

export function vigilAsync(args: string[], env: NodeJS.ProcessEnv) {
  return spawn(process.execPath, [CLI, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Like `vigil`, but leaves the test's event loop free (for servers the test itself runs). */
export function vigilAwait(args: string[], env: NodeJS.ProcessEnv): Promise<{ status: number | null; stdout: Buffer; stderr: Buffer }> {
  const child = vigilAsync(args, env);
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout.on('data', (d: Buffer) => out.push(d));
  child.stderr.on('data', (d: Buffer) => err.push(d));
  return new Promise((resolve) => child.on('close', (status) => resolve({ status, stdout: Buffer.concat(out), stderr: Buffer.concat(err) })));
}

/** A TCP port free on 127.0.0.1 at the time of asking. */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}
