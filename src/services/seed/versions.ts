import type { VersionInput } from '../../domain/catalogue.ts';
import { ADDON_STATUS, type AddonTypeName, CHANNEL, FILE_STATUS } from '../../domain/constants.ts';
import { type CompatState, languagePackCompat, type VersionCompat, versionCompat } from './compat.ts';
import type { Random } from './random.ts';
import { releaseNotes } from './text.ts';
import { PERMISSIONS } from './words.ts';

/** Running id counters shared by all the add-ons of one catalogue. */
export interface IdCounters {
  version: number;
  file: number;
}

/** What the versions of one add-on are built from. */
export interface VersionPlan {
  readonly type: AddonTypeName;
  readonly addonStatus: number;
  /** Creation times (ms) of the versions, oldest first; one version per entry. */
  readonly times: readonly number[];
  readonly android: boolean;
  readonly strict: boolean;
  readonly license: string | null;
  /** AMO's filename stem: the slugified name with underscores. */
  readonly fileStem: string;
  /** English plural of what the add-on works on, for release notes. */
  readonly plural: string;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** Increasing version strings: `1.0`, `1.1`… for themes, semver-like (sometimes two parts) otherwise. */
function versionNumbers(rng: Random, type: AddonTypeName, count: number): string[] {
  if (type === 'statictheme') {
    let [major, minor] = [1, 0];
    const out = ['1.0'];
    for (let i = 1; i < count; i++) {
      if (rng.chance(0.85)) minor++;
      else [major, minor] = [major + 1, 0];
      out.push(`${major}.${minor}`);
    }
    return out;
  }
  const twoParts = rng.chance(0.25);
  let major = type === 'dictionary' ? rng.pick([1, 1, 2]) : rng.pick([0, 1, 1, 1, 2, 3]);
  let minor = rng.int(0, 9);
  let patch = twoParts ? 0 : rng.int(0, 9);
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    if (i > 0) {
      const bump = rng.weighted<'major' | 'minor' | 'patch'>([
        ['patch', twoParts ? 0 : 55],
        ['minor', 35],
        ['major', 10],
      ]);
      if (bump === 'patch') patch++;
      else if (bump === 'minor') [minor, patch] = [minor + 1, 0];
      else [major, minor, patch] = [major + 1, 0, 0];
    }
    out.push(twoParts ? `${major}.${minor}` : `${major}.${minor}.${patch}`);
  }
  return out;
}

/** Mozilla's language pack versions: `{app major}.0.{yyyymmdd}.{hhmmss}` of the build. */
function languagePackVersion(major: number, time: number): string {
  const d = new Date(time);
  const day = `${d.getUTCFullYear()}${pad2(d.getUTCMonth() + 1)}${pad2(d.getUTCDate())}`;
  const clock = d.getUTCHours() * 10_000 + d.getUTCMinutes() * 100 + d.getUTCSeconds();
  return `${major}.0.${day}.${clock}`;
}

function fileSize(rng: Random, type: AddonTypeName): number {
  const [median, spread, floor] =
    type === 'extension'
      ? [150_000, 1.2, 2_000]
      : type === 'statictheme'
        ? [60_000, 0.8, 1_500]
        : type === 'dictionary'
          ? [800_000, 0.5, 50_000]
          : [450_000, 0.1, 300_000];
  return Math.max(floor, Math.round(Math.exp(rng.normal(Math.log(median), spread))));
}

/**
 * Which version AMO serves, and the states of the others. A public add-on always has one listed, live and
 * approved version (sometimes followed by one awaiting review); older ones may be unlisted, deleted or disabled.
 */
function fileState(
  rng: Random,
  addonStatus: number,
  index: number,
  current: number,
): { status: number; channel: number; deleted: boolean } {
  const { listed, unlisted } = CHANNEL;
  if (addonStatus === ADDON_STATUS.incomplete)
    return { status: FILE_STATUS.public, channel: unlisted, deleted: false };
  if (addonStatus === ADDON_STATUS.nominated)
    return { status: FILE_STATUS.unreviewed, channel: listed, deleted: false };
  if (addonStatus === ADDON_STATUS.disabled)
    return { status: FILE_STATUS.disabled, channel: listed, deleted: false };
  if (index === current) return { status: FILE_STATUS.public, channel: listed, deleted: false };
  if (index > current) return { status: FILE_STATUS.unreviewed, channel: listed, deleted: false };
  return {
    status: rng.chance(0.05) ? FILE_STATUS.disabled : FILE_STATUS.public,
    channel: rng.chance(0.08) ? unlisted : listed,
    deleted: rng.chance(0.06),
  };
}

/** The versions of one add-on, oldest first, with ids drawn from `ids` (so increasing across the catalogue). */
export function buildVersions(rng: Random, plan: VersionPlan, ids: IdCounters): VersionInput[] {
  const count = plan.times.length;
  const numbers = plan.type === 'language' ? [] : versionNumbers(rng, plan.type, count);
  const current = count > 1 && rng.chance(0.08) ? count - 2 : count - 1;
  const notesChance = plan.type === 'statictheme' ? 0.3 : 0.55;
  let permissions = plan.type === 'extension' ? rng.sample(PERMISSIONS, rng.int(0, 5)) : [];
  const size = fileSize(rng, plan.type);
  let state: CompatState | null = null;
  const versions: VersionInput[] = [];
  for (let i = 0; i < count; i++) {
    const time = plan.times[i] as number;
    let compat: VersionCompat;
    let version: string;
    if (plan.type === 'language') {
      const pack = languagePackCompat(time);
      compat = pack;
      version = languagePackVersion(pack.major, time);
    } else {
      const kind =
        plan.type === 'statictheme' ? 'statictheme' : plan.type === 'dictionary' ? 'dictionary' : 'extension';
      compat = versionCompat(rng, kind, time, state, { android: plan.android, strict: plan.strict });
      version = numbers[i] as string;
    }
    state = compat.state;
    if (i > 0 && plan.type === 'extension' && rng.chance(0.2)) {
      permissions = [...new Set([...permissions, rng.pick(PERMISSIONS)])];
    }
    const { status, channel, deleted } = fileState(rng, plan.addonStatus, i, current);
    ids.version += 1;
    // Files are occasionally replaced before approval on AMO, so file ids drift away from version ids.
    ids.file += rng.chance(0.05) ? rng.int(2, 4) : 1;
    versions.push({
      id: ids.version,
      version,
      channel: channel as VersionInput['channel'],
      deleted,
      releaseNotes:
        channel === CHANNEL.listed && rng.chance(notesChance)
          ? releaseNotes(rng, plan.plural, plan.type === 'extension')
          : null,
      license: plan.license,
      created: new Date(time),
      file: {
        id: ids.file,
        status,
        hash: `sha256:${rng.hex(64)}`,
        size: Math.round(size * rng.float(0.9, 1.1)),
        filename: `${plan.fileStem}-${version}.xpi`,
        strictCompatibility: compat.strict,
        permissions,
      },
      compat: compat.compat,
    });
  }
  return versions;
}
