// electron-builder `beforePack` hook (electron-builder.yml): puts the province root
// certificate the installer ships at resources/province-root.pem, from
//   1. YICHUANG_PROVINCE_ROOT_PEM — a path to the PEM file (or the PEM text itself), or
//   2. resources/province-root.pem already in place (the operator copied it there).
// The file must hold only certificates, each a self-signed CA certificate (a root), and no
// key of any kind. No root: the packaging stops and says what to set. The packaged main
// process reads it from process.resourcesPath (src-main/services/session/province-root.ts).
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const TARGET = path.join('resources', 'province-root.pem');

/** The checked PEM text and where it came from; throws an Error saying what is wrong. */
export function provinceRootPem({ env = process.env, projectDir = process.cwd() } = {}) {
  const raw = env.YICHUANG_PROVINCE_ROOT_PEM && env.YICHUANG_PROVINCE_ROOT_PEM.trim();
  let pem;
  let source;
  if (raw) {
    if (raw.startsWith('-----BEGIN')) {
      pem = raw + '\n';
      source = 'YICHUANG_PROVINCE_ROOT_PEM (text)';
    } else {
      const file = path.resolve(projectDir, raw);
      try {
        pem = fs.readFileSync(file, 'utf8');
      } catch (e) {
        throw new Error(`YICHUANG_PROVINCE_ROOT_PEM 指向的文件无法读取：${file}：${e.message} (cannot read the province root)`, { cause: e });
      }
      source = file;
    }
  } else {
    const file = path.join(projectDir, TARGET);
    if (!fs.existsSync(file)) {
      throw new Error(
        `缺少省级根证书：请设置 YICHUANG_PROVINCE_ROOT_PEM=<根证书 PEM 文件>，或把它放在 ${TARGET} 后再打包；` +
          `演示用：YICHUANG_PROVINCE_ROOT_PEM=data/pki/root.pem npm run dist ` +
          `(no province root: set YICHUANG_PROVINCE_ROOT_PEM or put the PEM at ${TARGET})`,
      );
    }
    pem = fs.readFileSync(file, 'utf8');
    source = file;
  }
  if (/PRIVATE KEY|ENCRYPTED KEY/.test(pem)) throw new Error(`${source} 含有私钥，拒绝打包进安装包 (the file holds a private key)`);
  const blocks = pem.match(/-----BEGIN [^-]+-----[\s\S]*?-----END [^-]+-----/g) || [];
  if (!blocks.length) throw new Error(`${source} 中没有 PEM 证书 (no PEM certificate)`);
  for (const b of blocks) {
    if (!b.startsWith('-----BEGIN CERTIFICATE-----')) throw new Error(`${source} 只能包含证书，发现 ${b.split('\n')[0]} (only certificates allowed)`);
    let x;
    try {
      x = new crypto.X509Certificate(b);
    } catch (e) {
      throw new Error(`${source} 中的证书无法解析：${e.message} (unreadable certificate)`, { cause: e });
    }
    if (!x.ca || !x.checkIssued(x) || !x.verify(x.publicKey)) {
      throw new Error(`${source} 中的证书「${x.subject.replace(/\n/g, ', ')}」不是自签名的根 CA 证书 (not a self-signed root CA certificate)`);
    }
  }
  return { pem: blocks.join('\n') + '\n', source, count: blocks.length };
}

export async function beforePack(context) {
  const projectDir = (context && context.packager && context.packager.projectDir) || process.cwd();
  const { pem, source, count } = provinceRootPem({ projectDir });
  const target = path.join(projectDir, TARGET);
  if (!fs.existsSync(target) || fs.readFileSync(target, 'utf8') !== pem) fs.writeFileSync(target, pem, { mode: 0o644 });
  const sha = crypto.createHash('sha256').update(new crypto.X509Certificate(pem).raw).digest('hex');
  console.log(`  • province root: ${count} certificate(s) from ${source} → ${TARGET} (SHA-256 ${sha})`);
}

export default beforePack;
module.exports.provinceRootPem = provinceRootPem;
