import type { Kysely } from 'kysely';
import type { IntakeRepository } from '../intake/index.js';
import type { MailText } from '../mail/index.js';
import { SubmissionCaseRepository } from './case-repository.js';

export type NoticeKind = 'submission' | 'message';

/**
 * The only words a notification ever holds: that something arrived, never what, from whom, how many or where
 * to look (an e-mail crosses servers the organisation does not run, and a mailbox may be read by others).
 */
export const NOTICE_MAIL: Record<NoticeKind, MailText> = {
  submission: {
    subject: 'Vigil: a new submission / новое обращение',
    text: 'A new submission arrived in Vigil.\nВ Vigil пришло новое обращение.\n',
  },
  message: {
    subject: 'Vigil: a new message / новое сообщение',
    text: 'A new message arrived in Vigil.\nВ Vigil пришло новое сообщение.\n',
  },
};

/**
 * Finds what arrived in the intake since the last look (the staff side reads the intake's database; the public
 * intake itself sends nothing and knows no mail server), and records it as noticed in the main database.
 */
export class IntakeNotices {
  private readonly repo: SubmissionCaseRepository;

  constructor(
    db: Kysely<unknown>,
    private readonly intake: IntakeRepository,
  ) {
    this.repo = new SubmissionCaseRepository(db);
  }

  /**
   * Hands `send` each kind of arrival not noticed before, once however many arrived, then records them as
   * noticed: when `send` fails nothing is recorded, and the next sweep tries again.
   */
  async sweep(send: (kind: NoticeKind) => Promise<void>): Promise<NoticeKind[]> {
    const fresh: [NoticeKind, string[]][] = [
      ['submission', await this.repo.unnoticed((await this.intake.sentSubmissions()).map((s) => s.id))],
      ['message', await this.repo.unnoticed(await this.intake.sourceMessageIds())],
    ];
    const sent: NoticeKind[] = [];
    for (const [kind, ids] of fresh) {
      if (ids.length === 0) continue;
      await send(kind);
      await this.repo.markNoticed(kind, ids);
      sent.push(kind);
    }
    return sent;
  }
}
