import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, cliEnv, vigilAsync, vigilAwait } from './run-cli.js';

interface Shown {
  views: Array<{ kind: string; state: string; item: string | null; size: number | null; tool: string; removed?: string[] }>;
  viewOf: string | null;
}

/** `vigil media derive` and `vigil media show` with a real worker, as an investigator runs them. */
describe('derived views from the command line', { timeout: 240_000 }, () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  let clipId: string;

  beforeAll(async () => {
    assertBuilt();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-derive-cli-'));
    env = cliEnv(path.join(dir, 'home'), { VIGIL_JOB_POLL_MS: '100' });
    expect((await vigilAwait(['init'], env)).status).toBe(0);
    const leak = path.join(dir, 'leak');
    fs.mkdirSync(leak);
    const clip = path.join(leak, 'corridor.mp4');
    const made = spawnSync('ffmpeg', [
      ...['-v', 'error', '-threads', '1', '-f', 'lavfi', '-i', 'testsrc2=size=320x240:rate=10:duration=4'],
      ...['-metadata', 'title=Corridor, block 3', '-c:v', 'libx264', '-preset', 'ultrafast', '-threads', '1', clip],
    ]);
    expect(made.status, made.stderr.toString()).toBe(0);
    const ingest = await vigilAwait(['ingest', '--json', leak], env);
    expect(ingest.status, ingest.stderr.toString()).toBe(0);
    clipId = (JSON.parse(ingest.stdout.toString()) as { items: Array<{ id: string }> }).items[0]!.id;
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  const show = async (id: string): Promise<Shown> => {
    const run = await vigilAwait(['media', 'show', '--json', id], env);
    expect(run.status, run.stderr.toString()).toBe(0);
    return JSON.parse(run.stdout.toString()) as Shown;
  };

  it('makes every view of an ingested clip once a worker runs, and says which item each is', async () => {
    const worker = vigilAsync(['worker'], env);
    let output = '';
    worker.stderr.on('data', (d: Buffer) => (output += d.toString()));
    try {
      const deadline = Date.now() + 180_000;
      let shown = await show(clipId);
      while (shown.views.filter((v) => v.state === 'stored').length < 5 && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 1000));
        shown = await show(clipId);
      }
      expect(shown.views.map((v) => v.kind).sort(), output).toEqual(['cleaned', 'poster', 'proxy', 'sheet', 'strip']);
      expect(shown.views.every((v) => v.state === 'stored' && v.item !== null && v.size! > 0)).toBe(true);
      expect(shown.views.find((v) => v.kind === 'cleaned')!.removed!.join('\n')).toMatch(/title/);
      expect(shown.viewOf).toBeNull();
    } finally {
      worker.kill('SIGINT');
      await new Promise((r) => worker.once('close', r));
    }
  });

  it('keeps views out of the vault list, names their original, and refuses to analyse or derive a view', async () => {
    const views = (await show(clipId)).views.map((v) => v.item!);
    const listed = (await vigilAwait(['vault', 'list'], env)).stdout.toString();
    expect(listed).toContain(clipId);
    for (const view of views) expect(listed).not.toContain(view);
    const all = (await vigilAwait(['vault', 'list', '--derived'], env)).stdout.toString();
    for (const view of views) expect(all).toContain(view);
    expect((await show(views[0]!)).viewOf).toBe(clipId);

    const analyse = await vigilAwait(['media', 'analyse', views[0]!], env);
    expect(analyse.status).not.toBe(0);
    expect(analyse.stderr.toString()).toMatch(/derived view/);
    const derive = await vigilAwait(['media', 'derive', views[0]!], env);
    expect(derive.status).not.toBe(0);
    expect(derive.stderr.toString()).toMatch(/is a view of/);
    const again = await vigilAwait(['media', 'derive', '--json', clipId], env);
    expect(again.status, again.stderr.toString()).toBe(0);
    expect(JSON.parse(again.stdout.toString())).toEqual({ queued: 1 });
    const said = await vigilAwait(['media', 'derive', clipId], env);
    expect(said.stdout.toString()).toMatch(/^1 item queued for derived views;/);
  });
});
