import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Viewer } from '../../src/accounts/index.js';
import type { Kysely } from 'kysely';
import { openHome } from '../../src/app/open-home.js';
import { HomeSeenRepository } from '../../src/app/home/home-seen-repository.js';
import { IntakeNews } from '../../src/app/home/intake-news.js';
import { openStaff } from '../../src/app/open-staff.js';
import type { HomeService } from '../../src/app/index.js';
import { AuditRepository } from '../../src/audit/audit-repository.js';
import type { Cases } from '../../src/cases/open-cases.js';
import { openIntakeStaff } from '../../src/inbox/open-inbox.js';
import type { IntakeStaff } from '../../src/inbox/index.js';
import { ingestNamingItems } from '../helpers/compartment-world.js';
import { DATABASE_KINDS, postgresAvailable } from '../helpers/databases.js';
import { sendFile } from '../helpers/intake-submissions.js';
import { TEST_PASSPHRASE } from '../helpers/vigil-home.js';
import { createTestWorker, type TestWorker } from '../helpers/vigil-worker.js';

const pgUp = await postgresAvailable();
const open = { datePrecision: 'year' as const, dateStart: '2025', documentationStatus: 'reported' as const };
const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

for (const kind of DATABASE_KINDS) {
  describe.skipIf(kind === 'postgres' && !pgUp)(`home pages on ${kind}`, () => {
    let setup: TestWorker;
    let cases: Cases;
    let staff: IntakeStaff;
    let home: HomeService;
    let insider: Viewer;
    let colleague: Viewer;
    let outsider: Viewer;
    let reader: Viewer;
    let restricted: string;
    const ids: Record<string, string> = {};

    const seeAll = async (viewer: Viewer) => {
      const page = await home.home(viewer);
      await home.markSeen(viewer, { asOf: page.asOf, submissions: page.intake?.marks.submissions ?? [], messages: page.intake?.marks.messages ?? [] });
      await tick();
    };

    beforeAll(async () => {
      setup = await createTestWorker(kind);
      const vigil = setup.home.vigil;
      cases = await openStaff(vigil);
      staff = openIntakeStaff(setup.intake, vigil.ingest, vigil.custody, vigil.evidenceIdentity, setup.queue, vigil.database.db);
      home = openHome(vigil, cases, staff, setup.queue);
      const make = async (username: string, role: 'investigator' | 'admin' | 'viewer') =>
        (await cases.accounts.createUser({ username, displayName: `Fictional ${username}`, role, password: 'a long fictional passphrase 42' })).id;
      const insiderId = await make('anna.test', 'investigator');
      const colleagueId = await make('boris.test', 'admin');
      const compartment = (
        await cases.accounts.createCompartment(
          { userId: colleagueId, role: 'admin', compartments: new Set() },
          { name: 'Fictional unit', description: '', members: [insiderId, colleagueId] },
        )
      ).id;
      insider = { userId: insiderId, role: 'investigator', compartments: new Set([compartment]) };
      colleague = { userId: colleagueId, role: 'admin', compartments: new Set([compartment]) };
      outsider = { userId: await make('oleg.test', 'investigator'), role: 'investigator', compartments: new Set() };
      reader = { userId: await make('vera.test', 'viewer'), role: 'viewer', compartments: new Set() };

      const dir = path.join(setup.home.dir, 'corpus');
      fs.mkdirSync(dir);
      fs.writeFileSync(path.join(dir, 'secret-yard.mp4'), crypto.randomBytes(3000));
      fs.writeFileSync(path.join(dir, 'open-gate.jpg'), crypto.randomBytes(2000));
      await ingestNamingItems(setup.home, dir, ids);
      restricted = (await cases.incidents.create(insider, { titleRu: 'Закрытое', titleEn: 'Fictional closed case', ...open, compartmentId: compartment })).id;
      await cases.parts.linkEvidence(insider, restricted, { itemId: ids['secret-yard.mp4']! });
    });
    afterAll(async () => setup?.cleanup());

    it('shows new items only within the reader’s compartments, and counts nothing hidden', async () => {
      const inside = await home.home(insider);
      const outside = await home.home(outsider);
      expect(inside.lastVisit).toBeNull();
      expect(inside.items?.latest.map((i) => i.name).sort()).toEqual(['open-gate.jpg', 'secret-yard.mp4']);
      expect(inside.items?.count).toBe(2);
      expect(outside.items?.latest.map((i) => i.name)).toEqual(['open-gate.jpg']);
      expect(outside.items?.count).toBe(1);
      expect(JSON.stringify(outside)).not.toContain(ids['secret-yard.mp4']);
      expect(JSON.stringify(outside)).not.toContain('closed case');
      // A reader without evidence access sees no items, and no intake.
      const read = await home.home(reader);
      expect(read.items).toBeNull();
      expect(read.intake).toBeNull();
    });

    it('marks what was new as seen only when told, so that a reload keeps it', async () => {
      expect((await home.home(insider)).items?.count).toBe(2);
      await seeAll(insider);
      const after = await home.home(insider);
      expect(after.lastVisit).not.toBeNull();
      expect(after.items?.count).toBe(0);
      // An old page marked seen later does not move the last visit back.
      await home.markSeen(insider, { asOf: '2020-01-01T00:00:00.000Z', submissions: [], messages: [] });
      expect((await home.home(insider)).lastVisit).toBe(after.lastVisit);
      await expect(home.markSeen(insider, { asOf: '2999-01-01T00:00:00.000Z', submissions: [], messages: [] })).rejects.toMatchObject({
        code: 'invalid-input',
      });
    });

    it('tells a follower of a restricted incident what colleagues changed in it, and nobody outside', async () => {
      await seeAll(insider);
      await seeAll(outsider);
      await seeAll(colleague);
      const before = await home.home(insider);
      expect(before.incidents).toEqual({ changes: [], total: 0 });
      await cases.incidents.update(colleague, restricted, 1, {
        titleRu: 'Закрытое',
        titleEn: 'Fictional closed case, updated',
        ...open,
        compartmentId: insider.compartments.values().next().value!,
      });
      const inside = await home.home(insider);
      expect(inside.incidents.total).toBe(1);
      expect(inside.incidents.changes).toMatchObject([{ id: restricted, titleEn: 'Fictional closed case, updated', changes: 1 }]);
      // The one who made the change is not told of it; the outsider cannot follow what they cannot see.
      expect((await home.home(colleague)).incidents.total).toBe(0);
      await expect(cases.follows.setFollowing(outsider, restricted, true)).rejects.toMatchObject({ code: 'not-found' });
      expect((await home.home(outsider)).incidents).toEqual({ changes: [], total: 0 });
      // The colleague now follows it (they changed it); stopping keeps it away.
      expect(await cases.follows.following(colleague, restricted)).toBe(true);
      await cases.follows.setFollowing(insider, restricted, false);
      expect((await home.home(insider)).incidents.total).toBe(0);
      await cases.follows.setFollowing(insider, restricted, true);
      expect((await home.home(insider)).incidents.total).toBe(1);
    });

    it('tells a follower nothing of a hidden item linked to an incident they follow, nor of a colleague opening a restricted one', async () => {
      const openCase = (await cases.incidents.create(outsider, { titleRu: 'Открытое', titleEn: 'Fictional open case', ...open })).id;
      await seeAll(outsider);
      await seeAll(insider);
      await cases.parts.linkEvidence(insider, openCase, { itemId: ids['secret-yard.mp4']! });
      expect((await home.home(outsider)).incidents).toEqual({ changes: [], total: 0 });
      await cases.parts.linkEvidence(insider, openCase, { itemId: ids['open-gate.jpg']! });
      expect((await home.home(outsider)).incidents).toMatchObject({ total: 1, changes: [{ id: openCase, changes: 1 }] });
      await cases.incidents.get(colleague, restricted);
      expect((await home.home(insider)).incidents).toEqual({ changes: [], total: 0 });
    });

    it('shows a new submission and a source’s message to those who work the intake until they mark them seen', async () => {
      await seeAll(insider);
      const source = await setup.intake.sources.create();
      const submission = await setup.intake.submissions.create(source.session, {});
      await sendFile(setup.intake, source, submission, 'fictional-cell.jpg', crypto.randomBytes(1000));
      await setup.intake.messages.fromSource(source.session, 'a fictional message');
      const page = await home.home(insider);
      expect(page.intake?.newSubmissions.map((s) => s.id)).toEqual([submission]);
      expect(page.intake?.newMessages).toEqual([{ submissionId: submission, count: 1 }]);
      // A reload without marking keeps it new; marking what was shown clears it.
      expect((await home.home(insider)).intake?.newSubmissions).toHaveLength(1);
      await home.markSeen(insider, { asOf: page.asOf, submissions: page.intake!.marks.submissions, messages: page.intake!.marks.messages });
      const after = await home.home(insider);
      expect(after.intake?.newSubmissions).toEqual([]);
      expect(after.intake?.newMessages).toEqual([]);
      // Each person has their own: the colleague has not seen it yet.
      expect((await home.home(colleague)).intake?.newSubmissions.map((s) => s.id)).toEqual([submission]);
      // Today's arrivals are marked in memory only: a row written now would date them finer than the day.
      const seenRows = async () =>
        (await (setup.home.vigil.database.db as unknown as Kysely<{ home_seen: { id: string } }>).selectFrom('home_seen').select('id').execute()).map(
          (r) => r.id,
        );
      const todays = [submission, ...page.intake!.marks.messages];
      expect((await seenRows()).filter((id) => todays.includes(id))).toEqual([]);
      const db = setup.home.vigil.database.db as unknown as Kysely<unknown>;
      expect((await new IntakeNews(staff, new HomeSeenRepository(db)).forViewer(insider)).newSubmissions.map((s) => s.id)).toEqual([submission]);
      // Once the day has passed they are written, on the next page the person loads.
      let now = new Date();
      const news = new IntakeNews(staff, new HomeSeenRepository(db), () => now);
      await news.markSeen(insider, { submissions: [submission], messages: page.intake!.marks.messages });
      expect((await seenRows()).filter((id) => todays.includes(id))).toEqual([]);
      now = new Date(Date.now() + 86_400_000);
      expect((await news.forViewer(insider)).newSubmissions).toEqual([]);
      expect((await seenRows()).filter((id) => todays.includes(id)).sort()).toEqual([...todays].sort());

      await staff.cases.assign(colleague, submission, insider.userId);
      expect((await home.home(insider)).intake?.assigned).toMatchObject([{ id: submission, status: 'new', assignee: { id: insider.userId } }]);
      expect((await home.home(colleague)).intake?.assigned).toEqual([]);
    });

    // Found by a security review: the latest 2,000 entries were read, then filtered.
    it('does not let hidden entries push a visible change of a followed incident off the page', async () => {
      const openCase = (await cases.incidents.create(outsider, { titleRu: 'Открытое, вымышленное', titleEn: 'Fictional open case', ...open })).id;
      const page = await home.home(outsider);
      await home.markSeen(outsider, { asOf: page.asOf, submissions: [], messages: [] });
      await tick();
      // A visible change the outsider is told of…
      await cases.parts.linkEvidence(insider, openCase, { itemId: ids['open-gate.jpg']! });
      expect((await home.home(outsider)).incidents.changes.find((c) => c.id === openCase)?.changes).toBe(1);
      // …then 2,000 entries about the same incident that their trail hides (a hidden item linked and unlinked).
      const audit = new AuditRepository(setup.home.vigil.database.db);
      await tick();
      for (let i = 0; i < 2000; i++)
        await audit.record({
          userId: insider.userId,
          action: 'evidence-linked',
          recordType: 'incident',
          recordId: openCase,
          detail: { itemId: ids['secret-yard.mp4']! },
        });
      expect((await home.home(outsider)).incidents.changes.find((c) => c.id === openCase)?.changes).toBe(1);
    }, 120_000);

    it('gives the vault’s state: checkpoint, witnesses, and failed checks only among items the reader may see', async () => {
      expect((await home.home(outsider)).vault).toEqual({ lastVerification: null, checkpoint: null, witnesses: 0, quorum: 0 });
      const keys = await setup.home.vigil.keyring.unlock(TEST_PASSPHRASE);
      const secret = ids['secret-yard.mp4']!;
      const item = (await setup.home.vigil.vault.describe(secret)).item;
      await setup.home.vigil.custody.record([{ event: 'verified', item: secret, sha256: item.sha256, result: 'failed', detail: 'a fictional failure' }]);
      await setup.home.vigil.custody.checkpoint(keys.custodySignerKey, null);
      const inside = (await home.home(insider)).vault;
      expect(inside.lastVerification?.failed).toBe(1);
      // Only a hidden item was checked: nothing tells the outsider a check happened (a security review's finding).
      expect((await home.home(outsider)).vault.lastVerification).toBeNull();
      const open = ids['open-gate.jpg']!;
      await setup.home.vigil.custody.record([
        { event: 'verified', item: open, sha256: (await setup.home.vigil.vault.describe(open)).item.sha256, result: 'intact' },
      ]);
      const outside = (await home.home(outsider)).vault;
      expect(outside.lastVerification).toMatchObject({ failed: 0 });
      expect((await home.home(insider)).vault.lastVerification).toEqual({ at: outside.lastVerification!.at, failed: 1 });
      expect(inside.checkpoint).toMatchObject({ timestamped: false, cosignatures: 0 });
      // The log's size counts every custody event, hidden ones too, and a new checkpoint within the hour says the log
      // grew: only those who manage the vault see the size and the checkpoint's time; others see its day.
      expect(inside.checkpoint?.treeSize).toBeNull();
      expect(inside.checkpoint?.createdAt).toBeNull();
      expect(inside.checkpoint?.createdDay).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      const managed = (await home.home(colleague)).vault.checkpoint!;
      expect(managed.treeSize).toBeGreaterThan(2);
      expect(managed.createdAt?.slice(0, 10)).toBe(managed.createdDay);
      // Without access to evidence, no item's check is the reader's to see.
      expect((await home.home(reader)).vault.lastVerification).toBeNull();
    });
  });
}
