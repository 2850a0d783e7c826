/**
 * The shared-data check as the clerk sees it: in the applicant step (live, as typed) and
 * on the case (what was asked last, queued or answered).
 */
import { CheckCircleOutlined, ClockCircleOutlined, CloseCircleOutlined, ExclamationCircleOutlined, LoadingOutlined } from '@ant-design/icons';
import { Tag, Typography } from 'antd';
import { useLiveQuery } from 'dexie-react-hooks';
import { useMemo, type ReactNode } from 'react';
import { formatDateTime, useLocale, useT, type TFunction } from '../../app/i18n';
import { useServices } from '../../app/services';
import { VerificationsRepository, type VerificationRow } from '../../db/verificationsRepository';
import { useVerificationQueue } from './runtime';
import { verificationLabel, type VerificationTone } from './subject';
import type { ApplicantVerification } from './useApplicantVerification';

const ICONS: Record<VerificationTone, ReactNode> = {
  success: <CheckCircleOutlined />,
  error: <CloseCircleOutlined />,
  warning: <ExclamationCircleOutlined />,
  processing: <LoadingOutlined />,
  default: <ClockCircleOutlined />,
};

export function VerificationTag({ row }: { row: Pick<VerificationRow, 'state' | 'result'> }) {
  const t = useT();
  const { key, tone } = verificationLabel(row);
  return (
    <Tag color={tone} icon={ICONS[tone]} style={{ marginInlineEnd: 0 }} data-testid="verification-tag">
      {t(key)}
    </Tag>
  );
}

function details(t: TFunction, locale: 'zh-CN' | 'en', row: VerificationRow): string[] {
  const out: string[] = [];
  if (row.state === 'done' && row.mismatchedFields?.length)
    out.push(t('verify.mismatchFields', { fields: row.mismatchedFields.map((f) => t(`verify.field.${f}`)).join(t('common.listSep')) }));
  if (row.state === 'done' && row.source && row.checkedAt) out.push(t('verify.source', { source: row.source, at: formatDateTime(row.checkedAt, locale) }));
  if (row.state === 'pending') out.push(t('verify.pendingHint', { n: row.attempts }));
  if (row.state === 'failed' && row.error) out.push(row.error);
  return out;
}

/** One line under the applicant's fields. */
export function ApplicantVerificationLine({ v }: { v: ApplicantVerification }) {
  const t = useT();
  const locale = useLocale();
  const state = !v.subject ? 'waiting' : v.checking && v.row?.state !== 'done' ? 'checking' : (v.row?.state ?? 'checking');
  return (
    <div
      data-testid="applicant-verification"
      data-state={state}
      data-result={v.row?.state === 'done' ? v.row.result : undefined}
      style={{ display: 'flex', alignItems: 'center', gap: 8, flexWrap: 'wrap', marginTop: 10 }}
      aria-live="polite"
    >
      <Typography.Text type="secondary">{t('verify.title')}</Typography.Text>
      {state === 'waiting' ? (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('verify.waitingInput')}
        </Typography.Text>
      ) : state === 'checking' ? (
        <Tag color="processing" icon={<LoadingOutlined />} data-testid="verification-tag">
          {t('verify.state.checking')}
        </Tag>
      ) : (
        v.row && (
          <>
            <VerificationTag row={v.row} />
            {v.row.state === 'pending' ? (
              <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="verification-queued">
                {t('verify.queued')}
              </Typography.Text>
            ) : (
              details(t, locale, v.row).map((d) => (
                <Typography.Text key={d} type="secondary" style={{ fontSize: 12 }}>
                  {d}
                </Typography.Text>
              ))
            )}
          </>
        )
      )}
    </div>
  );
}

/** The case's check, for the case detail (live: a queued check turns into its answer after sync). */
export function CaseVerification({ caseId }: { caseId: string }) {
  const t = useT();
  const locale = useLocale();
  const { db } = useServices();
  useVerificationQueue();
  const repo = useMemo(() => new VerificationsRepository(db), [db]);
  const row = useLiveQuery(() => repo.get(caseId), [repo, caseId]);
  return (
    <div data-testid="case-verification" data-state={row?.state ?? 'none'} data-result={row?.state === 'done' ? row.result : undefined} style={{ display: 'inline-flex', alignItems: 'center', gap: 8, flexWrap: 'wrap' }}>
      {row ? (
        <>
          <VerificationTag row={row} />
          {details(t, locale, row).map((d) => (
            <Typography.Text key={d} type="secondary" style={{ fontSize: 12 }}>
              {d}
            </Typography.Text>
          ))}
        </>
      ) : (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('verify.notAsked')}
        </Typography.Text>
      )}
    </div>
  );
}
