// The runner that drains queued work after a successful sync (result log, applicant checks):
// both real callers start it without an onDrained callback, and it must still drain.
import { describe, expect, it } from 'vitest';
import { startAfterSyncRunner } from '../../../src-renderer/features/sync/afterSync';
import type { SyncStatus } from '../../../src-renderer/sync/engine';

describe('startAfterSyncRunner', () => {
  it('drains on a new successful sync even without an onDrained callback', async () => {
    let emit: (s: SyncStatus | null) => void = () => undefined;
    const handle = {
      owner: true,
      subscribe(fn: (s: SyncStatus | null) => void) {
        emit = fn;
        return () => undefined;
      },
    };
    let drains = 0;
    const runner = startAfterSyncRunner(handle, async () => {
      drains++;
      return drains;
    });
    emit({ lastSuccessAt: '2026-11-26T10:00:00.000Z' } as SyncStatus);
    await expect.poll(() => drains).toBe(1);
    await runner.kick();
    expect(drains).toBe(2);
    runner.stop();
  });
});
