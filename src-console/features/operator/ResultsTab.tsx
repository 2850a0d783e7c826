/**
 * 结果文书: an operator types a verification code and sees the result's trail — each
 * download, print and hand-over with its window, the copies printed, and a warning when two
 * windows handed it over — and may revoke it with a reason (the windows pull the revocation;
 * the public verification says revoked).
 */
import { Alert, App as AntApp, Button, Descriptions, Form, Input, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import type { ResultTrail, ResultTrailEntry } from '../../../src-shared/protocol/result-log';
import { RevokeResultRequest, VerificationCode } from '../../../src-shared/protocol/workflow';
import { describeError } from '../../app/errors';
import { useLocale, useT, type MessageKey } from '../../app/i18n';
import { FormModal } from './FormModal';
import { useOperatorApi } from './operatorApiContext';
import { useFormRun } from './useFormRun';

const TYPE_LABEL: Record<ResultTrailEntry['type'], MessageKey> = {
  'result-received': 'operator.results.type.received',
  'result-printed': 'operator.results.type.printed',
  'result-collected': 'operator.results.type.collected',
};

function RevokeModal({ trail, onClose, onRevoked }: { trail: ResultTrail; onClose: () => void; onRevoked: () => void }) {
  const t = useT();
  const api = useOperatorApi();
  const [form] = Form.useForm<{ reason?: string }>();
  const { busy, formError, run } = useFormRun(['reason']);
  async function submit() {
    const done = await run(form, RevokeResultRequest, { reason: form.getFieldValue('reason') ?? '' }, (req) => api.revokeResult(trail.verificationCode, req));
    if (done) onRevoked();
  }
  return (
    <FormModal
      title={t('operator.results.revokeTitle', { code: trail.verificationCode })}
      okText={t('operator.results.revoke')}
      okTestId="result-revoke-submit"
      danger
      hint={t('operator.results.revokeHint')}
      {...{ form, busy, formError, onClose, onSubmit: submit }}
    >
      <Form.Item name="reason" label={t('operator.reason')}>
        <Input.TextArea rows={3} maxLength={500} autoFocus data-testid="result-revoke-reason" />
      </Form.Item>
    </FormModal>
  );
}

export function ResultsTab() {
  const t = useT();
  const api = useOperatorApi();
  const { message } = AntApp.useApp();
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [trail, setTrail] = useState<ResultTrail | null>(null);
  const [revoking, setRevoking] = useState(false);
  const locale = useLocale();
  // Times as the province reads them (China time), in the page's language.
  const when = (iso: string) => new Date(iso).toLocaleString(locale, { timeZone: 'Asia/Shanghai', hour12: false });

  async function look(raw: string) {
    const parsed = VerificationCode.safeParse(raw);
    if (!parsed.success) {
      setError(t('operator.results.badCode'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      setTrail(await api.resultTrail(parsed.data));
    } catch (e) {
      setTrail(null);
      setError(describeError(t, e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div data-testid="operator-results">
      <Space.Compact style={{ width: '100%', maxWidth: 480, marginBottom: 12 }}>
        <Input
          value={code}
          onChange={(e) => setCode(e.target.value)}
          onPressEnter={() => void look(code)}
          placeholder={t('operator.results.codePlaceholder')}
          aria-label={t('operator.results.codePlaceholder')}
          autoFocus
          data-testid="result-code"
        />
        <Button type="primary" loading={busy} onClick={() => void look(code)} data-testid="result-look">
          {t('operator.results.look')}
        </Button>
      </Space.Compact>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="result-error" />}
      {trail && (
        <>
          {trail.handedOverTwice && (
            <Alert type="warning" showIcon title={t('operator.results.twice', { n: trail.handOvers })} style={{ marginBottom: 12 }} data-testid="result-twice" />
          )}
          <Descriptions size="small" bordered column={3} style={{ marginBottom: 12 }}>
            <Descriptions.Item label={t('operator.results.title')}>{trail.title}</Descriptions.Item>
            <Descriptions.Item label={t('operator.results.caseNumber')}>{trail.caseNumber}</Descriptions.Item>
            <Descriptions.Item label={t('operator.results.status')}>
              <Tag color={trail.status === 'revoked' ? 'red' : 'green'} data-testid="result-status" data-status={trail.status}>
                {t(trail.status === 'revoked' ? 'operator.results.revoked' : 'operator.results.valid')}
              </Tag>
            </Descriptions.Item>
            <Descriptions.Item label={t('operator.results.collectWindow')}>{trail.collectWindowId}</Descriptions.Item>
            {trail.revokedAt && (
              <Descriptions.Item label={t('operator.results.revocation')} span={3}>
                <span data-testid="result-revocation">{t('operator.results.revokedAt', { at: when(trail.revokedAt), reason: trail.revocationReason ?? '' })}</span>
              </Descriptions.Item>
            )}
            <Descriptions.Item label={t('operator.results.copies')}>
              <span data-testid="result-copies">{trail.printedCopies}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('operator.results.handOvers')}>
              <span data-testid="result-handovers">{trail.handOvers}</span>
            </Descriptions.Item>
            <Descriptions.Item label="">
              {trail.status === 'valid' && (
                <Button danger size="small" onClick={() => setRevoking(true)} data-testid="result-revoke">
                  {t('operator.results.revoke')}
                </Button>
              )}
            </Descriptions.Item>
          </Descriptions>
          <Table<ResultTrailEntry>
            size="small"
            rowKey={(e) => `${e.source}:${e.type}:${e.at}:${e.windowId}`}
            dataSource={trail.entries}
            pagination={false}
            locale={{ emptyText: t('operator.results.noEntries') }}
            onRow={(e) => ({ 'data-testid': 'result-entry', 'data-type': e.type }) as object}
            columns={[
              { title: t('operator.results.at'), render: (_, e) => when(e.at) },
              { title: t('operator.results.what'), render: (_, e) => t(TYPE_LABEL[e.type]) },
              { title: t('operator.results.window'), render: (_, e) => `${e.windowId}${e.source === 'case-log' ? t('operator.results.accepting') : ''}` },
              { title: t('operator.results.actor'), dataIndex: 'actor' },
              {
                title: t('operator.results.detail'),
                render: (_, e) =>
                  e.type === 'result-printed'
                    ? t(e.reprint ? 'operator.results.reprint' : 'operator.results.print', { n: e.copies ?? 0, printer: e.printer ?? '', reason: e.reason ?? '' })
                    : e.type === 'result-collected'
                      ? t('operator.results.collector', { name: e.collectorName ?? '', number: e.documentNumber ?? '' })
                      : '',
              },
            ]}
          />
        </>
      )}
      {revoking && trail && (
        <RevokeModal
          trail={trail}
          onClose={() => setRevoking(false)}
          onRevoked={() => {
            setRevoking(false);
            message.success(t('operator.results.revokedDone'));
            void look(trail.verificationCode);
          }}
        />
      )}
    </div>
  );
}
