/**
 * 受理人登录: when a clerk certificate is on this PC and nobody is logged in, the shell is
 * covered by the login dialog — choose the certificate, enter its PIN. Main checks the
 * certificate with the center, or applies the offline-login rule, and unlocks the clerk
 * key (session:login). The shell stays mounted underneath, so sync keeps running while
 * nobody is logged in. Without a clerk certificate (demo mode) nothing is shown here.
 */
import { ImportOutlined, KeyOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { Alert, Button, Descriptions, Input, Modal, Radio, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import type { LoginCandidate, LoginStatus } from '../../../src-shared/protocol/clerk-login';
import { useAppDispatch, useAppSelector } from '../../app/hooks';
import { formatDateTime, useLocale, useT } from '../../app/i18n';
import { useServices } from '../../app/services';
import { loadLogin, loginClerk } from '../../app/sessionSlice';

const MAX_P12_BYTES = 64 * 1024;
const REFRESH_MS = 30_000;

/** Keeps the login status current (keys lock themselves when idle) and shows the dialog when needed. */
export function LoginGate() {
  const dispatch = useAppDispatch();
  const login = useAppSelector((s) => s.session.login);
  useEffect(() => {
    const refresh = () => void dispatch(loadLogin());
    refresh();
    const timer = setInterval(refresh, REFRESH_MS);
    window.addEventListener('focus', refresh);
    return () => {
      clearInterval(timer);
      window.removeEventListener('focus', refresh);
    };
  }, [dispatch]);
  if (login?.mode !== 'logged-out') return null;
  return <LoginDialog status={login} />;
}

function CandidateView({ c }: { c: LoginCandidate }) {
  const t = useT();
  const locale = useLocale();
  return (
    <div data-testid="login-candidate" data-clerk-id={c.clerkId ?? ''} style={{ display: 'flex', flexDirection: 'column', gap: 6 }}>
      <Typography.Text strong style={{ fontSize: 16 }}>
        {c.name}
      </Typography.Text>
      <Descriptions
        size="small"
        column={1}
        styles={{ label: { whiteSpace: 'nowrap', width: 110 } }}
        items={[
          { key: 'id', label: t('login.clerkId'), children: c.clerkId ?? '—' },
          { key: 'serial', label: t('login.serial'), children: <Typography.Text code style={{ fontSize: 11 }}>{c.serial}</Typography.Text> },
          { key: 'to', label: t('login.validTo'), children: formatDateTime(c.notAfter, locale) },
          { key: 'check', label: t('login.lastOnlineCheck'), children: c.lastOnlineCheckAt ? formatDateTime(c.lastOnlineCheckAt, locale) : t('login.neverChecked') },
        ]}
      />
    </div>
  );
}

function LoginDialog({ status }: { status: LoginStatus }) {
  const t = useT();
  const locale = useLocale();
  const dispatch = useAppDispatch();
  const { clerk } = useServices();
  const center = useAppSelector((s) => s.connectivity.center);
  const [chosen, setChosen] = useState<string | null>(null);
  const [pin, setPin] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [importFile, setImportFile] = useState<{ name: string; data: Uint8Array } | null>(null);

  const candidate = status.candidates.find((c) => c.certSha256 === chosen) ?? status.candidates.find((c) => !c.problem) ?? status.candidates[0];
  const blocked = !importFile && (!candidate || !!candidate.problem || !!candidate.lockedUntil);

  const submit = async () => {
    if (busy || blocked) return;
    if (!pin) {
      setError(t('login.pinRequired'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      if (importFile) {
        try {
          await clerk['keystore:import']({ role: 'clerk', p12: new Uint8Array(importFile.data), pin });
        } catch (e) {
          setError((e as Error).message);
          return;
        }
        setImportFile(null);
      }
      const r = await dispatch(loginClerk({ pin }));
      if (loginClerk.rejected.match(r)) {
        setError(r.payload?.message ?? r.error.message ?? '');
        void dispatch(loadLogin());
      } else setPin('');
    } finally {
      setBusy(false);
    }
  };

  const pickFile = async () => {
    try {
      const r = await clerk['files:open']({ title: t('login.importPick'), filters: [{ name: 'PKCS#12', extensions: ['p12', 'pfx'] }], multiple: false, maxBytes: MAX_P12_BYTES });
      const f = r.files[0];
      if (r.canceled || !f) return;
      setImportFile({ name: f.name, data: new Uint8Array(f.data) });
      setPin('');
      setError(null);
    } catch (e) {
      setError((e as Error).message);
    }
  };

  return (
    <Modal
      open
      closable={false}
      maskClosable={false}
      keyboard={false}
      footer={null}
      width={520}
      centered
      styles={{ mask: { background: 'rgba(16, 36, 72, 0.88)' } }}
      title={
        <span style={{ display: 'inline-flex', gap: 8, alignItems: 'center' }}>
          <SafetyCertificateOutlined style={{ color: '#1f5fbf' }} />
          {t('login.title')}
        </span>
      }
    >
      <div data-testid="login-dialog" style={{ display: 'flex', flexDirection: 'column', gap: 12 }}>
        <Typography.Text type="secondary">
          {t('login.subtitle')} · {t('login.window', { id: status.windowId })}
        </Typography.Text>
        {status.ended && <Alert type="info" showIcon data-testid="login-ended" title={t(`login.ended.${status.ended}`)} />}
        {!importFile && status.candidates.length > 1 && (
          <Radio.Group value={candidate?.certSha256} onChange={(e) => setChosen(e.target.value as string)} aria-label={t('login.choose')}>
            <Space direction="vertical">
              {status.candidates.map((c) => (
                <Radio key={c.certSha256} value={c.certSha256}>
                  {c.name} ({c.clerkId ?? c.serial})
                </Radio>
              ))}
            </Space>
          </Radio.Group>
        )}
        {importFile ? (
          <Typography.Text data-testid="login-import-file">{importFile.name}</Typography.Text>
        ) : (
          candidate && <CandidateView c={candidate} />
        )}
        {!importFile && candidate?.problem && <Alert type="error" showIcon data-testid="login-problem" title={candidate.problem} />}
        {!importFile && candidate?.lockedUntil && <Alert type="error" showIcon title={t('login.lockedOut', { time: formatDateTime(candidate.lockedUntil, locale) })} />}
        {!importFile && candidate && !candidate.problem && center === 'offline' && (
          <Alert type={candidate.offline.allowed ? 'warning' : 'error'} showIcon data-testid="login-offline" title={t('login.centerOffline')} description={candidate.offline.message} />
        )}
        {!importFile && candidate && !candidate.problem && center !== 'offline' && candidate.offline.allowed && candidate.offline.daysLeft !== null && (
          <Typography.Text type="secondary">{t('login.offlineAllowed', { n: candidate.offline.daysLeft })}</Typography.Text>
        )}
        <div>
          <Typography.Text strong style={{ display: 'block', marginBottom: 4 }}>
            {importFile ? t('login.importPin') : t('login.pin')}
          </Typography.Text>
          <Input.Password
            autoFocus
            prefix={<KeyOutlined />}
            placeholder={t('login.pinPlaceholder')}
            value={pin}
            maxLength={64}
            disabled={blocked}
            onChange={(e) => setPin(e.target.value)}
            onPressEnter={() => void submit()}
            data-testid="login-pin"
            aria-label={t('login.pin')}
          />
          {!importFile && candidate && !candidate.lockedUntil && candidate.attemptsLeft < 5 && (
            <Typography.Text type="warning" style={{ fontSize: 12 }}>
              {t('login.attemptsLeft', { n: candidate.attemptsLeft })}
            </Typography.Text>
          )}
        </div>
        {error && <Alert type="error" showIcon data-testid="login-error" title={error} />}
        <Space style={{ justifyContent: 'space-between', width: '100%' }}>
          <Button icon={<ImportOutlined />} onClick={() => void pickFile()} disabled={busy} data-testid="login-import">
            {t('login.importOther')}
          </Button>
          <Button type="primary" onClick={() => void submit()} loading={busy} disabled={blocked} data-testid="login-submit">
            {busy ? t('login.checking') : t('login.submit')}
          </Button>
        </Space>
        <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: 0 }}>
          {t('login.help', { days: status.offlineLoginDays })}
        </Typography.Paragraph>
      </div>
    </Modal>
  );
}
