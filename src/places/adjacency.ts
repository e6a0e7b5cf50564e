/**
 * Which first-level divisions touch which: the gazetteer's border data.
 * Wires place the dead by a frontier ("along the frontier with Jordan") or
 * around a city that is a governorate of its own ("in and around Damascus");
 * both name divisions that this data lists. English division names as in the
 * gazetteer; each list is ordered by where the frontier's crossings and
 * fighting are, so the first is the division a frontier names when the
 * article names none of the others.
 */
const borderDivisions: Record<string, Record<string, string[]>> = {
  SY: {
    JO: ['Daraa', 'Suwayda', 'Rif Dimashq'],
    LB: ['Homs', 'Rif Dimashq', 'Tartus'],
    TR: ['Aleppo', 'Idlib', 'Raqqa', 'Hasakah', 'Latakia'],
    IQ: ['Deir ez-Zor', 'Hasakah', 'Homs'],
    IL: ['Quneitra', 'Daraa'],
  },
  LB: { SY: ['Baalbek-Hermel', 'Akkar', 'Beqaa'], IL: ['South Lebanon', 'Nabatieh'] },
  IQ: { SY: ['Anbar', 'Nineveh'], IR: ['Diyala', 'Wasit', 'Maysan', 'Basra'], TR: ['Dohuk'] },
  JO: { SY: ['Irbid Governorate', 'Mafraq Governorate'] },
  IL: { LB: ['Northern District'], SY: ['Northern District'] },
};

/** A city that is a division of its own, and the division around it ("in and around Damascus"). */
const surroundedBy: Record<string, string> = {
  'SY:Damascus': 'Rif Dimashq',
  'LB:Beirut Governorate': 'Mount Lebanon',
};

/** The divisions of `country` along its border with `neighbour`, most likely first; [] when unknown. */
export function divisionsOnBorder(country: string, neighbour: string): string[] {
  return borderDivisions[country]?.[neighbour] ?? [];
}

/** The division that surrounds a city-division, or null. */
export function surroundingDivision(country: string, admin1: string): string | null {
  return surroundedBy[`${country}:${admin1}`] ?? null;
}
