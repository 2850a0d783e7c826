/**
 * 代办授权: every proxy authorisation with where it stands today; a new one (window, target
 * region, the region's items, validity, who grants it); a revocation with who and why. The
 * forms are checked against the shared contract before sending; the center's field errors
 * land under their fields.
 */
import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { Alert, App as AntApp, Button, Form, Input, Select, Space, Table, Tag, Tooltip } from 'antd';
import { useState } from 'react';
import { CreateProxyAuthorisationRequest, RevokeProxyAuthorisationRequest, shanghaiDate, type ProxyAuthorisation } from '../../../src-shared/protocol/proxy';
import { describeError } from '../../app/errors';
import { useT, type MessageKey } from '../../app/i18n';
import { useLoad } from '../../app/useLoad';
import { FormModal } from './FormModal';
import { useOperatorApi } from './operatorApiContext';
import { useFormRun } from './useFormRun';
import { authorisationState, proxyRequest, sortAuthorisations, targetRegions, type AuthorisationState, type ProxyFormValues } from './operatorModel';

const STATE_TAG: Record<AuthorisationState, { color: string; key: MessageKey }> = {
  active: { color: 'green', key: 'operator.proxy.state.active' },
  upcoming: { color: 'blue', key: 'operator.proxy.state.upcoming' },
  ended: { color: 'default', key: 'operator.proxy.state.ended' },
  revoked: { color: 'red', key: 'operator.proxy.state.revoked' },
};

const CREATE_FIELDS = ['windowId', 'regionCode', 'itemCodes', 'validFrom', 'validTo', 'createdBy'] as const;
const REVOKE_FIELDS = ['revokedBy', 'reason'] as const;

function CreateModal({ onClose, onCreated }: { onClose: () => void; onCreated: (a: ProxyAuthorisation) => void }) {
  const t = useT();
  const api = useOperatorApi();
  const [form] = Form.useForm<ProxyFormValues>();
  const { busy, formError, run } = useFormRun(CREATE_FIELDS);
  const [initial] = useState<ProxyFormValues>(() => ({ validFrom: shanghaiDate(Date.now()) ?? '', itemCodes: [] }));
  const windowId = Form.useWatch('windowId', form);
  const regionCode = Form.useWatch('regionCode', form);
  const windows = useLoad('windows', () => api.windows());
  const regions = useLoad('regions', () => api.regions());
  const items = useLoad(`items:${regionCode ?? ''}`, () => (regionCode ? api.implementationsOf(regionCode) : Promise.resolve([])));
  const chosen = windows.data?.find((w) => w.id === windowId);
  const targets = targetRegions(regions.data ?? [], chosen);

  async function submit() {
    const created = await run(form, CreateProxyAuthorisationRequest, proxyRequest(form.getFieldsValue(true)), (req) => api.createProxyAuthorisation(req));
    if (created) onCreated(created);
  }

  return (
    <FormModal
      title={t('operator.proxy.create')}
      okText={t('operator.proxy.createSubmit')}
      okTestId="proxy-create-submit"
      width={720}
      {...{ form, busy, formError, onClose, onSubmit: submit }}
      initialValues={initial}
    >
      <Form.Item name="windowId" label={t('operator.proxy.window')}>
        <Select
          showSearch={{ optionFilterProp: 'label' }}
          loading={windows.loading}
          options={(windows.data ?? []).map((w) => ({ value: w.id, label: `${w.name}（${w.id}）` }))}
          onChange={() => form.setFieldsValue({ regionCode: undefined, itemCodes: [] })}
          data-testid="proxy-window"
        />
      </Form.Item>
      <Form.Item name="regionCode" label={t('operator.proxy.region')} extra={t('operator.proxy.regionHint')}>
        <Select
          showSearch={{ optionFilterProp: 'label' }}
          loading={regions.loading}
          disabled={!chosen}
          options={targets.map((r) => ({ value: r.code, label: `${r.name} ${r.code}` }))}
          onChange={() => form.setFieldsValue({ itemCodes: [] })}
          data-testid="proxy-region"
        />
      </Form.Item>
      <Form.Item name="itemCodes" label={t('operator.proxy.items')}>
        <Select
          mode="multiple"
          showSearch={{ optionFilterProp: 'label' }}
          loading={items.loading}
          disabled={!regionCode}
          notFoundContent={regionCode && !items.loading ? t('operator.proxy.noItems') : null}
          options={(items.data ?? []).map((i) => ({ value: i.itemCode, label: `${i.name}（${i.itemCode}）${i.crossRegion ? '' : t('operator.proxy.notCrossRegion')}` }))}
          data-testid="proxy-items"
        />
      </Form.Item>
      <Space size="large" wrap>
        <Form.Item name="validFrom" label={t('operator.proxy.validFrom')}>
          <Input type="date" data-testid="proxy-valid-from" />
        </Form.Item>
        <Form.Item name="validTo" label={t('operator.proxy.validTo')}>
          <Input type="date" data-testid="proxy-valid-to" />
        </Form.Item>
        <Form.Item name="createdBy" label={t('operator.proxy.createdBy')}>
          <Input maxLength={64} style={{ width: 260 }} data-testid="proxy-created-by" />
        </Form.Item>
      </Space>
    </FormModal>
  );
}

