import type { IncomingMessage } from 'node:http';
import { clientAddressResolver } from './client-address';

function request(peer: string, forwardedFor?: string): IncomingMessage {
  const socket = { remoteAddress: peer };
  return {
    headers: forwardedFor ? { 'x-forwarded-for': forwardedFor } : {},
    socket,
    connection: socket,
  } as unknown as IncomingMessage;
}

describe('client address (TRUSTED_PROXIES)', () => {
  const loopbackOnly = clientAddressResolver();

  it('uses the peer address when the peer is not a trusted proxy, ignoring X-Forwarded-For', () => {
    expect(loopbackOnly(request('198.51.100.7', '203.0.113.1'))).toBe('198.51.100.7');
  });

  it('reads X-Forwarded-For when the peer is a trusted proxy', () => {
    expect(loopbackOnly(request('127.0.0.1', '203.0.113.1'))).toBe('203.0.113.1');
    expect(loopbackOnly(request('::1', '203.0.113.1'))).toBe('203.0.113.1');
  });

  it('takes the right-most entry that is not a trusted proxy, so a forged left part is ignored', () => {
    const ingress = clientAddressResolver('10.0.0.0/8');
    // The client forged "1.2.3.4"; the ingress (10.0.0.5) appended the real peer 203.0.113.9.
    expect(ingress(request('10.0.0.5', '1.2.3.4, 203.0.113.9'))).toBe('203.0.113.9');
    // Two trusted hops: the first untrusted address from the right is the client.
    expect(ingress(request('10.0.0.5', '1.2.3.4, 203.0.113.9, 10.1.2.3'))).toBe('203.0.113.9');
  });

  it('falls back to the last trusted hop when every entry is trusted', () => {
    const ingress = clientAddressResolver('10.0.0.0/8');
    expect(ingress(request('10.0.0.5', '10.0.0.9'))).toBe('10.0.0.9');
  });

  it('treats IPv4-mapped IPv6 peers as their IPv4 address', () => {
    expect(loopbackOnly(request('::ffff:198.51.100.7'))).toBe('198.51.100.7');
    expect(loopbackOnly(request('::ffff:127.0.0.1', '203.0.113.4'))).toBe('203.0.113.4');
  });

  it('accepts several comma-separated entries and refuses invalid ones', () => {
    const several = clientAddressResolver('loopback, 10.0.0.0/8, 192.168.1.1');
    expect(several(request('192.168.1.1', '203.0.113.5'))).toBe('203.0.113.5');
    expect(() => clientAddressResolver('not-an-address')).toThrow();
  });
});
