/** Unfinished intakes on this PC: resume one (exactly where it was, scans included) or discard it. */
import { DeleteOutlined, EditOutlined, FileTextOutlined } from '@ant-design/icons';
import { Button, Popconfirm, Typography, type ButtonProps } from 'antd';
import { useLiveQuery } from 'dexie-react-hooks';
import { formatDateTime, relativeTime, useLocale, useT } from '../../app/i18n';
import { useServices } from '../../app/services';
import { STEPS } from './model';

const STEP_LABEL = {
  item: 'intake.step.item',
  applicant: 'intake.step.applicant',
  materials: 'intake.step.materials',
  decision: 'intake.step.decision',
} as const;

export function DraftsList({ onResume }: { onResume: (id: string) => void }) {
  const t = useT();
  const locale = useLocale();
  const { drafts } = useServices();
  const rows = useLiveQuery(() => drafts.list(), [drafts]);
  if (!rows || rows.length === 0) return null;
  return (
    <div className="yc-intake-card" data-testid="intake-drafts" data-count={rows.length} style={{ padding: '10px 14px' }}>
      <div className="yc-intake-card-title" style={{ marginBottom: 6 }}>
        <FileTextOutlined />
        {t('intake.drafts.title', { n: rows.length })}
        <Typography.Text type="secondary" style={{ fontWeight: 400, fontSize: 12 }}>
          {t('intake.drafts.hint')}
        </Typography.Text>
      </div>
      <div style={{ maxHeight: 168, overflow: 'auto' }}>
        {rows.map((r) => {
          const stepKey = STEPS[r.step] ?? 'item';
          return (
            <div key={r.id} data-testid="draft-row" data-draft-id={r.id} style={{ display: 'flex', alignItems: 'center', gap: 10, padding: '4px 0', borderBottom: '1px dashed #eef0f4' }}>
              <span className="yc-ellipsis" style={{ flex: 1, fontWeight: 500 }} title={r.title}>
                {r.title}
              </span>
              <Typography.Text type="secondary" style={{ fontSize: 12, whiteSpace: 'nowrap' }}>
                {t('intake.drafts.at', { step: t(STEP_LABEL[stepKey]) })}
              </Typography.Text>
              <Typography.Text type="secondary" style={{ fontSize: 12, whiteSpace: 'nowrap' }} title={formatDateTime(r.updatedAt, locale)}>
                {formatDateTime(r.updatedAt, locale)} · {relativeTime(t, r.updatedAt)}
              </Typography.Text>
              <Button size="small" type="primary" ghost icon={<EditOutlined />} onClick={() => onResume(r.id)} data-testid="draft-resume">
                {t('intake.drafts.resume')}
              </Button>
              <Popconfirm
                title={t('intake.drafts.discardConfirm')}
                okText={t('intake.drafts.discard')}
                cancelText={t('intake.override.cancel')}
                okButtonProps={{ danger: true, 'data-testid': 'draft-discard-confirm' } as ButtonProps}
                onConfirm={() => drafts.discard(r.id)}
              >
                <Button size="small" danger icon={<DeleteOutlined />} data-testid="draft-discard">
                  {t('intake.drafts.discard')}
                </Button>
              </Popconfirm>
            </div>
          );
        })}
      </div>
    </div>
  );
}
