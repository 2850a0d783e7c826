/**
 * One result, in a drawer: what it is and where it stands, main's verification of the very
 * bytes held here (signature, chain to the province root, revocation, province seal), the
 * preview, the print form (printer, copies, a reason for a reprint), the print log, and the
 * hand-over (who collected it, ID checked). Printing goes through main, which verifies
 * again before anything reaches a printer.
 */
import { FileSearchOutlined, PrinterOutlined, SafetyCertificateOutlined, WarningOutlined } from '@ant-design/icons';
import { Alert, Button, Checkbox, Descriptions, Drawer, Empty, Form, Input, InputNumber, Radio, Select, Space, Spin, Table, Tag, Typography } from 'antd';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useNavigate } from 'react-router';
import { DomainRuleError } from '../../../src-shared/domain/errors';
import { DOCUMENT_TYPES, type DocumentTypeCode } from '../../../src-shared/domain/identifiers/document-types';
import { MAX_PRINT_COPIES, printBlocker, type ResultPrintedData } from '../../../src-shared/domain/printing';
import { ClerkApiError } from '../../../src-shared/protocol/clerk-api';
import type { PrinterInfo, ResultCheck, ResultPrintOutcome } from '../../../src-shared/protocol/clerk-results';
import { formatDateTime, useLocale, useT, type MessageKey, type TFunction } from '../../app/i18n';
import { useAppSelector } from '../../app/hooks';
import { useServices } from '../../app/services';
import { useToday } from '../cases/useToday';
import { maskIdNumber } from '../cases/masking';
import { HandOverError, registerHandOver } from './handOver';
import { printResult } from './printResult';
import { resultBytes } from './resultsData';
import type { ResultEntry } from './resultsModel';
import type { ResultLogRow } from '../../db/resultLogRepository';
import { StageTag } from './StageTag';

const DOC_OPTIONS = (Object.keys(DOCUMENT_TYPES) as DocumentTypeCode[]).map((code) => ({ value: code, label: `${DOCUMENT_TYPES[code]} (${code})` }));

function Section({ title, children, testId }: { title: ReactNode; children: ReactNode; testId?: string }) {
  return (
    <section style={{ marginTop: 20 }} data-testid={testId}>
      <div style={{ borderLeft: '3px solid #1f5fbf', paddingLeft: 8, marginBottom: 8 }}>
        <Typography.Text strong style={{ fontSize: 15 }}>
          {title}
        </Typography.Text>
      </div>
      {children}
    </section>
  );
}

/** The held bytes, an object URL for the preview, and main's verdict on them. */
function useHeldResult(e: ResultEntry): { bytes: Uint8Array<ArrayBuffer> | null | undefined; url: string | null; check: ResultCheck | null | undefined } {
  const { cases, clerk } = useServices();
  const sha = e.history.received?.sha256 ?? null;
  const [state, setState] = useState<{ sha: string | null; bytes: Uint8Array<ArrayBuffer> | null | undefined; url: string | null; check: ResultCheck | null | undefined }>({ sha: null, bytes: undefined, url: null, check: undefined });
  useEffect(() => {
    let url: string | null = null;
    let cancelled = false;
    void (async () => {
      const bytes = await resultBytes(cases, e);
      if (cancelled) return;
      if (!bytes) return setState({ sha, bytes: null, url: null, check: null });
      url = URL.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'application/pdf' }));
      setState({ sha, bytes, url, check: undefined });
      let check: ResultCheck;
      try {
        check = await clerk['results:check']({ pdf: bytes, sha256: e.info.sha256 });
      } catch (err) {
        check = { ok: false, code: 'trust-unavailable', reason: (err as Error).message, problems: [] };
      }
      if (!cancelled) setState((s) => (s.sha === sha ? { ...s, check } : s));
    })();
    return () => {
      cancelled = true;
      if (url) URL.revokeObjectURL(url);
    };
    // The entry object changes with every print; the bytes only with the SHA-256.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [cases, clerk, sha, e.info.sha256]);
  if (state.sha !== sha) return { bytes: undefined, url: null, check: undefined };
  return state;
}

