/**
 * Keystore failures reach the renderer as clerk-api errors naming the field and the rule
 * (Chinese first): a wrong PIN, a locked slot, a certificate that may not sign.
 */
import { ClerkApiError } from '../../../src-shared/protocol/clerk-api';

export type KeystoreRule =
  | 'not-imported'
  | 'wrong-pin'
  | 'locked-out'
  | 'locked'
  | 'bad-file'
  | 'role'
  | 'trust-root'
  | 'certificate'
  | 'holder';

export class KeystoreError extends ClerkApiError {
  constructor(
    readonly rule: KeystoreRule,
    field: string,
    message: string,
  ) {
    super(rule === 'wrong-pin' || rule === 'bad-file' || rule === 'role' ? 'bad_args' : 'failed', message, field);
    this.name = 'KeystoreError';
  }
}
