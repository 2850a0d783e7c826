/**
 * Texts that go into the record and the applicant's documents (deficiency lines,
 * document names, a pending due date) are Chinese whatever the screen's language:
 * taken from the Chinese dictionary.
 */
import { zhCN, type MessageKey } from '../../app/i18n/zh-CN';
import type { Msg } from './model';

export function zh(key: MessageKey, params?: Record<string, string | number>): string {
  const s: string = zhCN[key];
  if (!params) return s;
  return s.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m));
}

/** Word a message with a translate function (the screen's language). */
export function wordMsg(t: (key: MessageKey, params?: Record<string, string | number>) => string, msg: Msg): string {
  return 'key' in msg ? t(msg.key, msg.params) : msg.text;
}
