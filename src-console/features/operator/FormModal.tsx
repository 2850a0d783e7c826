/** The operator pages' dialogs: a form, a hint, the error not tied to a field, one submit that shows progress. */
import { Alert, Form, Modal, Typography, type FormInstance } from 'antd';
import type { ReactNode } from 'react';
import { useT } from '../../app/i18n';

export interface FormModalProps {
  title: string;
  okText: string;
  /** data-testid of the submit button. */
  okTestId: string;
  form: FormInstance;
  busy: boolean;
  formError: string | null;
  onClose: () => void;
  onSubmit: () => Promise<void>;
  danger?: boolean;
  hint?: string;
  width?: number;
  initialValues?: object;
  children: ReactNode;
}

export function FormModal(p: FormModalProps) {
  const t = useT();
  return (
    <Modal
      open
      title={p.title}
      width={p.width ?? 520}
      onCancel={() => !p.busy && p.onClose()}
      okText={p.okText}
      cancelText={t('common.cancel')}
      okButtonProps={{ danger: p.danger ?? false, loading: p.busy, 'data-testid': p.okTestId }}
      cancelButtonProps={{ disabled: p.busy }}
      onOk={() => void p.onSubmit()}
      destroyOnHidden
    >
      {p.hint && <Typography.Paragraph type="secondary">{p.hint}</Typography.Paragraph>}
      {p.formError && <Alert type="error" showIcon title={p.formError} style={{ marginBottom: 12 }} data-testid={`${p.okTestId}-error`} />}
      <Form
        form={p.form}
        layout="vertical"
        disabled={p.busy}
        requiredMark={false}
        initialValues={p.initialValues}
        // An error under a field goes once the field is changed.
        onValuesChange={(changed: object) => p.form.setFields(Object.keys(changed).map((name) => ({ name, errors: [] })))}
      >
        {p.children}
      </Form>
    </Modal>
  );
}
