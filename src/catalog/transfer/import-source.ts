import { AppConfig } from '../../config/config';
import { badRequest } from '../../tmf/errors';
import { isUuid } from '../../tmf/resource/document.repository';
import { CATALOG_API } from '../catalog.resources';

/** Where an import reads from: an export of this service (read from the database), or an allow-listed URL. */
export type ImportSource = { kind: 'export'; exportJobId: string } | { kind: 'url'; url: string };

const EXPORT_CONTENT = new RegExp(`^${CATALOG_API.basePath}/exportJob/([^/]+)/content$`);

/**
 * Resolves an import job's `url`. Anything but this service's own export files and URLs under a prefix of
 * IMPORT_URL_ALLOWLIST (same origin, path under the prefix's path) is refused, so an import cannot be used to
 * make the service fetch arbitrary addresses.
 */
export function importSource(url: string, config: AppConfig): ImportSource {
  let target: URL;
  try {
    target = new URL(url, config.publicBaseUrl);
  } catch {
    throw badRequest('invalidBody', `url '${url}' is not a valid URL`);
  }
  const own = new URL(config.publicBaseUrl);
  const exportId = EXPORT_CONTENT.exec(target.pathname)?.[1];
  if (target.origin === own.origin && exportId) {
    if (!isUuid(exportId)) throw badRequest('invalidBody', `url '${url}' names no export job of this service`);
    return { kind: 'export', exportJobId: exportId.toLowerCase() };
  }
  const allowed = config.importUrlAllowlist.some((prefix) => {
    const p = new URL(prefix);
    return target.origin === p.origin && target.pathname.startsWith(p.pathname) && !target.username && !target.password;
  });
  if (!allowed || !/^https?:$/.test(target.protocol)) {
    throw badRequest('invalidBody', `url '${url}' is neither an export of this service nor under a prefix of IMPORT_URL_ALLOWLIST`);
  }
  return { kind: 'url', url: target.href };
}

/** Reads a remote file: no redirects (they could leave the allow-list), a timeout, and at most `maxBytes`. */
export async function fetchLimited(url: string, maxBytes: number, timeoutMs = 60_000): Promise<string> {
  const response = await fetch(url, { redirect: 'error', signal: AbortSignal.timeout(timeoutMs) });
  if (!response.ok) throw new Error(`GET ${url} answered ${response.status} ${response.statusText}`);
  const declared = Number(response.headers.get('content-length') ?? 0);
  if (declared > maxBytes) throw new Error(`the file at ${url} is ${declared} bytes, over the limit of ${maxBytes} (IMPORT_MAX_BYTES)`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of response.body ?? []) {
    size += (chunk as Uint8Array).byteLength;
    if (size > maxBytes) throw new Error(`the file at ${url} is over the limit of ${maxBytes} bytes (IMPORT_MAX_BYTES)`);
    chunks.push(Buffer.from(chunk as Uint8Array));
  }
  return Buffer.concat(chunks).toString('utf8');
}
