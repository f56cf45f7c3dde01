import path from 'node:path';
import type { VigilConfig } from '../config/index.js';
import { homeLayout, type HomeLayout } from '../config/index.js';
import { openBlobStore, type BlobStore } from '../blobs/index.js';
import { openDatabase, type OpenDatabase } from '../db/index.js';
import { migrateToLatest } from '../db/index.js';
import { CustodyService } from '../custody/index.js';
import { checkpointWitnesses } from './checkpoint-witnesses.js';
import { readCertificateFile } from '../custody/index.js';
import { CustodyRepository } from '../custody/index.js';
import { Keyring } from '../keys/index.js';
import { readSettings, type HomeSettings } from '../config/index.js';
import { ItemRepository } from '../vault/index.js';
import { IngestService } from '../vault/index.js';
import { VaultService } from '../vault/index.js';
import { DerivedViewRepository, MediaAnalysisRepository, MediaDeriveService, MediaItemService } from '../media/index.js';
import { UnitOfWork } from '../db/index.js';
import { VerifyService } from '../vault/index.js';
import { BlobMoveService, ExportService } from '../vault/index.js';

/** One opened Vigil home: its settings, keys, database and services. */
export interface Vigil {
  config: VigilConfig;
  layout: HomeLayout;
  settings: HomeSettings;
  keyring: Keyring;
  database: OpenDatabase;
  /** Where the encrypted blobs live (`VIGIL_BLOBS_URL`). */
  blobs: BlobStore;
  custody: CustodyService;
  ingest: IngestService;
  vault: VaultService;
  /** Probes and perceptual hashes of vault items (each a decryption in the custody log). */
  media: MediaItemService;
  /** Derived views of media items (posters, strips, contact sheets, proxies, cleaned copies), each a vault item of its own. */
  mediaViews: MediaDeriveService;
  verify: VerifyService;
  export: ExportService;
  /** Copies the blobs to another store, logged in custody (`vigil blobs migrate`). */
  blobMove: BlobMoveService;
  /** Keeps the identity in memory so that staff can play evidence (the server, after the passphrase). */
  unlockEvidence(identity: string): void;
  /** The identity kept by `unlockEvidence`, or null while the evidence is locked. */
  evidenceIdentity(): string | null;
  close(): Promise<void>;
}

export async function openVigil(config: VigilConfig): Promise<Vigil> {
  const layout = homeLayout(config.home);
  const settings = readSettings(layout.settingsFile, layout.root);
  const keyring = Keyring.load(layout, config.scryptLogN);
  const witnesses = await checkpointWitnesses(config.custody.witnesses);
  const trustedTsaCas = config.custody.tsaCaFile ? readCertificateFile(config.custody.tsaCaFile, 'VIGIL_TSA_CA_FILE') : null;
  const database = openDatabase(config.database);
  try {
    await migrateToLatest(database.db);
  } catch (error) {
    await database.close();
    throw error;
  }
  const db = database.db;
  const { store: blobs, close: closeBlobs } = await openBlobStore(config.blobs);
  const items = new ItemRepository(db);
  const custody = new CustodyService(db, settings.custodyOrigin, keyring.custodyVerifierKey, {
    checkpointFile: config.custody.checkpointFile,
    checkpointFileInHome: !path.relative(config.home, config.custody.checkpointFile).startsWith('..'),
    witnesses,
    quorum: config.custody.quorum,
    ...(trustedTsaCas ? { timestampTrust: { trustedCas: trustedTsaCas } } : {}),
  });
  const vault = new VaultService(items, blobs, custody, new CustodyRepository(db));
  const ingest = new IngestService(db, items, custody, blobs, keyring.recipients, keyring.blobNameSecret);
  const analyses = new MediaAnalysisRepository(db);
  let identity: string | null = null;
  return {
    config,
    layout,
    settings,
    keyring,
    database,
    blobs,
    custody,
    ingest,
    vault,
    media: new MediaItemService(vault, analyses),
    mediaViews: new MediaDeriveService({ vault, ingest, custody, unit: new UnitOfWork(db), views: new DerivedViewRepository(db), analyses }),
    unlockEvidence: (unlocked: string) => {
      identity = unlocked;
    },
    evidenceIdentity: () => identity,
    verify: new VerifyService(items, blobs, custody, keyring.custodyVerifierKey, settings.custodyOrigin),
    export: new ExportService(items, blobs, custody, keyring.custodyVerifierKey, witnesses),
    blobMove: new BlobMoveService(items, blobs, custody),
    close: async () => {
      closeBlobs();
      await database.close();
    },
  };
}
