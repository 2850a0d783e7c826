/** A throwaway province root (ECDSA P-256: fast) and device keys for sync tests. */
import crypto from 'node:crypto';
import { issueCertificate, type Issuer } from '../../../src-node/pki';
import { issueSyncCertificate } from '../../../src-node/sync-auth';

export interface TestRoot extends Issuer {
  pem: string;
}

export function makeRoot(cn = '测试根CA'): TestRoot {
  const { publicKey, privateKey } = crypto.generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const now = Date.now();
  const root = issueCertificate({
    subject: { C: 'CN', ST: '河北省', L: '130000', O: '测试', CN: cn },
    publicKey,
    privateKey,
    profile: 'root-ca',
    notBefore: new Date(now - 86_400_000),
    notAfter: new Date(now + 10 * 365 * 86_400_000),
  });
  return { certDer: root.der, privateKey, pem: root.pem };
}

export function makeDevice(root: Issuer, deviceId = 'AB12CD', opts: { notBefore?: Date; notAfter?: Date } = {}) {
  const keys = crypto.generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const cert = issueSyncCertificate({
    profile: 'device',
    subject: { C: 'CN', ST: '河北省', L: '130102', O: '石家庄市长安区政务服务中心', CN: `一窗受理设备 ${deviceId}`, serialNumber: deviceId },
    publicKey: keys.publicKey,
    issuer: root,
    notBefore: opts.notBefore ?? new Date(Date.now() - 60_000),
    notAfter: opts.notAfter ?? new Date(Date.now() + 365 * 86_400_000),
  });
  return { ...keys, cert, deviceId };
}
