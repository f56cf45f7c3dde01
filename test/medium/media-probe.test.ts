import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { iso6709, probeMedia, serveOnLoopback, type SeekableSource } from '../../src/media/index.js';

let dir: string;
const file = (name: string) => path.join(dir, name);
const ffmpeg = (...args: string[]) => execFileSync('ffmpeg', ['-v', 'error', '-y', ...args.slice(0, -1), '-threads', '1', args[args.length - 1]!]); // one thread: other suites run beside these

/** A source in memory that remembers where each range it was asked for started. */
function memorySource(bytes: Buffer): SeekableSource & { starts: number[] } {
  const starts: number[] = [];
  return {
    size: bytes.length,
    starts,
    range: async (start, end) => {
      starts.push(start);
      return Readable.from([bytes.subarray(start, end + 1)]);
    },
  };
}

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-probe-'));
  // A camera's clip: its index (moov) at the end, as recorders write it, so that reading it needs a seek.
  ffmpeg(
    ...['-f', 'lavfi', '-i', 'testsrc=size=320x240:rate=25', '-f', 'lavfi', '-i', 'sine=frequency=440', '-t', '8', '-b:v', '3M'],
    ...['-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-movflags', '+use_metadata_tags'],
    ...['-metadata', 'creation_time=2024-03-01T10:20:30Z', '-metadata', 'location=+55.7558+037.6173+150.0/'],
    ...['-metadata', 'com.apple.quicktime.make=Fictional Optics', '-metadata', 'com.apple.quicktime.model=BodyCam 7'],
    file('clip.mov'),
  );
  ffmpeg('-f', 'lavfi', '-i', 'sine=frequency=300:sample_rate=16000', '-t', '2', file('voice.wav'));
  ffmpeg('-f', 'lavfi', '-i', 'testsrc=size=640x480', '-frames:v', '1', file('photo.jpg'));
  execFileSync('exiftool', [
    '-q',
    '-overwrite_original',
    '-Make=Fictional Optics',
    '-Model=Pocket 3',
    '-DateTimeOriginal=2023:11:05 08:09:10',
    '-GPSLatitude=59.9386',
    '-GPSLatitudeRef=N',
    '-GPSLongitude=30.3141',
    '-GPSLongitudeRef=E',
    file('photo.jpg'),
  ]);
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('probing media files', () => {
  it('reads what a clip records of itself: container, codecs, duration, frame rate, time, device, place', async () => {
    const probe = await probeMedia({ file: file('clip.mov') });
    expect(probe).toMatchObject({
      readable: true,
      kind: 'video',
      container: 'mov,mp4,m4a,3gp,3g2,mj2',
      video: { codec: 'h264', width: 320, height: 240, frameRate: 25 },
      audio: { codec: 'aac', channels: 1, sampleRate: 44100 },
      device: { make: 'Fictional Optics', model: 'BodyCam 7' },
      location: { latitude: 55.7558, longitude: 37.6173, altitudeMetres: 150 },
    });
    expect(probe.durationSeconds).toBeCloseTo(8, 1);
    expect(probe.recordedAt).toMatch(/^2024-03-01T10:20:30/);
  });

  it('reads the same from plaintext lent on the loopback, seeking to the index at the end of the file', async () => {
    const bytes = fs.readFileSync(file('clip.mov'));
    const source = memorySource(bytes);
    expect(await probeMedia({ source })).toEqual(await probeMedia({ file: file('clip.mov') }));
    expect(Math.max(...source.starts)).toBeGreaterThan(bytes.length / 2);
  });

  it('reads an audio recording', async () => {
    expect(await probeMedia({ file: file('voice.wav') })).toMatchObject({
      readable: true,
      kind: 'audio',
      container: 'wav',
      audio: { codec: 'pcm_s16le', sampleRate: 16000 },
    });
  });

  it("reads a photograph's camera, time and place from its EXIF, through exiftool on a pipe", async () => {
    for (const input of [{ file: file('photo.jpg') }, { source: memorySource(fs.readFileSync(file('photo.jpg'))) }]) {
      expect(await probeMedia(input)).toMatchObject({
        readable: true,
        kind: 'image',
        video: { codec: 'mjpeg', width: 640, height: 480 },
        device: { make: 'Fictional Optics', model: 'Pocket 3' },
        recordedAt: '2023:11:05 08:09:10',
        location: { latitude: 59.9386, longitude: 30.3141 },
      });
    }
  });

  it('flags a truncated clip and bytes that are no media, with the reason, without failing', async () => {
    fs.writeFileSync(file('cut.mov'), fs.readFileSync(file('clip.mov')).subarray(0, 2000));
    fs.writeFileSync(file('noise.mp4'), Buffer.from('these bytes are not a recording of anything at all'));
    for (const name of ['cut.mov', 'noise.mp4']) {
      const probe = await probeMedia({ file: file(name) });
      expect(probe.readable).toBe(false);
      expect(probe.reason).toMatch(/\w/);
      expect(probe.reason).not.toContain(dir);
    }
  });

  it('does not follow a playlist inside the evidence to another address', async () => {
    let fetched = 0;
    const bait = http.createServer((_request, response) => {
      fetched++;
      response.end();
    });
    await new Promise<void>((resolve) => bait.listen(0, '127.0.0.1', resolve));
    const { port } = bait.address() as AddressInfo;
    const playlist = Buffer.from(`#EXTM3U\n#EXT-X-TARGETDURATION:1\n#EXTINF:1,\nhttp://127.0.0.1:${port}/segment.ts\n#EXT-X-ENDLIST\n`);
    try {
      for (const input of [{ source: memorySource(playlist) }, { file: (fs.writeFileSync(file('list.m3u8'), playlist), file('list.m3u8')) }]) {
        const probe = await probeMedia(input);
        expect(probe.readable).toBe(false);
        expect(probe.reason).toMatch(/playlist/);
      }
      expect(fetched).toBe(0);
    } finally {
      bait.close();
    }
  });
});

