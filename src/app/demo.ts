import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { pipeline } from 'node:stream/promises';
import tar from 'tar-stream';
import type { VigilConfig } from '../config/index.js';
import { homeLayout } from '../config/index.js';
import { createHome } from '../keys/index.js';
import { DEFAULT_ARCHIVE_LIMITS } from '../vault/index.js';
import { openVigil } from './open-vigil.js';
import { openStaff } from './open-staff.js';
import { createDemoRecords, type DemoLogin } from './demo-records.js';

export const DEMO_PASSPHRASE = 'demo passphrase: not for real evidence';

export interface DemoResult {
  created: boolean;
  home: string;
  passphrase: string | null;
  items: number;
  checkpointSize: number;
  /** The demo administrator's sign-in; null when the home already existed. */
  login: DemoLogin | null;
}

/**
 * A demo organisation with a few obviously fictional files, so a newcomer sees a living vault.
 * Does nothing but report when the home already exists.
 */
export async function runDemo(config: VigilConfig): Promise<DemoResult> {
  const layout = homeLayout(config.home);
  if (fs.existsSync(layout.settingsFile)) {
    const vigil = await openVigil(config);
    try {
      const totals = await vigil.vault.totals();
      return {
        created: false,
        home: config.home,
        passphrase: null,
        items: totals.items,
        checkpointSize: (await vigil.custody.latestCheckpoint())?.tree_size ?? 0,
        login: null,
      };
    } finally {
      await vigil.close();
    }
  }
  const passphrase = config.passphraseFromEnv ?? DEMO_PASSPHRASE;
  await createHome(layout, { organisation: 'Demo Monitors (fictional)', passphrase, scryptLogN: config.scryptLogN });
  const source = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-demo-'));
  try {
    await writeDemoFiles(source);
    const vigil = await openVigil(config);
    try {
      const videos: string[] = [];
      await vigil.ingest.ingest([source], {
        expandArchives: true,
        limits: DEFAULT_ARCHIVE_LIMITS,
        onItem: (item) => {
          if (item.mediaType === 'video/mp4') videos.push(item.id);
        },
      });
      const login = await createDemoRecords(await openStaff(vigil), videos);
      const keys = await vigil.keyring.unlock(passphrase);
      await vigil.verify.verify([], { identity: keys.identity, custodySignerKey: keys.custodySignerKey, tsaUrl: null });
      const checkpoint = await vigil.custody.checkpoint(keys.custodySignerKey, null);
      return { created: true, home: config.home, passphrase, items: (await vigil.vault.totals()).items, checkpointSize: checkpoint.tree_size, login };
    } finally {
      await vigil.close();
    }
  } finally {
    fs.rmSync(source, { recursive: true, force: true });
  }
}

const STATEMENTS: Record<string, string> = {
  'statements/witness-A.txt':
    'SYNTHETIC DEMO DATA. Witness "Pavel Vymyshlenny" (a fictional person) describes the night shift in the\nfictional Colony No. 0 hospital wing: detainees were made to stand for hours.\n',
  'statements/witness-B-ru.txt':
    'ДЕМОНСТРАЦИОННЫЕ ДАННЫЕ. Свидетель «Иван Тестов» (вымышленное лицо) рассказывает, что в вымышленной\nколонии № 0 заключённых избивали в медицинской части.\n',
  'notes/intake-log.csv': 'date,what\n2026-01-01,demo archive received from a fictional source\n',
};

async function writeDemoFiles(dir: string): Promise<void> {
  for (const [name, text] of Object.entries(STATEMENTS)) {
    fs.mkdirSync(path.join(dir, path.dirname(name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  const pack = tar.pack();
  pack.entry({ name: 'cctv/camera-3-frames.bin', mtime: new Date('2025-11-07T02:14:00Z') }, crypto.randomBytes(200_000));
  pack.entry({ name: 'statements/witness-A.txt', mtime: new Date('2025-11-08T10:00:00Z') }, STATEMENTS['statements/witness-A.txt']!);
  pack.finalize();
  await pipeline(pack, zlib.createGzip(), fs.createWriteStream(path.join(dir, 'leak-part-1.tar.gz')));
  writeDemoVideos(path.join(dir, 'cctv'));
}

/**
 * Two 45-second test-pattern videos made by ffmpeg (a clock and a tone, nothing real), so that the
 * evidence player has something to play and seek in. Without ffmpeg the demo has no videos.
 */
function writeDemoVideos(dir: string): void {
  fs.mkdirSync(dir, { recursive: true });
  for (const [name, frequency] of [
    ['camera-3-2025-11-07.mp4', 440],
    ['body-cam-7-2025-11-07.mp4', 660],
  ] as const) {
    const result = spawnSync('ffmpeg', [
      ...['-hide_banner', '-loglevel', 'error', '-y'],
      ...['-f', 'lavfi', '-i', 'testsrc2=size=320x240:rate=10:duration=45'],
      ...['-f', 'lavfi', '-i', `sine=frequency=${frequency}:duration=45`],
      ...['-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-shortest', '-movflags', '+faststart'],
      path.join(dir, name),
    ]);
    if (result.error || result.status !== 0) return;
  }
}
