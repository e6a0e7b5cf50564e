import { describe, expect, it } from 'vitest';
import { fieldForColumn, readSex, readStatus } from './victims.columns.ts';
import { IMPORT_FIELDS } from './victims.import.ts';

describe('fieldForColumn', () => {
  it.each([
    ['name', 'name'],
    ['Name', 'name'],
    ['Full Name', 'name'],
    ['الاسم', 'name'],
    ['الإسم الكامل', 'name'],
    ['اسم الشهيد', 'name'],
    ['Date of Death', 'date_of_death'],
    ['date_of_death', 'date_of_death'],
    ['تاريخ الاستشهاد', 'date_of_death'],
    ['Gender', 'sex'],
    ['الجنس', 'sex'],
    ['Province', 'governorate'],
    ['المحافظة', 'governorate'],
    ['Area of death', 'place'],
    ['مكان الاستشهاد', 'place'],
    ['Cause of Death', 'cause'],
    ['سبب الوفاة', 'cause'],
    ["Father's name", 'father_name'],
    ['اسم الاب', 'father_name'],
    ['Status', 'status'],
    ['ID', 'list_row'],
    ['#', 'list_row'],
    ['Notes', 'notes'],
  ])('"%s" holds %s', (header, field) => {
    expect(fieldForColumn(header, IMPORT_FIELDS)).toBe(field);
  });

  it('knows nothing of other headers', () => {
    for (const header of ['Photo', 'رابط', 'source_url', 'Video link', ''])
      expect(fieldForColumn(header, IMPORT_FIELDS)).toBeNull();
  });
});

describe('readStatus', () => {
  it.each([
    ['Civilian', 'civilian'],
    ['Non-Civilian', 'combatant'],
    ['non civilian', 'combatant'],
    ['مدني', 'civilian'],
    ['عسكري', 'combatant'],
    ['غير مدني', 'combatant'],
    ['Unknown', 'unknown'],
    ['Journalist', 'journalist'],
  ])('"%s" is %s', (raw, status) => {
    expect(readStatus(raw)).toBe(status);
  });
});

describe('readSex', () => {
  it.each([
    ['M', 'male', null],
    ['female', 'female', null],
    ['Adult - Male', 'male', 'adult'],
    ['Child - Female', 'female', 'child'],
    ['child-male', 'male', 'child'],
    ['ذكر', 'male', null],
    ['أنثى', 'female', null],
    ['طفلة', 'female', 'child'],
    ['امرأة', 'female', 'adult'],
    ['boy', 'male', 'child'],
  ])('"%s" is %s, age group %s', (raw, sex, ageGroup) => {
    expect(readSex(raw)).toEqual({ sex, ageGroup });
  });

  it('gives back what it cannot read, for validation to name', () => {
    expect(readSex('x?')).toEqual({ sex: 'x?', ageGroup: null });
  });
});