/** A request to the lender as a tool makes it: through it as a proxy, with the credentials it was given, or none. */
function ask(
  url: string,
  proxy: string | null,
  headers: Record<string, string> = {},
  method = 'GET',
): Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }> {
  const { port } = new URL(url);
  const auth = proxy ? new URL(proxy) : null;
  const credentials = auth
    ? { 'proxy-authorization': `Basic ${Buffer.from(`${decodeURIComponent(auth.username)}:${decodeURIComponent(auth.password)}`).toString('base64')}` }
    : {};
  return new Promise((resolve, reject) => {
    const request = http.request({ host: '127.0.0.1', port, method, path: url, headers: { ...headers, ...credentials } }, (response) => {
      let body = '';
      response.on('data', (d: Buffer) => (body += d.toString()));
      response.on('end', () => resolve({ status: response.statusCode!, body, headers: response.headers }));
    });
    request.on('error', reject);
    request.end();
  });
}

describe('the loopback lender', () => {
  it('puts no secret in the URL a tool is given (any local user can read a command line), and answers only the credentials in its environment', async () => {
    const lent = await serveOnLoopback(memorySource(Buffer.from('0123456789')));
    try {
      expect(lent.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/media$/);
      expect(lent.env.http_proxy).toMatch(/^http:\/\/vigil:[A-Za-z0-9_-]{32}@127\.0\.0\.1:\d+$/);
      const unauthenticated = await ask(lent.url, null);
      expect([unauthenticated.status, unauthenticated.headers['proxy-authenticate']]).toEqual([407, 'Basic realm="vigil"']);
      expect(unauthenticated.body).toBe('');
      expect((await ask(lent.url, lent.env.http_proxy!.replace(/vigil:[^@]+@/, 'vigil:guessed@'))).status).toBe(407);
      const part = await ask(lent.url, lent.env.http_proxy!, { range: 'bytes=2-5' });
      expect([part.status, part.headers['content-range'], part.body]).toEqual([206, 'bytes 2-5/10', '2345']);
      expect((await ask(lent.url, lent.env.http_proxy!, { range: 'bytes=20-' })).status).toBe(416);
      expect((await ask(lent.url, lent.env.http_proxy!)).body).toBe('0123456789');
      expect((await ask(lent.url.replace(/\/media$/, '/other'), lent.env.http_proxy!)).status).toBe(404);
      expect((await ask(lent.url, lent.env.http_proxy!, {}, 'POST')).status).toBe(404);
    } finally {
      await lent.close();
    }
  });

  it('never hands a tool a file path: a name with an image-sequence pattern (%d) opens nothing else', async () => {
    fs.copyFileSync(file('photo.jpg'), file('shot%d.jpg'));
    fs.writeFileSync(file('shot1.jpg'), Buffer.from('a different file, which must not be read'));
    const probe = await probeMedia({ file: file('shot%d.jpg') });
    expect(probe).toMatchObject({ readable: true, kind: 'image', video: { width: 640, height: 480 } });
  });
});

describe('ISO 6709 points', () => {
  it.each([
    ['+55.7558+037.6173/', { latitude: 55.7558, longitude: 37.6173 }],
    ['-33.8688+151.2093+012.5/', { latitude: -33.8688, longitude: 151.2093, altitudeMetres: 12.5 }],
    ['+91.0000+000.0000/', undefined],
    ['somewhere', undefined],
  ])('%s', (value, expected) => {
    expect(iso6709(value)).toEqual(expected);
  });
});
