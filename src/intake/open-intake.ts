import crypto from 'node:crypto';
import path from 'node:path';
import type { IntakeConfig } from '../config/index.js';
import { openIntakeDatabase } from './db/open-intake-database.js';
import { IntakeLimits } from './intake-limits.js';
import { IntakeRepository } from './intake-repository.js';
import { LandingSettings } from './landing-settings.js';
import { MessageService } from './message-service.js';
import { ownerOnlyFolder } from './owner-only.js';
import { Questionnaire } from './questionnaire.js';
import { RetentionService } from './retention-service.js';
import { SourceService } from './source-service.js';
import { SourceSessions } from './source-sessions.js';
import { SubmissionService } from './submission-service.js';
import { UploadService } from './upload-service.js';
import { UploadStore } from './upload-store.js';

/** The intake role's services: what a public server needs, and nothing that could decrypt. */
export interface Intake {
  config: IntakeConfig;
  recipients: string[];
  repo: IntakeRepository;
  store: UploadStore;
  sources: SourceService;
  uploads: UploadService;
  submissions: SubmissionService;
  messages: MessageService;
  questionnaire: Questionnaire;
  /** The organisation's name and text on the landing page. */
  landing: LandingSettings;
  retention: RetentionService;
  close(): Promise<void>;
}

export async function openIntake(config: IntakeConfig, recipients: string[]): Promise<Intake> {
  if (recipients.length === 0) throw new Error("intake needs at least one of the organisation's age recipients");
  ownerOnlyFolder(config.dir);
  const database = await openIntakeDatabase(config.database);
  const repo = new IntakeRepository(database.db, database.dialect);
  const store = new UploadStore(path.join(config.dir, 'uploads'));
  const salt = await repo.settingOnce('installation-salt', crypto.randomBytes(16).toString('base64'));
  const limits = new IntakeLimits(repo, store, config.pendingLimitBytes, config.diskQuotaBytes, config.pendingFilesLimit);
  const questionnaire = new Questionnaire(repo);
  return {
    config,
    recipients,
    repo,
    store,
    sources: new SourceService(repo, new SourceSessions(), salt),
    uploads: new UploadService(repo, store, recipients, limits, config.retentionDays),
    submissions: new SubmissionService(repo, store, questionnaire, recipients, limits, config.formLimitBytes),
    messages: new MessageService(repo, recipients),
    questionnaire,
    landing: new LandingSettings(repo),
    retention: new RetentionService(repo, store, config.retentionDays),
    close: () => database.close(),
  };
}