function VerifyBlock({ t, locale, check }: { t: TFunction; locale: 'zh-CN' | 'en'; check: ResultCheck | null | undefined }) {
  if (check === undefined)
    return (
      <Tag data-testid="result-verify" data-ok="" icon={<Spin size="small" />}>
        {t('results.verify.checking')}
      </Tag>
    );
  if (check === null) return null;
  if (check.ok)
    return (
      <Alert
        data-testid="result-verify"
        data-ok="true"
        type="success"
        showIcon
        icon={<SafetyCertificateOutlined />}
        title={t('results.verify.ok', { signer: check.signer })}
        description={[
          check.organisation,
          check.signedAt ? t('results.verify.signedAt', { at: formatDateTime(check.signedAt, locale, { seconds: true }) }) : null,
          check.timestamped ? t('results.verify.timestamped') : t('results.verify.notTimestamped'),
        ]
          .filter(Boolean)
          .join(' · ')}
      />
    );
  return (
    <Alert
      data-testid="result-verify"
      data-ok="false"
      data-code={check.code}
      type="error"
      showIcon
      icon={<WarningOutlined />}
      title={check.reason}
      description={check.problems.length ? <ul style={{ margin: 0, paddingInlineStart: 18 }}>{check.problems.map((p, i) => <li key={i}>{p}</li>)}</ul> : null}
    />
  );
}

function PrintLog({ t, locale, prints }: { t: TFunction; locale: 'zh-CN' | 'en'; prints: ResultPrintedData[] }) {
  if (!prints.length) return <Typography.Text type="secondary">{t('results.log.empty')}</Typography.Text>;
  return (
    <Table<ResultPrintedData & { n: number }>
      size="small"
      bordered
      rowKey="n"
      pagination={false}
      dataSource={prints.map((p, i) => ({ ...p, n: i + 1 }))}
      data-testid="result-print-log"
      onRow={(p) => ({ 'data-testid': 'result-print-entry', 'data-reprint': String(p.reprint), 'data-copies': p.copies }) as React.HTMLAttributes<HTMLElement>}
      columns={[
        { title: '#', width: 40, align: 'center', dataIndex: 'n' },
        { title: t('results.log.at'), width: 170, render: (_v, p) => formatDateTime(p.at, locale, { seconds: true }) },
        { title: t('results.log.clerk'), width: 130, dataIndex: 'clerkId' },
        { title: t('results.log.printer'), dataIndex: 'printer' },
        { title: t('results.log.copies'), width: 64, align: 'center', dataIndex: 'copies' },
        { title: t('results.log.reason'), render: (_v, p) => (p.reprint ? <span><Tag color="orange">{t('results.log.reprint')}</Tag>{p.reason}</span> : t('results.log.first')) },
      ]}
    />
  );
}

