import { newId } from '../db/index.js';
import { today } from './intake-day.js';
import { IntakeError } from './intake-errors.js';
import type { IntakeRepository } from './intake-repository.js';
import { openText, sealText } from './sealed-text.js';
import type { SourceSession } from './source-sessions.js';

export interface SourceViewMessage {
  id: string;
  from: 'source' | 'staff';
  day: string;
  body: string;
}

export interface StaffViewMessage extends SourceViewMessage {
  author: string | null;
}

const MAX_BODY = 20_000;

/**
 * Two-way messages. Each is stored twice encrypted: to the organisation (with the staff author inside)
 * and to the source's reply key, which only the codename re-creates. The intake can read neither.
 */
export class MessageService {
  constructor(
    private readonly repo: IntakeRepository,
    private readonly recipients: string[],
  ) {}

  async fromSource(session: SourceSession, body: string): Promise<void> {
    const text = checkBody(body);
    const recipient = await this.repo.sourceRecipient(session.sourceId);
    if (!recipient) throw new IntakeError(404, 'no-source', 'Sign in again with your codename.');
    await this.store(session.sourceId, 'source', text, null, recipient);
  }

  async forSource(session: SourceSession): Promise<SourceViewMessage[]> {
    const rows = await this.repo.messagesOfSource(session.sourceId);
    return Promise.all(
      rows.map(async (row) => ({
        id: row.id,
        from: row.direction,
        day: row.created_day,
        body: row.to_source_age ? await openText(session.replyIdentity, row.to_source_age) : '',
      })),
    );
  }

  async reply(sourceId: string, author: string, body: string): Promise<StaffViewMessage> {
    const text = checkBody(body);
    const recipient = await this.repo.sourceRecipient(sourceId);
    if (!recipient) throw new IntakeError(404, 'no-source', 'This source no longer exists in intake.');
    const row = await this.store(sourceId, 'staff', text, author, recipient);
    return { id: row.id, from: 'staff', day: row.created_day, body: text, author };
  }

  async forStaff(identity: string, sourceId: string): Promise<StaffViewMessage[]> {
    const rows = await this.repo.messagesOfSource(sourceId);
    return Promise.all(
      rows.map(async (row) => {
        const opened = JSON.parse(await openText(identity, row.to_org_age)) as { body: string; author?: string };
        return { id: row.id, from: row.direction, day: row.created_day, body: opened.body, author: opened.author ?? null };
      }),
    );
  }

  private async store(sourceId: string, direction: 'source' | 'staff', body: string, author: string | null, sourceRecipient: string) {
    return this.repo.insertMessage({
      id: newId('msg'),
      source_id: sourceId,
      direction,
      to_org_age: await sealText(this.recipients, JSON.stringify(author ? { body, author } : { body })),
      to_source_age: await sealText([sourceRecipient], body),
      created_day: today(),
    });
  }
}

function checkBody(body: string): string {
  const text = body.trim();
  if (text === '') throw new IntakeError(400, 'empty-message', 'The message is empty.');
  if (text.length > MAX_BODY) throw new IntakeError(400, 'message-too-long', `A message may be at most ${MAX_BODY} characters.`);
  return text;
}
