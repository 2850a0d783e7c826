/**
 * A credit code that fails its check character can be saved only with a supervisor's
 * override and a reason (shared/DOMAIN.md; some real codes in circulation fail).
 */
import { Alert, Input, Modal, type ButtonProps } from 'antd';
import { useState } from 'react';
import { SupervisorOverride } from '../../../src-shared/domain/identifiers/credit-code';
import { useT } from '../../app/i18n';
import { Field } from './Field';
import type { Msg } from './model';

export function OverrideModal({
  open,
  code,
  message,
  onCancel,
  onConfirm,
  afterClose,
}: {
  open: boolean;
  code: string;
  message: string;
  onCancel: () => void;
  onConfirm: (o: SupervisorOverride) => void;
  /** Where focus goes once the dialog is gone. */
  afterClose?: () => void;
}) {
  const t = useT();
  const [v, setV] = useState({ supervisorId: '', supervisorName: '', reason: '' });
  const [errors, setErrors] = useState<Record<string, Msg>>({});

  const confirm = () => {
    const r = SupervisorOverride.safeParse({ ...v, at: new Date().toISOString() });
    if (!r.success) {
      const errs: Record<string, Msg> = {};
      for (const i of r.error.issues) {
        const k = String(i.path[0] ?? 'reason');
        errs[k] ??= { text: i.message };
      }
      setErrors(errs);
      return;
    }
    setErrors({});
    setV({ supervisorId: '', supervisorName: '', reason: '' });
    onConfirm(r.data);
  };

  return (
    <Modal
      open={open}
      title={t('intake.override.title')}
      onCancel={onCancel}
      onOk={confirm}
      okText={t('intake.override.confirm')}
      cancelText={t('intake.override.cancel')}
      okButtonProps={{ 'data-testid': 'override-confirm' } as ButtonProps}
      cancelButtonProps={{ 'data-testid': 'override-cancel' } as ButtonProps}
      destroyOnHidden
      afterClose={afterClose}
      focusTriggerAfterClose={!afterClose}
      data-testid="override-modal"
    >
      <Alert type="warning" showIcon style={{ marginBottom: 12 }} title={<span className="yc-code">{code}</span>} description={message} />
      <form
        onSubmit={(e) => {
          e.preventDefault();
          confirm();
        }}
        style={{ display: 'flex', flexDirection: 'column', gap: 10 }}
      >
        <div style={{ display: 'flex', gap: 12 }}>
          <Field label={t('intake.override.supervisorId')} required field="supervisorId" error={errors['supervisorId']} style={{ flex: 1 }}>
            <Input autoFocus data-testid="override-supervisor-id" value={v.supervisorId} maxLength={64} onChange={(e) => setV({ ...v, supervisorId: e.target.value })} />
          </Field>
          <Field label={t('intake.override.supervisorName')} required field="supervisorName" error={errors['supervisorName']} style={{ flex: 1 }}>
            <Input data-testid="override-supervisor-name" value={v.supervisorName} maxLength={50} onChange={(e) => setV({ ...v, supervisorName: e.target.value })} />
          </Field>
        </div>
        <Field label={t('intake.override.reason')} required field="reason" error={errors['reason']} hint={t('intake.override.reasonHint')}>
          <Input.TextArea
            data-testid="override-reason"
            value={v.reason}
            maxLength={500}
            autoSize={{ minRows: 2, maxRows: 5 }}
            onChange={(e) => setV({ ...v, reason: e.target.value })}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
                e.preventDefault();
                e.stopPropagation();
                confirm();
              }
            }}
          />
        </Field>
        <button type="submit" hidden />
      </form>
    </Modal>
  );
}