function PrintForm({ t, e, bytesReady, refused, frame }: { t: TFunction; e: ResultEntry; bytesReady: boolean; refused: boolean; frame: React.RefObject<HTMLIFrameElement | null> }) {
  const services = useServices();
  const clerkId = useAppSelector((s) => s.session.settings?.clerkId) ?? '';
  const [printers, setPrinters] = useState<PrinterInfo[] | null>(null);
  const [printerId, setPrinterId] = useState<string | undefined>(undefined);
  const [copies, setCopies] = useState(1);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [fieldError, setFieldError] = useState<{ field: string; message: string } | null>(null);
  const [outcome, setOutcome] = useState<ResultPrintOutcome | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const reprint = e.history.prints.length > 0;
  const blocked = printBlocker(e.stage);

  useEffect(() => {
    let cancelled = false;
    void services.clerk['printers:list']({}).then(
      (r) => {
        if (cancelled) return;
        setPrinters(r.printers);
        setPrinterId((cur) => cur ?? (r.printers.find((p) => p.isDefault) ?? r.printers[0])?.id);
      },
      (err: unknown) => !cancelled && (setPrinters([]), setFailure((err as Error).message)),
    );
    return () => {
      cancelled = true;
    };
  }, [services]);

  const submit = async () => {
    if (!printerId) return;
    setBusy(true);
    setFieldError(null);
    setFailure(null);
    setOutcome(null);
    try {
      const out = await printResult(services, e, {
        printerId,
        copies,
        ...(reason.trim() ? { reason } : {}),
        clerkId,
        pagePrint: () => {
          const w = frame.current?.contentWindow;
          if (w) {
            w.focus();
            w.print();
          }
        },
      });
      setOutcome(out);
      if (out.ok) setReason('');
    } catch (err) {
      if (err instanceof DomainRuleError || (err instanceof ClerkApiError && err.field)) setFieldError({ field: (err as { field?: string }).field ?? '', message: err.message });
      else setFailure((err as Error).message);
    } finally {
      setBusy(false);
    }
  };

  if (blocked) return <Alert data-testid="result-print-blocked" type={e.stage === 'revoked' ? 'error' : 'info'} showIcon title={blocked.message} />;
  return (
    <div data-testid="result-print-form">
      <Form layout="vertical" onFinish={() => void submit()} style={{ maxWidth: 640 }}>
        <Space size={12} align="start" wrap>
          <Form.Item label={t('results.print.printer')} style={{ minWidth: 280, marginBottom: 8 }}>
            <Select
              data-testid="result-printer"
              loading={printers === null}
              value={printerId}
              onChange={setPrinterId}
              options={(printers ?? []).map((p) => ({ value: p.id, label: <span data-testid="result-printer-option" data-printer-id={p.id}>{p.name}{p.isDefault ? ` · ${t('results.print.default')}` : ''}</span>, title: p.detail }))}
              notFoundContent={t('results.print.noPrinters')}
            />
          </Form.Item>
          <Form.Item label={t('results.print.copies')} style={{ marginBottom: 8 }} validateStatus={fieldError?.field === 'copies' ? 'error' : undefined} help={fieldError?.field === 'copies' ? fieldError.message : undefined}>
            <InputNumber data-testid="result-copies" min={1} max={MAX_PRINT_COPIES} precision={0} value={copies} onChange={(v) => setCopies(v ?? 1)} />
          </Form.Item>
        </Space>
        {reprint && (
          <Form.Item
            label={t('results.print.reason', { n: e.history.prints.length })}
            required
            validateStatus={fieldError?.field === 'reason' ? 'error' : undefined}
            help={fieldError?.field === 'reason' ? fieldError.message : t('results.print.reasonHelp')}
          >
            <Input data-testid="result-reason" value={reason} maxLength={200} onChange={(ev) => setReason(ev.target.value)} placeholder={t('results.print.reasonPlaceholder')} />
          </Form.Item>
        )}
        <Button type="primary" htmlType="submit" icon={<PrinterOutlined />} loading={busy} disabled={!bytesReady || refused || !printerId} data-testid="result-print">
          {reprint ? t('results.print.reprint') : t('results.print.submit')}
        </Button>
      </Form>
      {fieldError && fieldError.field !== 'reason' && fieldError.field !== 'copies' && <Alert style={{ marginTop: 10 }} type="error" showIcon title={fieldError.message} />}
      {failure && <Alert style={{ marginTop: 10 }} type="error" showIcon title={failure} data-testid="result-print-error" />}
      {outcome?.ok === true && (
        <Alert
          style={{ marginTop: 10 }}
          type="success"
          showIcon
          data-testid="result-print-done"
          data-files={(outcome.files ?? []).join('\n')}
          title={t('results.print.done', { copies: outcome.copies, printer: outcome.printerName })}
          description={outcome.files?.length ? <span className="yc-code" style={{ fontSize: 12 }}>{outcome.files.join('；')}</span> : outcome.jobId ? t('results.print.job', { id: outcome.jobId }) : undefined}
        />
      )}
      {outcome?.ok === false && (
        <Alert
          style={{ marginTop: 10 }}
          type="error"
          showIcon
          data-testid="result-print-refused"
          data-code={outcome.code}
          title={outcome.reason}
          description={outcome.problems.length ? <ul style={{ margin: 0, paddingInlineStart: 18 }}>{outcome.problems.map((p, i) => <li key={i}>{p}</li>)}</ul> : undefined}
        />
      )}
    </div>
  );
}

interface HandOverValues {
  collectorRole: 'applicant' | 'agent';
  collectorName: string;
  documentType: DocumentTypeCode;
  documentNumber: string;
  idChecked: boolean;
}

