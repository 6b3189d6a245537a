import { describe, expect, it } from 'vitest';
import {
  nameTier,
  normalizeText,
  normalName,
  parseQuery,
  scoreDocument,
  TIER,
  tokenize,
  usageScore,
} from '../../src/domain/search-ranking.ts';
import { named } from '../contract/search-support.ts';

describe('normalizeText and tokenize', () => {
  it.each([
    ['Fenêtre Rangée', ['fenetre', 'rangee']],
    ['ÜBER Straße', ['uber', 'straße']],
    ['İstanbul Çay', ['istanbul', 'cay']],
    ['ﬁle ﬂow', ['file', 'flow']],
    ['Dark Mode (Webextension)', ['dark', 'mode', 'webextension']],
    ['Trieur d’onglets', ['trieur', 'd', 'onglets']],
    ['Tab2Go v1.5', ['tab2go', 'v1', '5']],
    ['Ελληνικά — Русский', ['ελληνικα', 'русскии']],
    ['uBlock日本語', ['ublock', '日', '本', '語']],
    ['タブマネージャー', ['タ', 'ブ', 'マ', 'ネ', 'ー', 'ジ', 'ャ', 'ー']],
    ['한국어 사전', ['한', '국', '어', '사', '전']],
    ['  …  ', []],
  ])('%s → %j', (text, tokens) => {
    expect(tokenize(text)).toEqual(tokens);
  });

  it('keeps Japanese voiced kana whole (ブ stays ブ, not フ)', () => {
    expect(normalizeText('ブ')).toBe('ブ');
  });
});

describe('parseQuery', () => {
  it('treats the last word as unfinished unless a space or punctuation follows it', () => {
    expect(parseQuery('Dark Re')).toEqual({ tokens: ['dark', 're'], text: 'dark re', lastIsPrefix: true });
    expect(parseQuery('dark re ')).toMatchObject({ tokens: ['dark', 're'], lastIsPrefix: false });
    expect(parseQuery('dark re.')).toMatchObject({ tokens: ['dark', 're'], lastIsPrefix: false });
    expect(parseQuery('  ')).toEqual({ tokens: [], text: '', lastIsPrefix: false });
  });

  it('reads at most 100 characters and 16 words', () => {
    expect(parseQuery(`${'a'.repeat(99)} bcd`).tokens).toEqual(['a'.repeat(99)]);
    expect(parseQuery(Array.from({ length: 30 }, (_, i) => `w${i}`).join(' ')).tokens).toHaveLength(16);
  });
});

describe('nameTier', () => {
  const name = normalName('Tab Session Manager');
  it.each([
    ['tab session manager', TIER.exactName],
    ['tab session manager ', TIER.exactName],
    ['session manager', TIER.namePhrase],
    ['tab sess', TIER.namePhrase],
    ['manager tab', TIER.nameWords],
    ['manager ta', TIER.nameWords],
    ['tab sess ', 0],
    ['tab session manager plus', 0],
    ['tab session manag', TIER.namePhrase],
    ['ab session', 0],
    ['sessions', 0],
    ['manager manager', TIER.nameWords],
  ])('"%s" → %i', (q, tier) => {
    expect(nameTier(name, parseQuery(q))).toBe(tier);
  });
});

describe('usageScore', () => {
  it('is log10(1 + users), plus 0.2 × rating, plus 0.5 when promoted', () => {
    expect(usageScore({ averageDailyUsers: 999, bayesianRating: 0, promoted: null })).toBeCloseTo(3);
    expect(usageScore({ averageDailyUsers: 9, bayesianRating: 5, promoted: 'line' })).toBeCloseTo(2.5);
    expect(usageScore({ averageDailyUsers: -5, bayesianRating: -1, promoted: null })).toBe(0);
  });
});

describe('scoreDocument (the reference rules)', () => {
  const doc = named('Tab Sorter', {
    name: { 'en-US': 'Tab Sorter', fr: 'Trieur d’onglets' },
    summary: { 'en-US': 'Sort your tabs.' },
    tags: ['productivity'],
    description: { 'en-US': 'Works offline.' },
    averageDailyUsers: 999,
    bayesianRating: 0,
  });
  const score = (q: string, lang?: string, fields?: number) =>
    scoreDocument(doc, parseQuery(q), lang, fields);

  it('scores by the worst field any word needed, plus usage', () => {
    expect(score('tab sorter')).toBeCloseTo(TIER.exactName * 1000 + 3);
    expect(score('sorter your')).toBeCloseTo(TIER.summary * 1000 + 3);
    expect(score('sorter sort')).toBeCloseTo(TIER.nameWords * 1000 + 3);
    expect(score('tab productivity')).toBeCloseTo(TIER.tags * 1000 + 3);
    expect(score('sort offline')).toBeCloseTo(TIER.description * 1000 + 3);
    expect(score('onglets')).toBeCloseTo(TIER.otherLocaleName * 1000 + 3);
    expect(score('onglets', 'fr')).toBeCloseTo(TIER.namePhrase * 1000 + 3);
  });

  it('is null when one word matches nowhere, or only outside the fields allowed', () => {
    expect(score('tab cookie')).toBeNull();
    expect(score('sor')).toBeCloseTo(TIER.namePhrase * 1000 + 3);
    expect(score('offl')).toBeNull();
    expect(score('tab your', undefined, 1)).toBeNull();
  });
});
