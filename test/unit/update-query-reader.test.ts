import { describe, expect, it } from 'vitest';
import { queryReader } from '../../src/http/query-reader.ts';

/** What Django's QueryDict.get would see: URLSearchParams, last value wins. */
function reference(url: string, name: string): string | undefined {
  const params = new URL(url).searchParams.getAll(name);
  return params.length > 0 ? params[params.length - 1] : undefined;
}

describe('queryReader (the update check’s parameter parser)', () => {
  const cases = [
    'id=a%40b.c&appID=%7Bec8030f7-c20a-464f-9b0e-13a3a9e97384%7D&appVersion=128.0&compatMode=normal',
    'id=one&id=two&appVersion=1&appVersion=',
    'id=%ZZ%C0%80&appID=%&appVersion=%%%',
    'id=a%00b&appVersion=%FF%FE&compatMode=%E2%82',
    'id=a+b&appID=x%2By&appVersion=1+2',
    'id&appID=&appVersion',
    'app%49D=encoded-key&%69d=also',
    'id=%F0%9F%98%80%40trove.test&appVersion=*.*',
    '',
    'id==x=y&appVersion=a=b',
  ];
  it.each(cases)('reads %s as URLSearchParams does', (query) => {
    const url = `http://trove.test/update/?${query}`;
    const get = queryReader(url);
    for (const name of ['id', 'appID', 'appVersion', 'compatMode']) {
      expect(get(name), name).toBe(reference(url, name));
    }
  });

  it('ignores the parameters that do not change the answer', () => {
    const get = queryReader('http://trove.test/update/?reqVersion=2&locale=de&id=x');
    expect(get('locale')).toBeUndefined();
    expect(get('id')).toBe('x');
  });
});
