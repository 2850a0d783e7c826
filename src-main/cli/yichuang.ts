/**
 * `yichuang` — command line for support staff and tests.
 *
 * A small dispatcher: each command is an entry of COMMANDS (path of words, summary, run).
 * `main(argv)` returns the exit code; it never calls process.exit itself, so it can be
 * tested in-process. Run through bin/yichuang.js (npx yichuang …) or directly with
 * `tsx src-main/cli/yichuang.ts …`.
 *
 * Exit codes: 0 success, 1 the command failed, 2 usage error (unknown command, bad option).
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { createDemoPki, DEFAULT_CRL_URL, MANIFEST_FILE } from '../../src-node/pki/demo';
import { KEY_ALGORITHM_NAMES, parseKeyAlgorithm } from '../../src-node/pki/keys';
import { validatePin } from '../../src-node/pki/pkcs12';
import { UsageError, type CliIo } from './io';
import { RECEIPT_USAGE, VERIFY_USAGE, receiptCommand, verifyCommand } from './documents';

export { UsageError, type CliIo };

const defaultIo: CliIo = {
  out: (l) => process.stdout.write(l + '\n'),
  err: (l) => process.stderr.write(l + '\n'),
};

export interface Command {
  /** Words that select the command, e.g. ['pki', 'demo']. */
  path: string[];
  /** One line for the command list. */
  summary: string;
  /** Full help text. */
  usage: string;
  run(args: string[], io: CliIo): Promise<number>;
}

const PKI_DEMO_USAGE = `用法 (usage): yichuang pki demo DIR [options]

生成演示用 PKI：省级根CA、时间戳服务证书、省级电子印章、各窗口电子印章和窗口受理员证书
(PKCS#12 + PIN)，外加一张已过期和一张已吊销的受理员证书、CRL，以及 DIR/${MANIFEST_FILE}。
Creates the demo PKI (root CA, TSA, province seal, window seals, clerks, an expired and a
revoked clerk, the CRL) in DIR and describes every file in DIR/${MANIFEST_FILE}.

Options:
  --pin PIN              所有 PKCS#12 使用同一 PIN（演示用，6–64 位 ASCII）; default: random 6 digits each
  --force                覆盖已有的 ${MANIFEST_FILE} / replace an existing ${MANIFEST_FILE}
  --crl-url URL          证书中的 CRL 分发点 / CRL distribution point (default ${DEFAULT_CRL_URL})
  --key-algorithm ALG    ${KEY_ALGORITHM_NAMES.join(' | ')} (default rsa-2048)
  --json                 输出 ${MANIFEST_FILE} 内容 / print the manifest as JSON
  -h, --help             显示帮助 / show this help`;

async function pkiDemo(args: string[], io: CliIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      strict: true,
      options: {
        pin: { type: 'string' },
        force: { type: 'boolean' },
        'crl-url': { type: 'string' },
        'key-algorithm': { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.out(PKI_DEMO_USAGE);
    return 0;
  }
  if (positionals.length !== 1 || !positionals[0]) {
    throw new UsageError('需要且只需要一个目录参数 DIR (expected exactly one DIR argument)');
  }
  const dir = positionals[0];
  let keyAlgorithm;
  try {
    keyAlgorithm = values['key-algorithm'] === undefined ? undefined : parseKeyAlgorithm(values['key-algorithm'], '--key-algorithm');
    if (values.pin !== undefined) validatePin(values.pin, '--pin');
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const started = performance.now();
  const manifest = await createDemoPki(dir, {
    ...(values.pin !== undefined ? { pin: values.pin } : {}),
    ...(values['crl-url'] !== undefined ? { crlUrl: values['crl-url'] } : {}),
    ...(keyAlgorithm !== undefined ? { keyAlgorithm } : {}),
    force: values.force === true,
  });
  const ms = Math.round(performance.now() - started);
  if (values.json) {
    io.out(JSON.stringify(manifest, null, 2));
    return 0;
  }
  io.out(`演示 PKI 已生成 / demo PKI written to ${path.resolve(dir)} (${manifest.entries.length} certificates, ${ms} ms)`);
  for (const e of manifest.entries) {
    const who = e.clerkId ?? e.windowId ?? '';
    const flag = e.status === 'valid' ? '' : `  [${e.status}]`;
    io.out(`  ${e.role.padEnd(13)} ${who.padEnd(14)} ${e.p12.padEnd(30)} PIN ${e.pin}  ${e.subjectFields.CN}${flag}`);
  }
  io.out(`  trust anchor: ${manifest.rootCert}   CRL: ${manifest.crl.pem}, ${manifest.crl.der}   manifest: ${MANIFEST_FILE}`);
  return 0;
}

export const COMMANDS: Command[] = [
  {
    path: ['pki', 'demo'],
    summary: '生成演示 PKI 证书与 PKCS#12 / create the demo PKI (certificates, PKCS#12, CRL, pki.json)',
    usage: PKI_DEMO_USAGE,
    run: pkiDemo,
  },
  {
    path: ['receipt'],
    summary: '按办件记录生成并签章文书 / render and sign a document from a case record',
    usage: RECEIPT_USAGE,
    run: receiptCommand,
  },
  {
    path: ['verify'],
    summary: '验证 PDF 中的每个签名 / verify every signature of a PDF',
    usage: VERIFY_USAGE,
    run: verifyCommand,
  },
];

export function usage(commands: Command[] = COMMANDS): string {
  const width = Math.max(...commands.map((c) => c.path.join(' ').length));
  return [
    '用法 (usage): yichuang <command> [options]',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.path.join(' ').padEnd(width)}  ${c.summary}`),
    '',
    '`yichuang <command> --help` 查看命令帮助 / shows the help of a command.',
  ].join('\n');
}

/** Runs the CLI with `argv` (without node and script) and returns the exit code. */
export async function main(argv: string[], io: CliIo = defaultIo, commands: Command[] = COMMANDS): Promise<number> {
  if (argv.length === 0) {
    io.err(usage(commands));
    return 2;
  }
  if (argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
    io.out(usage(commands));
    return 0;
  }
  // Longest command path that prefixes argv.
  const match = commands
    .filter((c) => c.path.every((w, i) => argv[i] === w))
    .sort((a, b) => b.path.length - a.path.length)[0];
  if (!match) {
    const group = commands.filter((c) => c.path[0] === argv[0]);
    const askedHelp = argv.includes('--help') || argv.includes('-h');
    if (group.length > 0 && askedHelp) {
      io.out(usage(group));
      return 0;
    }
    io.err(`未知命令 / unknown command: ${argv.join(' ')}`);
    io.err(usage(group.length > 0 ? group : commands));
    return 2;
  }
  try {
    return await match.run(argv.slice(match.path.length), io);
  } catch (err) {
    if (err instanceof UsageError) {
      io.err(`错误 / error: ${err.message}`);
      io.err(match.usage);
      return 2;
    }
    io.err(`错误 / error: ${(err as Error).message}`);
    return 1;
  }
}

/** `yichuang … | head` closes stdout early: end quietly instead of an EPIPE stack trace. */
export function ignoreBrokenPipe(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
      throw err;
    });
  }
}

// Run when executed directly (tsx src-main/cli/yichuang.ts …); bin/yichuang.js calls main() itself.
const invokedDirectly = (() => {
  const script = process.argv[1];
  if (!script) return false;
  try {
    return import.meta.url === pathToFileURL(path.resolve(script)).href;
  } catch {
    return false;
  }
})();

if (invokedDirectly) {
  ignoreBrokenPipe();
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`${(err as Error)?.stack ?? String(err)}\n`);
      process.exitCode = 1;
    },
  );
}
