import { describe, expect, it } from 'vitest';
import { forbiddenAddress, refusedSubscriberUrl, refusedUrl } from '../../app/webhook-destination';

/** Issue 19: which addresses and URLs a webhook may never reach outside development. */

describe('webhook destinations', () => {
  it.each([
    ['127.0.0.1', 'a loopback address'],
    ['127.255.0.9', 'a loopback address'],
    ['0.0.0.0', 'an unspecified address'],
    ['10.0.0.1', 'a private address'],
    ['172.16.0.1', 'a private address'],
    ['172.31.255.254', 'a private address'],
    ['192.168.1.1', 'a private address'],
    ['169.254.169.254', 'a link-local address'],
    ['100.64.0.1', 'a shared (CGNAT) address'],
    ['100.127.255.255', 'a shared (CGNAT) address'],
    ['::1', 'a loopback or unspecified address'],
    ['::', 'a loopback or unspecified address'],
    ['fc00::1', 'a private (unique local) address'],
    ['fd12:3456::1', 'a private (unique local) address'],
    ['fe80::1', 'a link-local address'],
    ['::ffff:127.0.0.1', 'a loopback address'],
    ['::ffff:a9fe:a9fe', 'a link-local address'],
    ['::ffff:10.0.0.1', 'a private address'],
    ['224.0.0.1', 'a multicast address'],
  ])('refuses %s as %s', (address, why) => {
    expect(forbiddenAddress(address)).toBe(why);
  });

  it.each(['93.184.215.14', '172.32.0.1', '100.128.0.1', '192.169.0.1', '2606:4700::1111', '::ffff:8.8.8.8'])(
    'allows the public address %s',
    (address) => {
      expect(forbiddenAddress(address)).toBeNull();
    },
  );

  it('requires https without credentials, and refuses forbidden literal hosts, unless development allows', () => {
    const production = { allowPrivate: false };
    const development = { allowPrivate: true };
    expect(refusedUrl('https://hooks.provider.example/cstr', production)).toBeNull();
    expect(refusedUrl('http://hooks.provider.example/cstr', production)).toMatch(/^not https/);
    expect(refusedUrl('https://me:pw@hooks.provider.example/cstr', production)).toBe(
      'credentials in the URL',
    );
    expect(refusedUrl('https://[::ffff:169.254.169.254]/', production)).toBe('a link-local address');
    expect(refusedUrl('https://2130706433/', production)).toBe('a loopback address');
    expect(refusedUrl('ftp://hooks.provider.example/', production)).toMatch(/^not https/);
    // A name is checked against what it resolves to when connecting; `localhost` is refused on loading too.
    expect(refusedUrl('https://localhost/', production)).toBeNull();
    expect(refusedSubscriberUrl('https://localhost/', production)).toBe('a loopback address');
    expect(refusedSubscriberUrl('https://api.localhost./', production)).toBe('a loopback address');

    expect(refusedUrl('http://127.0.0.1:8080/hook', development)).toBeNull();
    expect(refusedSubscriberUrl('http://localhost:8080/hook', development)).toBeNull();
    expect(refusedUrl('http://me:pw@127.0.0.1:8080/hook', development)).toBe('credentials in the URL');
  });
});
