/**
 * The applicant step's online check: once the local checks pass, and the clerk has
 * stopped typing for a moment, the question is recorded and asked; without the center it
 * stays queued. Returns the row for the question as it stands now (not an older one).
 */
import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useMemo, useState } from 'react';
import type { SyncFailure } from '../../../src-shared/protocol/clerk-sync';
import { useServices } from '../../app/services';
import { requestKeyOf, subjectOfKey, VerificationsRepository, type VerificationRow, type VerificationSubject } from '../../db/verificationsRepository';
import { localIsoDate, type IntakeData } from '../intake/model';
import { verifyNow } from './queue';
import { useVerificationQueue } from './runtime';
import { verificationSubjectOf } from './subject';

export const VERIFY_DEBOUNCE_MS = 700;

export interface ApplicantVerification {
  subject: VerificationSubject | null;
  /** The row of the current question, once recorded. */
  row: VerificationRow | null;
  /** Asking the center right now. */
  checking: boolean;
  /** Why the last attempt got no answer (the question is queued). */
  failure: SyncFailure | null;
}

export function useApplicantVerification(data: IntakeData, disabled = false): ApplicantVerification {
  const services = useServices();
  useVerificationQueue();
  const repo = useMemo(() => new VerificationsRepository(services.db), [services.db]);
  const [today] = useState(() => localIsoDate());
  const subject = useMemo(() => verificationSubjectOf(data, today), [data, today]);
  const key = subject ? requestKeyOf(subject) : null;
  const [checking, setChecking] = useState<string | null>(null);
  const [failure, setFailure] = useState<{ key: string; failure: SyncFailure } | null>(null);
  const caseId = data.id;

  useEffect(() => {
    if (!key || disabled) return;
    const s = subjectOfKey(key);
    let cancelled = false;
    const timer = setTimeout(() => {
      setChecking(key);
      void verifyNow(repo, services.clerk, caseId, s)
        .then((r) => {
          if (!cancelled) setFailure(r.kind === 'queued' ? { key, failure: r.failure } : null);
        })
        .catch(() => undefined)
        .finally(() => setChecking((k) => (k === key ? null : k)));
    }, VERIFY_DEBOUNCE_MS);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [key, caseId, disabled, repo, services.clerk]);

  const stored = useLiveQuery(() => repo.get(caseId), [repo, caseId]);
  const row = stored && key && stored.requestKey === key ? stored : null;
  return { subject, row, checking: checking !== null && checking === key, failure: failure && failure.key === key ? failure.failure : null };
}
