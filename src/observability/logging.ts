import { LoggerService } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { IncomingMessage } from 'node:http';
import pino, { Logger, LevelWithSilent } from 'pino';
import { AppConfig } from '../config/config';

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The request id: the caller's X-Request-Id when it is sane, else a new UUID. Fastify assigns it to each request. */
export function requestId(req: IncomingMessage): string {
  const given = req.headers['x-request-id'];
  return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
}

let lastMs = 0;
let lastTime = '';
/** `,"time":"<ISO 8601 UTC>"`, formatted once per millisecond: busy servers log many lines in the same one. */
function isoTime(): string {
  const now = Date.now();
  if (now !== lastMs) {
    lastMs = now;
    lastTime = `,"time":"${new Date(now).toISOString()}"`;
  }
  return lastTime;
}

/**
 * The one pino logger of a process: JSON lines with an ISO time, the level as a word, the service and role.
 * Fastify gives each request a child of it carrying `reqId`, so every line logged for a request has the id.
 * Request headers are never logged, so credentials cannot reach the log.
 */
export function createLogger(config: Pick<AppConfig, 'logLevel' | 'role'>): Logger {
  // asynchronous stdout: lines written while a write is in flight go out together (one syscall, not one each);
  // pino flushes what is pending when the process exits
  const destination = pino.destination({ dest: 1, sync: false });
  return pino({
    level: config.logLevel as LevelWithSilent,
    base: { service: 'tmf-bss', role: config.role },
    timestamp: isoTime,
    formatters: { level: (label) => ({ level: label }) },
  }, destination);
}

/** Nest's logger interface on pino: `logger.warn({ detail }, 'message')` and `logger.log('message')` both work. */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly pino: Logger) {}

  log(message: unknown, ...rest: unknown[]) {
    this.write('info', message, rest);
  }
  error(message: unknown, ...rest: unknown[]) {
    this.write('error', message, rest);
  }
  warn(message: unknown, ...rest: unknown[]) {
    this.write('warn', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]) {
    this.write('debug', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]) {
    this.write('trace', message, rest);
  }
  fatal(message: unknown, ...rest: unknown[]) {
    this.write('fatal', message, rest);
  }

  // Nest appends the logger's context as the last argument; an error's stack may come before it.
  private write(level: 'info' | 'error' | 'warn' | 'debug' | 'trace' | 'fatal', message: unknown, rest: unknown[]) {
    if (!this.pino.isLevelEnabled(level)) return;
    const args = [...rest];
    const context = args.length && typeof args[args.length - 1] === 'string' ? (args.pop() as string) : undefined;
    const text = args.find((a): a is string => typeof a === 'string');
    if (message instanceof Error) this.pino[level]({ context, err: message }, text ?? message.message);
    else if (message && typeof message === 'object') this.pino[level]({ context, ...message }, text);
    else if (text && text.includes('\n    at ')) this.pino[level]({ context, stack: text }, String(message));
    else this.pino[level]({ context }, String(message));
  }
}
