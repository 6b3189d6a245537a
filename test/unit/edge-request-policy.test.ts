import { describe, expect, it } from 'vitest';
import {
  EDGE_INTERNAL_PREFIX,
  manifestCacheKey,
  pageCacheKey,
  updateCacheKey,
} from '../../src/domain/edge/cache-key.ts';
import { hasSessionCookie, isPrivatePath, routeEdgeRequest } from '../../src/domain/edge/request-policy.ts';
import { parseUpdateQuery } from '../../src/domain/update-check.ts';
import { queryReader } from '../../src/http/query-reader.ts';
import { FIREFOX_GUID } from '../support/factories.ts';

const anonymous = { method: 'GET', path: '/en-US/firefox/', cookie: null, authorization: null };

describe('routeEdgeRequest', () => {
  it('caches anonymous GET and HEAD, and answers update checks at the edge', () => {
    expect(routeEdgeRequest(anonymous)).toEqual({ kind: 'cache' });
    expect(routeEdgeRequest({ ...anonymous, method: 'HEAD' })).toEqual({ kind: 'cache' });
    expect(routeEdgeRequest({ ...anonymous, path: '/update/VersionCheck.php' })).toEqual({ kind: 'update' });
    expect(routeEdgeRequest({ ...anonymous, path: '/update/' })).toEqual({ kind: 'update' });
  });

  it('passes signed-in visitors, credentials and writes through', () => {
    expect(routeEdgeRequest({ ...anonymous, cookie: 'a=1; trove_session=abc' })).toEqual({
      kind: 'bypass',
      reason: 'credentials',
    });
    expect(routeEdgeRequest({ ...anonymous, authorization: 'JWT x.y.z' }).kind).toBe('bypass');
    expect(routeEdgeRequest({ ...anonymous, method: 'POST' })).toEqual({ kind: 'bypass', reason: 'method' });
    expect(routeEdgeRequest({ ...anonymous, method: 'POST', path: '/update/' }).kind).toBe('bypass');
  });

  it('never shares personal paths, whatever their extension (cache deception)', () => {
    expect(routeEdgeRequest({ ...anonymous, path: '/en-US/firefox/account/whatever.css' })).toEqual({
      kind: 'bypass',
      reason: 'private-path',
    });
    expect(isPrivatePath('/en-US/developers/addons/')).toBe(true);
    expect(isPrivatePath('/api/v5/accounts/profile/')).toBe(true);
    expect(isPrivatePath('/en-US/firefox/addon/accountant/')).toBe(false);
  });

  it("never stores a visitor's request under the edge's own keys (update manifests)", () => {
    const internal = manifestCacheKey('a@b');
    expect(internal.startsWith(EDGE_INTERNAL_PREFIX)).toBe(true);
    expect(routeEdgeRequest({ ...anonymous, path: internal })).toEqual({
      kind: 'bypass',
      reason: 'internal',
    });
    expect(manifestCacheKey('{ec8030f7-c20a-464f-9b0e-13a3a9e97384}')).toBe(
      '/__edge/manifest/%7Bec8030f7-c20a-464f-9b0e-13a3a9e97384%7D',
    );
    expect(manifestCacheKey('a/b?c')).toBe('/__edge/manifest/a%2Fb%3Fc');
  });

  it('recognises the session cookie only by its exact name and a value', () => {
    expect(hasSessionCookie('trove_session=abc')).toBe(true);
    expect(hasSessionCookie(' other=1 ;  trove_session = abc ')).toBe(true);
    expect(hasSessionCookie('trove_session=')).toBe(false);
    expect(hasSessionCookie('not_trove_session=abc; trove_sessionx=1')).toBe(false);
    expect(hasSessionCookie(null)).toBe(false);
  });
});

describe('pageCacheKey', () => {
  const key = (url: string) => {
    const u = new URL(url, 'https://trove.test');
    return pageCacheKey(u.pathname, u.searchParams);
  };

  it('drops tracking parameters and orders the rest', () => {
    expect(key('/en-US/firefox/search/?q=tabs&sort=users&utm_source=x&fbclid=y&src=featured')).toBe(
      '/en-US/firefox/search/?q=tabs&sort=users',
    );
    expect(key('/s/?b=2&a=1')).toBe(key('/s/?a=1&b=2'));
    expect(key('/s/?a=2&a=1')).toBe('/s/?a=1&a=2');
    expect(key('/en-US/firefox/?utm_campaign=z')).toBe('/en-US/firefox/');
  });

  it('keeps parameters that change the page apart', () => {
    expect(key('/s/?q=tabs')).not.toBe(key('/s/?q=tab'));
    expect(key('/api/v5/addons/search/?lang=de')).not.toBe(key('/api/v5/addons/search/?lang=fr'));
  });
});

describe('updateCacheKey', () => {
  const keyOf = (params: Record<string, string>) => {
    const query = parseUpdateQuery(queryReader(`/update/?${new URLSearchParams(params)}`));
    if (!query) throw new Error('invalid query');
    return updateCacheKey(query);
  };
  const base = { reqVersion: '2', id: 'a@b', appID: FIREFOX_GUID, appVersion: '128.0' };

  it("ignores Firefox's parameters that do not change the answer", () => {
    const plain = keyOf(base);
    expect(keyOf({ ...base, locale: 'de', appOS: 'Linux', appABI: 'x86_64-gcc3', version: '1.0' })).toBe(
      plain,
    );
    expect(keyOf({ ...base, updateType: '112', status: 'userEnabled', currentAppVersion: '128.0' })).toBe(
      plain,
    );
  });

  it('keeps id, app, app version and compat mode apart', () => {
    const plain = keyOf(base);
    expect(keyOf({ ...base, id: 'c@d' })).not.toBe(plain);
    expect(keyOf({ ...base, appVersion: '129.0' })).not.toBe(plain);
    expect(keyOf({ ...base, compatMode: 'ignore' })).not.toBe(plain);
    expect(keyOf({ ...base, compatMode: 'strict' })).toBe(plain);
  });
});
