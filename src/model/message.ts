/**
 * Language-free messages: the pure stages say *what* with a code and parameters; the words live in
 * content/<lang>/messages.yaml (and rules.yaml for findings) and are filled in by src/present/messages.ts.
 */
import type { MessageCode } from '../generated/ids';

/** A parameter: plain text (a flag name, a value, a version), a nested message, or a list to join as the language does. */
export type MessageParam = string | number | Message | { list: readonly string[]; join: 'and' | 'or' | 'comma' };

export type MessageParams = Readonly<Record<string, MessageParam>>;

export interface Message {
  code: MessageCode;
  params: MessageParams;
}

export function message(code: MessageCode, params: MessageParams = {}): Message {
  return { code, params };
}

export function isMessage(p: MessageParam): p is Message {
  return typeof p === 'object' && 'code' in p;
}
