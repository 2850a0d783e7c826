/**
 * Run by signing.bench.ts in a fresh process so its peak memory (resourceUsage().maxRSS)
 * belongs to one job only: `seal FILE P12 PIN` seals FILE in place, `hash FILE` only
 * hashes it (the baseline: the same modules loaded, the same file streamed). Prints
 * {"maxRss": bytes} on stdout.
 */
import { readFileSync } from 'node:fs';
import { hashFileRanges, signPdfFile, signerFromP12 } from '../src-node/pades';
import { statSync } from 'node:fs';

const [mode, file, p12, pin] = process.argv.slice(2);
if (!file || (mode !== 'seal' && mode !== 'hash')) throw new Error('usage: signing-memory-child seal|hash FILE [P12 PIN]');
if (mode === 'seal') {
  const signer = signerFromP12(readFileSync(p12!), pin!);
  await signPdfFile(file, file, { signer });
} else {
  await hashFileRanges(file, [[0, statSync(file).size]]);
}
process.stdout.write(JSON.stringify({ maxRss: process.resourceUsage().maxRSS * 1024 }));