function RevokeModal({ target, onClose, onRevoked }: { target: ProxyAuthorisation; onClose: () => void; onRevoked: (a: ProxyAuthorisation) => void }) {
  const t = useT();
  const api = useOperatorApi();
  const [form] = Form.useForm<{ revokedBy?: string; reason?: string }>();
  const { busy, formError, run } = useFormRun(REVOKE_FIELDS);
  async function submit() {
    const v = form.getFieldsValue(true);
    const done = await run(form, RevokeProxyAuthorisationRequest, { revokedBy: v.revokedBy ?? '', reason: v.reason ?? '' }, (req) => api.revokeProxyAuthorisation(target.id, req));
    if (done) onRevoked(done);
  }
  return (
    <FormModal
      title={t('operator.proxy.revokeTitle', { window: target.windowName, region: target.regionName })}
      okText={t('operator.proxy.revoke')}
      okTestId="proxy-revoke-submit"
      danger
      hint={t('operator.proxy.revokeHint')}
      {...{ form, busy, formError, onClose, onSubmit: submit }}
    >
      <Form.Item name="revokedBy" label={t('operator.proxy.revokedBy')}>
        <Input maxLength={64} autoFocus data-testid="proxy-revoked-by" />
      </Form.Item>
      <Form.Item name="reason" label={t('operator.reason')}>
        <Input.TextArea rows={3} maxLength={500} data-testid="proxy-revoke-reason" />
      </Form.Item>
    </FormModal>
  );
}

export function ProxyTab() {
  const t = useT();
  const api = useOperatorApi();
  const { message } = AntApp.useApp();
  const [windowFilter, setWindowFilter] = useState<string | undefined>();
  const [creating, setCreating] = useState(false);
  const [revoking, setRevoking] = useState<ProxyAuthorisation | null>(null);
  const list = useLoad(`proxy:${windowFilter ?? ''}`, () => api.proxyAuthorisations(windowFilter ? { windowId: windowFilter } : {}));
  const windows = useLoad('windows', () => api.windows());
  // Today in China, fixed for the page's life (an operator reloads to move it on).
  const [today] = useState(() => shanghaiDate(Date.now()) ?? '');
  const rows = sortAuthorisations(list.data ?? [], today);

  return (
    <div data-testid="operator-proxy">
      <Space style={{ marginBottom: 12 }} wrap>
        <Select
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          placeholder={t('operator.proxy.filterWindow')}
          style={{ width: 320 }}
          value={windowFilter}
          onChange={(v?: string) => setWindowFilter(v)}
          options={(windows.data ?? []).map((w) => ({ value: w.id, label: `${w.name}（${w.id}）` }))}
          data-testid="proxy-filter-window"
        />
        <Button icon={<ReloadOutlined />} onClick={list.reload}>
          {t('common.refresh')}
        </Button>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="proxy-create">
          {t('operator.proxy.create')}
        </Button>
      </Space>
      {list.error !== undefined && <Alert type="error" showIcon title={describeError(t, list.error)} style={{ marginBottom: 12 }} />}
      <Table<ProxyAuthorisation>
        rowKey="id"
        size="small"
        loading={list.loading}
        dataSource={rows}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        locale={{ emptyText: t('operator.proxy.empty') }}
        onRow={(a) => ({ 'data-testid': `proxy-row-${a.id}` }) as object}
        columns={[
          { title: t('operator.proxy.window'), render: (_, a) => `${a.windowName}（${a.windowId}）` },
          { title: t('operator.proxy.region'), render: (_, a) => `${a.regionName} ${a.regionCode}` },
          {
            title: t('operator.proxy.items'),
            render: (_, a) => (
              <Tooltip title={a.itemCodes.join('、')}>
                <span>{t('operator.proxy.itemCount', { n: a.itemCodes.length })}</span>
              </Tooltip>
            ),
          },
          { title: t('operator.proxy.validity'), render: (_, a) => `${a.validFrom} ~ ${a.validTo}` },
          {
            title: t('operator.proxy.state'),
            render: (_, a) => {
              const s = authorisationState(a, today);
              const tag = (
                <Tag color={STATE_TAG[s].color} data-testid="proxy-state" data-state={s}>
                  {t(STATE_TAG[s].key)}
                </Tag>
              );
              return s === 'revoked' ? <Tooltip title={`${a.revokedBy ?? ''}：${a.revokeReason ?? ''}`}>{tag}</Tooltip> : tag;
            },
          },
          { title: t('operator.proxy.createdBy'), render: (_, a) => `${a.createdBy} · ${shanghaiDate(a.createdAt) ?? ''}` },
          {
            title: '',
            render: (_, a) =>
              a.revokedAt ? null : (
                <Button size="small" danger onClick={() => setRevoking(a)} data-testid="proxy-revoke">
                  {t('operator.proxy.revoke')}
                </Button>
              ),
          },
        ]}
      />
      {creating && (
        <CreateModal
          onClose={() => setCreating(false)}
          onCreated={(a) => {
            setCreating(false);
            message.success(t('operator.proxy.created', { window: a.windowName, region: a.regionName }));
            list.reload();
          }}
        />
      )}
      {revoking && (
        <RevokeModal
          target={revoking}
          onClose={() => setRevoking(null)}
          onRevoked={() => {
            setRevoking(null);
            message.success(t('operator.proxy.revoked'));
            list.reload();
          }}
        />
      )}
    </div>
  );
}

