import { describe, expect, it } from 'vitest';
import { enUS } from '../../src/i18n/en-us.ts';
import { LOCALES, translator } from '../../src/i18n/index.ts';

describe('the page chrome dictionaries', () => {
  it('falls back to en-US for a key a locale leaves out', () => {
    expect(translator('fr').t('site.name')).toBe(enUS['site.name']);
    expect(translator('de').t('app.firefox')).toBe('Firefox');
  });

  it('fills placeholders and picks the plural form for the count, formatted for the locale', () => {
    expect(translator('en-US').plural('card.users', 1)).toBe('1 user');
    expect(translator('en-US').plural('card.users', 12345)).toBe('12,345 users');
    expect(translator('fr').plural('search.count', 0)).toBe('0 résultat');
    expect(translator('de').plural('listing.count', 2)).toBe('2 Add-ons');
    expect(translator('fr').t('addon.install', { app: 'Firefox' })).toBe('Ajouter à Firefox');
  });

  it('formats dates in UTC and sizes in KB or MB', () => {
    const date = new Date('2024-03-01T23:30:00Z');
    expect(translator('en-US').date(date)).toBe('Mar 1, 2024');
    expect(translator('de').date(date)).toBe('01.03.2024');
    expect(translator('en-US').bytes(1234)).toBe('1.2 kB');
    expect(translator('en-US').bytes(3 * 1024 * 1024)).toBe('3 MB');
  });

  it('offers every locale it lists', () => {
    for (const locale of LOCALES) expect(translator(locale).locale).toBe(locale);
  });
});
