/** Longer Link headers are left out: proxies and HTTP clients refuse responses with very large headers. */
export const MAX_LINK_HEADER = 8192;

/**
 * Link header (RFC 8288) for a page of a TMF630 list: self, first, prev, next, last. The other query
 * parameters are kept byte for byte (re-encoding would turn an OR list `a,b` into a literal `a%2Cb`).
 * Undefined when it would exceed MAX_LINK_HEADER (a very long filter); offset and limit still page.
 */
export function linkHeader(baseUrl: string, rawQuery: string, offset: number, limit: number, total: number): string | undefined {
  const kept = rawQuery.split('&').filter((p) => p && !/^(offset|limit)(=|$)/.test(p));
  const at = (o: number) => `${baseUrl}?${[...kept, `offset=${o}`, `limit=${limit}`].join('&')}`;
  const links: [string, string][] = [['self', at(offset)], ['first', at(0)]];
  if (limit > 0) {
    if (offset > 0) links.push(['prev', at(Math.max(0, Math.min(offset, total) - limit))]);
    if (offset + limit < total) links.push(['next', at(offset + limit)]);
    links.push(['last', at(total > 0 ? Math.floor((total - 1) / limit) * limit : 0)]);
  }
  const header = links.map(([rel, url]) => `<${url}>; rel="${rel}"`).join(', ');
  return header.length <= MAX_LINK_HEADER ? header : undefined;
}
