import { describe, expect, it } from 'vitest';
import { splitPersonName } from './person.ts';

describe('splitPersonName', () => {
  it('gives one skeleton per part to the same name in both scripts and several romanisations', () => {
    const forms = [
      'Mohammed Abd al-Rahman al-Hamoud',
      'Muhammad Abdulrahman Hamoud',
      'محمد عبد الرحمن الحمود',
      'محمد عبدالرحمن الحمود',
    ];
    const skeletons = forms.map((name) =>
      splitPersonName(name)
        .parts.map((p) => p.skeleton)
        .join(' '),
    );
    expect(new Set(skeletons).size).toBe(1);
    expect(splitPersonName(forms[0]!).father).toMatchObject({ key: 'abdrahman', text: 'Abd al-Rahman' });
  });

  it('assigns given, father, grandfather and family, dropping bin and ibn', () => {
    const name = splitPersonName('Ahmad bin Khalil Omar al-Masri');
    expect(name.given?.text).toBe('Ahmad');
    expect(name.father?.text).toBe('Khalil');
    expect(name.grandfather?.text).toBe('Omar');
    expect(name.family?.text).toBe('al-Masri');
    expect(splitPersonName('Fatima Hussein')).toMatchObject({ father: null, family: { text: 'Hussein' } });
  });

  it('drops an article glued to a romanised family name, not to a given name', () => {
    const skeleton = (name: string) => splitPersonName(name).family?.skeleton;
    expect(skeleton('Fatima Elhassan')).toBe(skeleton('فاطمة خالد الحسن'));
    expect(skeleton('Ahmad Alkhatib')).toBe(skeleton('أحمد الخطيب'));
    expect(splitPersonName('Mohamad Alali').family?.key).toBe('ali');
    expect(splitPersonName('Elias Haddad').given?.key).toBe('elias');
    expect(splitPersonName('Ali Alawi').family?.key).toBe('alawi');
  });

  it('glues compounds with din and Allah', () => {
    expect(splitPersonName('Nour al-Din Zaki').given?.key).toBe('nurdin');
    expect(splitPersonName('Noureddine Zaki').given?.key).toBe('nurdin');
    expect(splitPersonName('نور الدين زكي').given?.skeleton).toBe('nrdn');
    expect(splitPersonName('عبد الله محمود').given?.skeleton).toBe(
      splitPersonName('Abdullah Mahmoud').given?.skeleton,
    );
  });
});
