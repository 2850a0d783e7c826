/**
 * One error shape for every failure (ErrorBody of src-shared/protocol/sync.ts): a
 * machine code, a Chinese message naming the field and the rule (English may follow),
 * and the field when one is at fault.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, type ZodFastifySchemaValidationError } from 'fastify-type-provider-zod';
import type { ErrorBody } from '../../src-shared/protocol/sync';

export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }

  body(): ErrorBody {
    return this.field ? { error: this.code, message: this.message, field: this.field } : { error: this.code, message: this.message };
  }
}

const CJK = /[\u3400-\u9fff]/;

const TYPE_ZH: Record<string, string> = {
  string: '字符串',
  number: '数字',
  int: '整数',
  boolean: '布尔值',
  object: '对象',
  array: '数组',
  date: '日期',
  bigint: '整数',
};

const CONTEXT_ZH: Record<string, string> = {
  querystring: '查询参数',
  params: '路径参数',
  body: '请求体字段',
  headers: '请求头',
};

/** The rule that failed, in Chinese, from a zod issue as fastify-type-provider-zod reports it. */
function ruleZh(v: ZodFastifySchemaValidationError): string {
  const p = v.params as Record<string, unknown>;
  const origin = typeof p.origin === 'string' ? p.origin : '';
  const bound = (k: 'minimum' | 'maximum') => String(p[k]);
  const msg = v.message ?? '';
  switch (v.keyword) {
    case 'invalid_type': {
      const expected = String(p.expected ?? '');
      if (p.input === undefined && /received undefined/.test(msg)) return '为必填项';
      return `必须是${TYPE_ZH[expected] ?? expected}`;
    }
    case 'too_small':
      if (origin === 'string') return `长度不得少于${bound('minimum')}个字符`;
      if (origin === 'array' || origin === 'set') return `至少需要${bound('minimum')}项`;
      return p.inclusive === false ? `必须大于${bound('minimum')}` : `不得小于${bound('minimum')}`;
    case 'too_big':
      if (origin === 'string') return `长度不得超过${bound('maximum')}个字符`;
      if (origin === 'array' || origin === 'set') return `最多${bound('maximum')}项`;
      return p.inclusive === false ? `必须小于${bound('maximum')}` : `不得大于${bound('maximum')}`;
    case 'invalid_format':
      return CJK.test(msg) ? msg : `格式不正确（${String(p.format ?? '')}）`;
    case 'invalid_value':
      return Array.isArray(p.values) ? `取值必须是：${p.values.map(String).join('、')}` : '取值不在允许范围内';
    case 'unrecognized_keys':
      return Array.isArray(p.keys) ? `包含不允许的字段：${p.keys.map(String).join('、')}` : '包含不允许的字段';
    case 'not_multiple_of':
      return `必须是${String(p.divisor)}的倍数`;
    default:
      return CJK.test(msg) ? msg : '不符合要求';
  }
}

export function validationBody(validation: ZodFastifySchemaValidationError[], context: string | undefined): ErrorBody {
  const first = validation[0]!;
  const path = first.instancePath.replace(/^\//, '').split('/').filter(Boolean).join('.');
  const field = path || context || 'request';
  const where = CONTEXT_ZH[context ?? ''] ?? '参数';
  const rule = ruleZh(first);
  const english = !first.message || CJK.test(first.message) ? '' : ` (${first.message})`;
  const more = validation.length > 1 ? `；另有${validation.length - 1}处错误` : '';
  return { error: 'validation_failed', message: `${where} ${field} 不合法：${rule}${more}${english}`, field };
}

/** Installs the error and not-found handlers on the root instance. */
export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, req: FastifyRequest, reply: FastifyReply) => {
    if (hasZodFastifySchemaValidationErrors(err)) {
      return reply.code(400).send(validationBody(err.validation, err.validationContext));
    }
    if (err instanceof HttpError) {
      return reply.code(err.statusCode).send(err.body());
    }
    if (err.code === 'FST_ERR_RESPONSE_SERIALIZATION') {
      req.log.error({ err }, 'response does not match its schema');
      return reply.code(500).send({ error: 'internal', message: '中心内部错误：响应不符合接口定义 (response serialization failed)' });
    }
    const status = err.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      return reply.code(status).send({ error: err.code ? err.code.toLowerCase() : 'bad_request', message: `请求无效：${err.message}` });
    }
    req.log.error({ err }, 'request failed');
    return reply.code(500).send({ error: 'internal', message: '中心内部错误，请稍后重试 (internal error)' });
  });

  app.setNotFoundHandler((req, reply) => {
    const path = req.url.split('?')[0];
    return reply.code(404).send({ error: 'not_found', message: `接口不存在：${req.method} ${path} (no such route)` });
  });
}
