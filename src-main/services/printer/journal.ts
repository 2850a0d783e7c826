/**
 * Main's own print journal (<data dir>/print-journal.jsonl): one line per print and per
 * refusal, appended, never rewritten. The window's log of prints is the case's events
 * (synced to the center); this journal is main's memory of what it printed, so a reprint
 * needs its reason even when the page claims a result was never printed.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';

export interface JournalEntry {
  at: string;
  resultId: string;
  sha256: string;
  caseNumber: string;
  outcome: 'printed' | 'refused' | 'failed';
  printerId?: string;
  printerName?: string;
  copies?: number;
  reprint?: boolean;
  reason?: string;
  jobId?: string;
  /** Why it was refused or failed. */
  code?: string;
}

export class PrintJournal {
  constructor(readonly file: string) {}

  async entries(): Promise<JournalEntry[]> {
    let text: string;
    try {
      text = await fs.readFile(this.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw err;
    }
    const out: JournalEntry[] = [];
    for (const line of text.split('\n')) {
      if (!line.trim()) continue;
      try {
        out.push(JSON.parse(line) as JournalEntry);
      } catch {
        // A line cut short by a crash: the others still count.
      }
    }
    return out;
  }

  async printsOf(resultId: string): Promise<number> {
    return (await this.entries()).filter((e) => e.resultId === resultId && e.outcome === 'printed').length;
  }

  async append(e: JournalEntry): Promise<void> {
    await fs.mkdir(path.dirname(this.file), { recursive: true });
    await fs.appendFile(this.file, JSON.stringify(e) + '\n', { mode: 0o600 });
  }
}
