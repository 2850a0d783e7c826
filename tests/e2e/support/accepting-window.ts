/**
 * Another window that accepts a joint-approval case, at the API level, for the end-to-end
 * specs (console.spec.ts, results-elsewhere.spec.ts): the clerk app's own sync client
 * (enrolled with a one-time code the operator asks for) uploads a scan and the acceptance
 * receipt and pushes "received" + "accepted" of a fresh case. The client is handed back
 * enrolled, for more calls as that window; the caller closes it.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import path from 'node:path';
import { expect } from '@playwright/test';
import { scryptProtector } from '../../../src-main/services/device/protector';
import { SyncClient } from '../../../src-main/services/sync-transport/sync-client';
import { formatCaseNumber } from '../../../src-shared/domain/case-number';
import { appendEvent, type CaseEvent } from '../../../src-shared/domain/event-chain';
import type { SyncRecord } from '../../../src-shared/protocol/sync';
import { enrollmentCode, syncEndpoint } from './operator';

export interface AcceptingWindow {
  centerUrl: string;
  /** The province root (PEM file) the window trusts. */
  rootFile: string;
  /** CENTER_ADMIN_TOKEN, for the enrollment code. */
  adminToken: string;
  /** Where this window's device keeps its key (enrolling again replaces it). */
  dataDir: string;
  windowId: string;
  regionCode: string;
  clerkId: string;
}

export interface JointItem {
  implementationCode: string;
  itemCode: string;
  name: string;
  regionCode: string;
  promisedDays: number;
}

export interface AcceptedCase {
  caseId: string;
  caseNumber: string;
  deviceId: string;
  /** The window's sync client, enrolled as `deviceId`: close it when done. */
  client: SyncClient;
}

const pdf = (text: string) => Buffer.from(`%PDF-1.4\n% ${text} ${randomUUID()}\n%%EOF\n`);

/** Enrolls a new device of the window, uploads the scan and the receipt, pushes "received" + "accepted". */
export async function windowAcceptsJointCase(w: AcceptingWindow, item: JointItem, applicant: string): Promise<AcceptedCase> {
  const endpoint = await syncEndpoint(w.centerUrl);
  const { code } = await enrollmentCode({ syncUrl: endpoint.url, rootPemFile: w.rootFile, token: w.adminToken, windowId: w.windowId });
  const client = new SyncClient({
    dataDir: w.dataDir,
    protector: scryptProtector(path.join(w.dataDir, 'machine-secret')),
    rootFile: w.rootFile,
    centerUrl: async () => w.centerUrl,
  });
  const deviceId = randomBytes(3).toString('hex').toUpperCase();
  await client.enroll({ code, deviceId, windowId: w.windowId });

  const upload = async (bytes: Buffer) => {
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const r = await client.blobChunk({ sha256, size: bytes.length, offset: 0, data: new Uint8Array(bytes) });
    expect(r.ok, JSON.stringify(r)).toBe(true);
    return { sha256, size: bytes.length };
  };
  const scan = await upload(pdf('scan: activity plan'));
  const receipt = await upload(pdf('acceptance notice'));

  const at = new Date(Date.now() - 60_000).toISOString();
  const today = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai' }).format(new Date());
  const caseId = randomUUID();
  const caseNumber = formatCaseNumber({ regionCode: w.regionCode, date: today, deviceId, seq: 1 });
  const received = await appendEvent(null, {
    caseId,
    type: 'received',
    at,
    actor: w.clerkId,
    data: {
      id: caseId,
      caseNumber,
      windowId: w.windowId,
      clerkId: w.clerkId,
      deviceId,
      windowRegionCode: w.regionCode,
      item: { implementationCode: item.implementationCode, itemCode: item.itemCode, name: item.name, regionCode: item.regionCode, promisedDays: item.promisedDays, caseType: '2' },
      applicant: { kind: 'person', name: applicant, documentType: '111', documentNumber: '11010519491231002X' },
      form: { activityName: '长安区迎新春文艺演出', audience: 3000 },
      materials: [
        {
          materialId: 'm1',
          name: '活动方案',
          required: true,
          tolerable: false,
          originalsRequired: 1,
          copiesRequired: 0,
          originalSeen: true,
          copiesReceived: 0,
          scans: [{ sha256: scan.sha256, name: '活动方案.pdf', mediaType: 'application/pdf', size: scan.size }],
        },
      ],
      status: 'received',
      receivedAt: at,
    },
  });
  const accepted = await appendEvent(received, {
    caseId,
    type: 'accepted',
    at,
    actor: w.clerkId,
    data: { decision: { kind: 'accept', at, clerkId: w.clerkId }, status: 'accepted', document: { type: 'acceptance', sha256: receipt.sha256 } },
  });
  const records: SyncRecord[] = [received, accepted].map((event: CaseEvent, i) => ({
    id: randomUUID(),
    deviceId,
    deviceSeq: i + 1,
    windowId: w.windowId,
    caseId,
    event,
    blobs: i === 0 ? [scan.sha256] : [receipt.sha256],
    createdAt: at,
  }));
  const pushed = await client.push(records);
  expect(pushed.ok && pushed.value.results.every((r) => r.status === 'accepted'), JSON.stringify(pushed)).toBe(true);
  return { caseId, caseNumber, deviceId, client };
}
