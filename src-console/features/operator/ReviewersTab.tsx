/**
 * 审查人员: every reviewer account (deactivated ones too); a new account; a new password
 * (the reviewer's sessions end); deactivation (no more logins, sessions end at once).
 */
import { PlusOutlined, ReloadOutlined, SearchOutlined } from '@ant-design/icons';
import { Alert, App as AntApp, Button, Form, Input, Popconfirm, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { CreateReviewerRequest, PASSWORD_MIN_LENGTH, ResetPasswordRequest, type ReviewerAccount } from '../../../src-shared/protocol/console';
import { describeError } from '../../app/errors';
import { useT } from '../../app/i18n';
import { useLoad } from '../../app/useLoad';
import { FormModal } from './FormModal';
import { useOperatorApi } from './operatorApiContext';
import { matchesReviewer } from './operatorModel';
import { useFormRun } from './useFormRun';

interface AccountValues {
  username?: string;
  name?: string;
  departmentCode?: string;
  password?: string;
}

function CreateModal({ onClose, onCreated }: { onClose: () => void; onCreated: (name: string, username: string) => void }) {
  const t = useT();
  const api = useOperatorApi();
  const [form] = Form.useForm<AccountValues>();
  const { busy, formError, run } = useFormRun(['username', 'name', 'departmentCode', 'password']);
  async function submit() {
    const v = form.getFieldsValue(true);
    const body = { username: v.username ?? '', name: v.name ?? '', departmentCode: v.departmentCode ?? '', password: v.password ?? '' };
    const created = await run(form, CreateReviewerRequest, body, (req) => api.createReviewer(req));
    if (created) onCreated(created.name, created.username);
  }
  return (
    <FormModal title={t('operator.reviewers.create')} okText={t('operator.reviewers.createSubmit')} okTestId="reviewer-create-submit" {...{ form, busy, formError, onClose, onSubmit: submit }}>
      <Form.Item name="username" label={t('login.username')}>
        <Input maxLength={64} autoFocus autoComplete="off" data-testid="reviewer-username" />
      </Form.Item>
      <Form.Item name="name" label={t('operator.reviewers.name')}>
        <Input maxLength={64} data-testid="reviewer-name-input" />
      </Form.Item>
      <Form.Item name="departmentCode" label={t('operator.reviewers.departmentCode')}>
        <Input maxLength={32} data-testid="reviewer-department-code" />
      </Form.Item>
      <Form.Item name="password" label={t('login.password')} extra={t('operator.reviewers.passwordHint', { n: PASSWORD_MIN_LENGTH })}>
        <Input.Password autoComplete="new-password" data-testid="reviewer-password" />
      </Form.Item>
    </FormModal>
  );
}

function PasswordModal({ account, onClose, onDone }: { account: ReviewerAccount; onClose: () => void; onDone: () => void }) {
  const t = useT();
  const api = useOperatorApi();
  const [form] = Form.useForm<{ password?: string }>();
  const { busy, formError, run } = useFormRun(['password']);
  async function submit() {
    const done = await run(form, ResetPasswordRequest, { password: form.getFieldValue('password') ?? '' }, (req) => api.resetPassword(account.username, req));
    if (done) onDone();
  }
  return (
    <FormModal
      title={t('operator.reviewers.passwordTitle', { name: account.name, username: account.username })}
      okText={t('operator.reviewers.passwordSubmit')}
      okTestId="reviewer-password-submit"
      {...{ form, busy, formError, onClose, onSubmit: submit }}
    >
      <Form.Item name="password" label={t('operator.reviewers.newPassword')} extra={t('operator.reviewers.passwordHint', { n: PASSWORD_MIN_LENGTH })}>
        <Input.Password autoFocus autoComplete="new-password" data-testid="reviewer-new-password" />
      </Form.Item>
    </FormModal>
  );
}

export function ReviewersTab() {
  const t = useT();
  const api = useOperatorApi();
  const { message } = AntApp.useApp();
  const list = useLoad('reviewers', () => api.reviewers());
  const [creating, setCreating] = useState(false);
  const [resetting, setResetting] = useState<ReviewerAccount | null>(null);
  const [query, setQuery] = useState('');
  const rows = (list.data ?? []).filter((a) => matchesReviewer(a, query));

  async function deactivate(a: ReviewerAccount) {
    try {
      await api.deactivateReviewer(a.username);
      message.success(t('operator.reviewers.deactivated', { name: a.name }));
      list.reload();
    } catch (e) {
      message.error(describeError(t, e));
    }
  }

  return (
    <div data-testid="operator-reviewers">
      <Space style={{ marginBottom: 12 }} wrap>
        <Input
          allowClear
          prefix={<SearchOutlined />}
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          placeholder={t('operator.reviewers.search')}
          aria-label={t('operator.reviewers.search')}
          style={{ width: 320 }}
          data-testid="reviewer-search"
        />
        <Button icon={<ReloadOutlined />} onClick={list.reload}>
          {t('common.refresh')}
        </Button>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="reviewer-create">
          {t('operator.reviewers.create')}
        </Button>
      </Space>
      {list.error !== undefined && <Alert type="error" showIcon title={describeError(t, list.error)} style={{ marginBottom: 12 }} />}
      <Table<ReviewerAccount>
        rowKey="id"
        size="small"
        loading={list.loading}
        dataSource={rows}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        onRow={(a) => ({ 'data-testid': `reviewer-row-${a.username}` }) as object}
        columns={[
          { title: t('login.username'), dataIndex: 'username' },
          { title: t('operator.reviewers.name'), dataIndex: 'name' },
          { title: t('operator.reviewers.department'), render: (_, a) => `${a.departmentName}（${a.departmentCode}）` },
          { title: t('operator.reviewers.region'), dataIndex: 'regionName' },
          {
            title: t('operator.reviewers.state'),
            render: (_, a) => (
              <Tag color={a.active ? 'green' : 'default'} data-testid="reviewer-state" data-active={String(a.active)}>
                {t(a.active ? 'operator.reviewers.active' : 'operator.reviewers.inactive')}
              </Tag>
            ),
          },
          {
            title: '',
            render: (_, a) =>
              a.active ? (
                <Space size="small">
                  <Button size="small" onClick={() => setResetting(a)} data-testid="reviewer-reset">
                    {t('operator.reviewers.resetPassword')}
                  </Button>
                  <Popconfirm
                    title={t('operator.reviewers.deactivateConfirm', { name: a.name })}
                    okText={t('operator.reviewers.deactivate')}
                    cancelText={t('common.cancel')}
                    okButtonProps={{ danger: true, 'data-testid': 'reviewer-deactivate-confirm' }}
                    onConfirm={() => deactivate(a)}
                  >
                    <Button size="small" danger data-testid="reviewer-deactivate">
                      {t('operator.reviewers.deactivate')}
                    </Button>
                  </Popconfirm>
                </Space>
              ) : null,
          },
        ]}
      />
      {creating && (
        <CreateModal
          onClose={() => setCreating(false)}
          onCreated={(name, username) => {
            setCreating(false);
            setQuery(username);
            message.success(t('operator.reviewers.created', { name }));
            list.reload();
          }}
        />
      )}
      {resetting && (
        <PasswordModal
          account={resetting}
          onClose={() => setResetting(null)}
          onDone={() => {
            message.success(t('operator.reviewers.passwordDone', { name: resetting.name }));
            setResetting(null);
          }}
        />
      )}
    </div>
  );
}
