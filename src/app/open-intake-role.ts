import fs from 'node:fs';
import path from 'node:path';
import type { VigilConfig } from '../config/index.js';
import { homeLayout } from '../config/index.js';
import { parseRecipientsFile } from '../crypto/index.js';
import { openIntake, type Intake } from '../intake/index.js';
import { keepToOwner } from '../intake/index.js';

/**
 * The intake role alone: the organisation's public recipients and the intake's own store. It needs no
 * passphrase and opens neither the vault nor the case records, so a seized intake server decrypts nothing.
 */
export async function openIntakeRole(config: VigilConfig): Promise<Intake> {
  // This process is the intake alone: whatever it creates is for its owner only.
  process.umask(0o077);
  const { recipientsFile } = homeLayout(config.home);
  keepToOwner(config.home, path.dirname(recipientsFile), recipientsFile);
  let text: string;
  try {
    text = fs.readFileSync(recipientsFile, 'utf8');
  } catch {
    throw new Error(`the intake role needs the organisation's public recipients in ${recipientsFile} (copy keys/recipients.txt from the staff machine)`);
  }
  return openIntake(config.intake, parseRecipientsFile(text));
}
