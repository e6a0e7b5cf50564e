import type { SourceKind } from '../sources/source.ts';

/**
 * The demo monitor's sources. Pseudonyms start with "Demo" so demo data is never mistaken for
 * a real monitor's. Groups follow the methodology: a wire that quotes the Observatory shares
 * its group (re-reporting is not corroboration); every field source stands alone.
 */
export interface DemoSourceSpec {
  key: string;
  kind: SourceKind;
  pseudonym: string;
  group: string;
  /** Governorates a field source covers; wires and the monitor cover all. */
  covers?: readonly string[];
  note?: string;
}

const north = ['sy-aleppo', 'sy-idlib', 'sy-raqqa', 'sy-hasakah', 'sy-deir-ez-zor'];
const centre = ['sy-homs', 'sy-hama', 'sy-latakia', 'sy-tartus'];
const south = ['sy-daraa', 'sy-quneitra', 'sy-suwayda', 'sy-damascus', 'sy-rif-dimashq'];

export const demoSourceSpecs: readonly DemoSourceSpec[] = [
  { key: 'observatory', kind: 'monitor', pseudonym: 'Demo Observatory', group: 'demo-observatory' },
  {
    key: 'wire-a',
    kind: 'news_outlet',
    pseudonym: 'Demo wire agency A',
    group: 'demo-observatory',
    note: 'Demo data. Quotes the Observatory for most tolls, so it shares its independence group.',
  },
  { key: 'wire-b', kind: 'news_outlet', pseudonym: 'Demo wire agency B', group: 'demo-wire-b' },
  { key: 'state', kind: 'official', pseudonym: 'Demo state news agency', group: 'demo-state' },
  {
    key: 'activists-north',
    kind: 'activist',
    pseudonym: 'Demo activist network (north)',
    group: 'demo-lcc-north',
    covers: north,
  },
  {
    key: 'activists-centre',
    kind: 'activist',
    pseudonym: 'Demo activist network (centre)',
    group: 'demo-lcc-centre',
    covers: centre,
  },
  {
    key: 'activists-south',
    kind: 'activist',
    pseudonym: 'Demo activist network (south)',
    group: 'demo-lcc-south',
    covers: south,
  },
  {
    key: 'medic-idlib',
    kind: 'medic',
    pseudonym: 'Demo medic, Idlib',
    group: 'demo-medic-idlib',
    covers: ['sy-idlib', 'sy-hama'],
  },
  {
    key: 'medic-aleppo',
    kind: 'medic',
    pseudonym: 'Demo medic, Aleppo',
    group: 'demo-medic-aleppo',
    covers: ['sy-aleppo', 'sy-raqqa'],
  },
  {
    key: 'medic-daraa',
    kind: 'medic',
    pseudonym: 'Demo medic, Daraa',
    group: 'demo-medic-daraa',
    covers: ['sy-daraa', 'sy-quneitra', 'sy-suwayda'],
  },
  {
    key: 'medic-east',
    kind: 'medic',
    pseudonym: 'Demo medic, Deir ez-Zor',
    group: 'demo-medic-east',
    covers: ['sy-deir-ez-zor', 'sy-hasakah'],
  },
  {
    key: 'hospital-douma',
    kind: 'hospital',
    pseudonym: 'Demo field hospital, Douma',
    group: 'demo-hospital-douma',
    covers: ['sy-rif-dimashq', 'sy-damascus'],
  },
  {
    key: 'hospital-homs',
    kind: 'hospital',
    pseudonym: 'Demo hospital, Homs',
    group: 'demo-hospital-homs',
    covers: ['sy-homs', 'sy-hama', 'sy-tartus'],
  },
  {
    key: 'hospital-coast',
    kind: 'hospital',
    pseudonym: 'Demo hospital, Latakia',
    group: 'demo-hospital-coast',
    covers: ['sy-latakia', 'sy-tartus'],
  },
  {
    key: 'hospital-idlib',
    kind: 'hospital',
    pseudonym: 'Demo hospital, Idlib',
    group: 'demo-hospital-idlib',
    covers: ['sy-idlib', 'sy-aleppo'],
  },
];

/** Field sources of one kind that cover a governorate. */
export const fieldSourcesFor = (kind: SourceKind, admin1: string) =>
  demoSourceSpecs.filter((s) => s.kind === kind && s.covers?.includes(admin1));
