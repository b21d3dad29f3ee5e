import { Inject, Injectable } from '@nestjs/common';
import { BlockList, isIP } from 'node:net';
import { lookup } from 'node:dns/promises';
import { AppConfig } from '../../config/config';
import { APP_CONFIG } from '../../config/config.module';

/** Address ranges a hub callback may not reach unless allow-listed: the service's own network and metadata. */
const RESERVED: [string, number, 'ipv4' | 'ipv6'][] = [
  ['0.0.0.0', 8, 'ipv4'], // "this network"
  ['10.0.0.0', 8, 'ipv4'],
  ['100.64.0.0', 10, 'ipv4'], // carrier-grade NAT
  ['127.0.0.0', 8, 'ipv4'],
  ['169.254.0.0', 16, 'ipv4'], // link-local, cloud metadata endpoints
  ['172.16.0.0', 12, 'ipv4'],
  ['192.168.0.0', 16, 'ipv4'],
  ['224.0.0.0', 3, 'ipv4'], // multicast and reserved
  ['::', 128, 'ipv6'],
  ['::1', 128, 'ipv6'],
  ['fc00::', 7, 'ipv6'], // unique local
  ['fe80::', 10, 'ipv6'], // link-local
  ['ff00::', 8, 'ipv6'], // multicast
];

/**
 * Keeps hub callbacks away from private, loopback and link-local addresses (server-side request forgery), unless
 * HUB_CALLBACK_ALLOWLIST names the host or a range holding the address. Checked when a listener registers and
 * again before each delivery, since a name may resolve elsewhere later.
 */
@Injectable()
export class CallbackGuard {
  private readonly reserved = new BlockList();
  private readonly allowedRanges = new BlockList();
  private readonly allowedHosts = new Set<string>();

  constructor(@Inject(APP_CONFIG) config: Pick<AppConfig, 'hubCallbackAllowlist'>) {
    for (const [address, prefix, type] of RESERVED) this.reserved.addSubnet(address, prefix, type);
    for (const entry of config.hubCallbackAllowlist) {
      const [address, prefix] = entry.split('/');
      const type = isIP(address);
      if (type) this.allowedRanges.addSubnet(address, prefix === undefined ? (type === 4 ? 32 : 128) : Number(prefix), type === 4 ? 'ipv4' : 'ipv6');
      else this.allowedHosts.add(entry.toLowerCase());
    }
  }

  /** Why the callback may not be called, or undefined when it may. */
  async refusal(callback: string): Promise<string | undefined> {
    let url: URL;
    try {
      url = new URL(callback);
    } catch {
      return 'callback is not a valid URL';
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'callback must be an http(s) URL';
    const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
    if (this.allowedHosts.has(host)) return undefined;
    let addresses: { address: string; family: number }[];
    try {
      addresses = isIP(host) ? [{ address: host, family: isIP(host) }] : await lookup(host, { all: true });
    } catch {
      // a name that does not resolve now reaches nothing: not a reason to refuse; delivery checks again
      return undefined;
    }
    for (const { address, family } of addresses) {
      // an IPv4-mapped IPv6 address (::ffff:a.b.c.d) is checked as the IPv4 address it is
      const mapped = family === 6 ? /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1] : undefined;
      const checked = mapped ?? address;
      const checkedType: 'ipv4' | 'ipv6' = mapped || family !== 6 ? 'ipv4' : 'ipv6';
      if (this.reserved.check(checked, checkedType) && !this.allowedRanges.check(checked, checkedType)) {
        return `callback host '${host}' resolves to ${address}, a private, loopback or link-local address (allow it with HUB_CALLBACK_ALLOWLIST)`;
      }
    }
    return undefined;
  }
}
