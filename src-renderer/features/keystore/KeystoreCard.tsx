/**
 * 证书与电子印章: the clerk's certificate and the window seal held by main. Import a PKCS#12
 * with its PIN, unlock for this session, lock. Only certificate details ever reach this
 * page (keystore:status); the PIN goes to main and the key never comes back.
 */
import { KeyOutlined, LockOutlined, SafetyCertificateOutlined, UnlockOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, App as AntApp, Button, Card, Descriptions, Input, Modal, Space, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import type { KeystoreRole, KeystoreSlot, KeystoreStatus } from '../../../src-shared/protocol/clerk-api';
import { formatDateTime, useLocale, useT, type MessageKey } from '../../app/i18n';
import { useServices } from '../../app/services';

const ROLE_LABEL: Record<KeystoreRole, MessageKey> = { clerk: 'keystore.role.clerk', 'window-seal': 'keystore.role.window-seal' };
const MAX_P12_BYTES = 64 * 1024;

type Pending = { kind: 'import'; role: KeystoreRole; p12: Uint8Array; fileName: string } | { kind: 'unlock'; role: KeystoreRole };

function SlotView({ slot, busy, onImport, onUnlock, onLock }: { slot: KeystoreSlot; busy: boolean; onImport: () => void; onUnlock: () => void; onLock: () => void }) {
  const t = useT();
  const locale = useLocale();
  const c = slot.certificate;
  const state = !slot.imported ? (
    <Tag>{t('keystore.state.missing')}</Tag>
  ) : slot.lockedUntil ? (
    <Tag color="red">{t('keystore.state.lockedOut', { time: formatDateTime(slot.lockedUntil, locale) })}</Tag>
  ) : slot.unlocked ? (
    <Tag color="green">{t('keystore.state.unlocked')}</Tag>
  ) : (
    <Tag color="orange">{t('keystore.state.locked')}</Tag>
  );
  return (
    <div data-testid={`keystore-slot-${slot.role}`} style={{ display: 'flex', flexDirection: 'column', gap: 8 }}>
      <Space wrap>
        <Typography.Text strong>{t(ROLE_LABEL[slot.role])}</Typography.Text>
        {state}
      </Space>
      {c && (
        <Descriptions size="small" column={1} bordered styles={{ label: { whiteSpace: 'nowrap' } }}>
          <Descriptions.Item label={t('keystore.cert.holder')}>{c.commonName}</Descriptions.Item>
          <Descriptions.Item label={t('keystore.cert.issuer')}>{/CN=([^,]+)/.exec(c.issuer)?.[1] ?? c.issuer}</Descriptions.Item>
          <Descriptions.Item label={t('keystore.cert.serial')}>
            <Typography.Text code style={{ fontSize: 11 }}>
              {c.serial}
            </Typography.Text>
          </Descriptions.Item>
          <Descriptions.Item label={t('keystore.cert.validity')}>
            {formatDateTime(c.notBefore, locale)} – {formatDateTime(c.notAfter, locale)}
          </Descriptions.Item>
          <Descriptions.Item label={t('keystore.cert.usage')}>{[...c.keyUsage, ...c.extendedKeyUsage].join(', ')}</Descriptions.Item>
        </Descriptions>
      )}
      {slot.unlocked && slot.autoLockAt && (
        <Typography.Text type="secondary">{t('keystore.autoLockAt', { time: formatDateTime(slot.autoLockAt, locale) })}</Typography.Text>
      )}
      <Space wrap>
        <Button size="small" icon={<UploadOutlined />} onClick={onImport} disabled={busy} data-testid={`keystore-import-${slot.role}`}>
          {slot.imported ? t('keystore.action.reimport') : t('keystore.action.import')}
        </Button>
        {slot.imported && !slot.unlocked && (
          <Button size="small" type="primary" icon={<UnlockOutlined />} onClick={onUnlock} disabled={busy || !!slot.lockedUntil} data-testid={`keystore-unlock-${slot.role}`}>
            {t('keystore.action.unlock')}
          </Button>
        )}
        {slot.unlocked && (
          <Button size="small" icon={<LockOutlined />} onClick={onLock} disabled={busy} data-testid={`keystore-lock-${slot.role}`}>
            {t('keystore.action.lock')}
          </Button>
        )}
      </Space>
    </div>
  );
}

export function KeystoreCard() {
  const t = useT();
  const { clerk } = useServices();
  const { message } = AntApp.useApp();
  const [status, setStatus] = useState<KeystoreStatus | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState<Pending | null>(null);
  const [pin, setPin] = useState('');
  const [pinError, setPinError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const refresh = useCallback(
    () =>
      clerk['keystore:status']({}).then(
        (s) => {
          setStatus(s);
          setError(null);
        },
        (e: unknown) => setError((e as Error).message),
      ),
    [clerk],
  );

  useEffect(() => {
    const first = setTimeout(() => void refresh(), 0);
    // Keys lock themselves when idle: keep the page honest.
    const timer = setInterval(() => void refresh(), 30_000);
    return () => {
      clearTimeout(first);
      clearInterval(timer);
    };
  }, [refresh]);

  const pickFile = async (role: KeystoreRole) => {
    try {
      const r = await clerk['files:open']({
        title: t('keystore.pickTitle', { name: t(ROLE_LABEL[role]) }),
        filters: [{ name: 'PKCS#12', extensions: ['p12', 'pfx'] }],
        multiple: false,
        maxBytes: MAX_P12_BYTES,
      });
      const f = r.files[0];
      if (r.canceled || !f) return;
      setPin('');
      setPinError(null);
      setPending({ kind: 'import', role, p12: f.data, fileName: f.name });
    } catch (e) {
      setError((e as Error).message);
    }
  };

  const submitPin = async () => {
    if (!pending) return;
    setBusy(true);
    setPinError(null);
    try {
      const next = pending.kind === 'import' ? await clerk['keystore:import']({ role: pending.role, p12: new Uint8Array(pending.p12), pin }) : await clerk['keystore:unlock']({ role: pending.role, pin });
      setStatus(next);
      setPending(null);
      setPin('');
      void message.success(t(pending.kind === 'import' ? 'keystore.imported' : 'keystore.unlocked', { name: t(ROLE_LABEL[pending.role]) }));
    } catch (e) {
      setPinError((e as Error).message);
      void refresh();
    } finally {
      setBusy(false);
    }
  };

  const lock = async (role: KeystoreRole) => {
    setBusy(true);
    try {
      setStatus(await clerk['keystore:lock']({ role }));
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card
      size="small"
      data-testid="keystore-card"
      title={
        <span style={{ display: 'inline-flex', gap: 8, alignItems: 'center' }}>
          <span style={{ color: '#1f5fbf' }}>
            <SafetyCertificateOutlined />
          </span>
          {t('keystore.title')}
        </span>
      }
    >
      <div style={{ display: 'flex', flexDirection: 'column', gap: 16 }}>
        {status && (
          <Alert
            type={status.canSign ? 'success' : 'warning'}
            showIcon
            message={status.canSign ? t('keystore.canSign') : t('keystore.cannotSign')}
            data-testid="keystore-summary"
          />
        )}
        {error && <Alert type="error" showIcon message={error} />}
        {status?.slots.map((s) => (
          <SlotView
            key={s.role}
            slot={s}
            busy={busy}
            onImport={() => void pickFile(s.role)}
            onUnlock={() => {
              setPin('');
              setPinError(null);
              setPending({ kind: 'unlock', role: s.role });
            }}
            onLock={() => void lock(s.role)}
          />
        ))}
      </div>
      <Modal
        open={pending !== null}
        title={pending ? t(pending.kind === 'import' ? 'keystore.pin.importTitle' : 'keystore.pin.unlockTitle', { name: t(ROLE_LABEL[pending.role]) }) : ''}
        okText={pending?.kind === 'import' ? t('keystore.action.import') : t('keystore.action.unlock')}
        cancelText={t('keystore.pin.cancel')}
        confirmLoading={busy}
        onOk={() => void submitPin()}
        onCancel={() => setPending(null)}
        destroyOnHidden
      >
        <Space direction="vertical" style={{ width: '100%' }}>
          {pending?.kind === 'import' && <Typography.Text type="secondary">{pending.fileName}</Typography.Text>}
          <Input.Password
            autoFocus
            prefix={<KeyOutlined />}
            placeholder={t('keystore.pin.placeholder')}
            value={pin}
            maxLength={64}
            onChange={(e) => setPin(e.target.value)}
            onPressEnter={() => void submitPin()}
            data-testid="keystore-pin"
          />
          {pinError && <Alert type="error" showIcon message={pinError} data-testid="keystore-pin-error" />}
          <Typography.Text type="secondary">{t('keystore.pin.help')}</Typography.Text>
        </Space>
      </Modal>
    </Card>
  );
}