function HandOver({ t, locale, e }: { t: TFunction; locale: 'zh-CN' | 'en'; e: ResultEntry }) {
  const services = useServices();
  const clerkId = useAppSelector((s) => s.session.settings?.clerkId) ?? '';
  const today = useToday();
  const [form] = Form.useForm<HandOverValues>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const kase = e.kase;
  const person = (role: 'applicant' | 'agent') => {
    if (!kase) return null;
    if (role === 'agent') return kase.agent ?? null;
    return kase.applicant.kind === 'person' ? kase.applicant : kase.applicant.legalRepresentative;
  };
  const fill = (role: 'applicant' | 'agent') => {
    const p = person(role);
    form.setFieldsValue({ collectorRole: role, collectorName: p?.name ?? '', documentType: (p?.documentType as DocumentTypeCode | undefined) ?? '111', documentNumber: '', idChecked: false });
  };

  if (e.history.collected) {
    const c = e.history.collected;
    return (
      <Descriptions
        size="small"
        bordered
        column={2}
        data-testid="result-collected"
        items={[
          { key: 'n', label: t('results.handover.name'), children: `${c.collectorName}（${t(`results.handover.role.${c.collectorRole}` as MessageKey)}）` },
          { key: 'd', label: t('results.handover.document'), children: `${DOCUMENT_TYPES[c.documentType]} ${maskIdNumber(c.documentNumber)}` },
          { key: 'a', label: t('results.handover.at'), children: formatDateTime(c.at, locale, { seconds: true }) },
          { key: 'c', label: t('results.handover.clerk'), children: c.clerkId },
        ]}
      />
    );
  }
  if (e.info.handedOver)
    return (
      <Alert
        type="info"
        showIcon
        data-testid="result-handed-over-elsewhere"
        title={t('results.handover.elsewhere', { windowId: e.info.handedOver.windowId, at: formatDateTime(e.info.handedOver.at, locale, { seconds: true }) })}
      />
    );
  if (e.stage !== 'printed') return <Typography.Text type="secondary">{t('results.handover.notYet')}</Typography.Text>;

  const submit = async (v: HandOverValues) => {
    setBusy(true);
    setError(null);
    form.setFields((['collectorName', 'documentType', 'documentNumber', 'idChecked', 'collectorRole'] as const).map((name) => ({ name, errors: [] })));
    try {
      await registerHandOver(services, e, { ...v, idChecked: v.idChecked === true }, { clerkId, today });
    } catch (err) {
      if (err instanceof HandOverError) {
        const known = new Set(['collectorName', 'documentType', 'documentNumber', 'idChecked', 'collectorRole']);
        form.setFields(err.problems.filter((p) => known.has(p.field)).map((p) => ({ name: p.field as keyof HandOverValues, errors: [p.message] })));
        const other = err.problems.filter((p) => !known.has(p.field));
        if (other.length) setError(other.map((p) => p.message).join('；'));
      } else setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Form<HandOverValues>
      form={form}
      layout="vertical"
      data-testid="result-handover"
      initialValues={{ collectorRole: 'applicant', collectorName: person('applicant')?.name ?? '', documentType: (person('applicant')?.documentType as DocumentTypeCode | undefined) ?? '111', documentNumber: '', idChecked: false }}
      onFinish={(v) => void submit(v)}
      style={{ maxWidth: 640 }}
    >
      <Form.Item name="collectorRole" label={t('results.handover.who')}>
        <Radio.Group data-testid="result-handover-role" onChange={(ev) => fill(ev.target.value as 'applicant' | 'agent')}>
          <Radio value="applicant">{t('results.handover.role.applicant')}</Radio>
          <Radio value="agent" disabled={!kase?.agent}>
            {t('results.handover.role.agent')}
          </Radio>
        </Radio.Group>
      </Form.Item>
      <Space size={12} align="start" wrap>
        <Form.Item name="collectorName" label={t('results.handover.name')} style={{ minWidth: 180 }}>
          <Input data-testid="result-handover-name" maxLength={50} />
        </Form.Item>
        <Form.Item name="documentType" label={t('results.handover.documentType')} style={{ minWidth: 220 }}>
          <Select data-testid="result-handover-doc-type" options={DOC_OPTIONS} />
        </Form.Item>
        <Form.Item name="documentNumber" label={t('results.handover.documentNumber')} style={{ minWidth: 220 }}>
          <Input data-testid="result-handover-doc-number" maxLength={40} autoComplete="off" />
        </Form.Item>
      </Space>
      <Form.Item name="idChecked" valuePropName="checked">
        <Checkbox data-testid="result-handover-id-checked">{t('results.handover.idChecked')}</Checkbox>
      </Form.Item>
      {error && <Alert style={{ marginBottom: 10 }} type="error" showIcon title={error} />}
      <Button htmlType="submit" loading={busy} data-testid="result-handover-submit">
        {t('results.handover.submit')}
      </Button>
    </Form>
  );
}

/** A result collected here for a case accepted elsewhere: whose case it is, and where each of this PC's records stands with the center. */
function ElsewhereLog({ t, locale, log }: { t: TFunction; locale: 'zh-CN' | 'en'; log: ResultLogRow[] }) {
  const color: Record<ResultLogRow['state'], string> = { pending: 'orange', sent: 'green', rejected: 'red' };
  return (
    <>
      <Alert style={{ marginTop: 12 }} type="info" showIcon title={t('results.elsewhere.info')} data-testid="result-elsewhere-info" />
      {log.length > 0 && (
        <Section title={t('results.elsewhere.sync')}>
          <ul style={{ margin: 0, paddingInlineStart: 18 }} data-testid="result-log">
            {log.map((r) => (
              <li key={r.id} data-testid="result-log-row" data-type={r.type} data-state={r.state}>
                {t(`results.elsewhere.type.${r.type}` as MessageKey)} · {formatDateTime(r.at, locale, { seconds: true })}{' '}
                <Tag color={color[r.state]} style={{ marginInlineStart: 6 }}>
                  {t(`results.elsewhere.state.${r.state}` as MessageKey)}
                </Tag>
                {r.rejection && <Typography.Text type="danger">{r.rejection.message}</Typography.Text>}
              </li>
            ))}
          </ul>
        </Section>
      )}
    </>
  );
}

function ResultBody({ e }: { e: ResultEntry }) {
  const t = useT();
  const locale = useLocale();
  const navigate = useNavigate();
  const frame = useRef<HTMLIFrameElement>(null);
  const { bytes, url, check } = useHeldResult(e);
  const i = e.info;
  return (
    <div data-testid="result-detail" data-result-id={i.resultId} data-stage={e.stage} data-case-id={i.caseId}>
      <div style={{ display: 'flex', alignItems: 'center', gap: 10, flexWrap: 'wrap' }}>
        <Typography.Title level={5} style={{ margin: 0 }}>
          {i.title}
        </Typography.Title>
        <StageTag t={t} stage={e.stage} />
        {e.log && (
          <Tag color="gold" data-testid="result-elsewhere" style={{ marginInlineEnd: 0 }}>
            {t('results.elsewhere.tag')}
          </Tag>
        )}
        <div style={{ flex: 1 }} />
        {e.kase && (
          <Button size="small" icon={<FileSearchOutlined />} onClick={() => navigate(`/cases?case=${encodeURIComponent(i.caseId)}`)} data-testid="result-open-case">
            {t('results.openCase')}
          </Button>
        )}
      </div>
      <Descriptions
        style={{ marginTop: 12 }}
        size="small"
        bordered
        column={2}
        styles={{ label: { width: 120 } }}
        items={[
          { key: 'cn', label: t('results.col.caseNumber'), children: <span className="yc-code">{i.caseNumber}</span> },
          { key: 'ap', label: t('results.col.applicant'), children: e.kase?.applicant.name ?? '—' },
          { key: 'k', label: t('results.col.kind'), children: t(`results.kind.${i.resultKind}` as MessageKey) },
          { key: 'at', label: t('results.col.issuedAt'), children: formatDateTime(i.issuedAt, locale, { seconds: true }) },
          { key: 'vc', label: t('results.verificationCode'), children: <span className="yc-code" data-testid="result-verification-code">{i.verificationCode}</span> },
          { key: 'sha', label: 'SHA-256', children: <span className="yc-code" title={i.sha256} style={{ fontSize: 12 }}>{i.sha256.slice(0, 24)}…</span> },
        ]}
      />

      {e.log && <ElsewhereLog t={t} locale={locale} log={e.log} />}

      <Section title={t('results.section.verify')}>{e.history.received ? <VerifyBlock t={t} locale={locale} check={check} /> : <Typography.Text type="secondary">{t('results.notDownloaded')}</Typography.Text>}</Section>

      <Section title={t('results.section.print')}>
        <PrintForm t={t} e={e} bytesReady={!!bytes} refused={check?.ok === false} frame={frame} />
      </Section>

      <Section title={t('results.section.log')}>
        <PrintLog t={t} locale={locale} prints={e.history.prints} />
      </Section>

      <Section title={t('results.section.handover')}>
        <HandOver t={t} locale={locale} e={e} />
      </Section>

      <Section title={t('results.section.preview')}>
        {url ? (
          <iframe ref={frame} data-testid="result-preview" src={url} title={i.title} style={{ width: '100%', height: 560, border: '1px solid #e5e8ef', borderRadius: 4, background: '#525659' }} />
        ) : bytes === null ? (
          <Typography.Text type="secondary">{t('results.notDownloaded')}</Typography.Text>
        ) : (
          <Spin />
        )}
      </Section>
    </div>
  );
}

export function ResultDrawer({ entry, open, onClose }: { entry: ResultEntry | null | undefined; open: boolean; onClose: () => void }) {
  const t = useT();
  return (
    <Drawer open={open} onClose={onClose} focusable={{ trap: false, focusTriggerAfterClose: false }} size={920} title={t('results.detail.title')} destroyOnHidden styles={{ body: { paddingTop: 12 } }}>
      {open && entry === undefined && <Spin style={{ display: 'block', margin: '80px auto' }} />}
      {open && entry === null && <Empty data-testid="result-detail-missing" description={t('results.detail.notFound')} />}
      {entry && <ResultBody key={entry.info.resultId} e={entry} />}
    </Drawer>
  );
}
