// The incident page's named victims: the records linked to it, and a search of the lists to link more.
import { useState } from 'preact/hooks';
import { api, get, type Page, post, qs, type VictimRecord } from '../api.ts';
import { formatNumber, t, term } from '../i18n.ts';

interface Props {
  incidentId: string;
  victims: VictimRecord[];
  /** The best estimate of the killed, to say how many of them have names. */
  killedBest: number | undefined;
  dates: { start: string; end: string };
  onChanged: (victims: VictimRecord[]) => void;
  onError: (message: string) => void;
}

const place = (record: VictimRecord) =>
  [record.place.text, record.place.governorate].filter(Boolean).join(', ');

export function IncidentVictims(props: Props) {
  const [name, setName] = useState('');
  const [inDates, setInDates] = useState(true);
  const [found, setFound] = useState<VictimRecord[] | null>(null);
  const linked = new Set(props.victims.map((v) => v.id));
  const fail = (caught: unknown) => props.onError(String((caught as Error)?.message ?? caught));
  const change = (request: Promise<{ items: VictimRecord[] }>) =>
    request.then((answer) => props.onChanged(answer.items)).catch(fail);
  const search = () =>
    get<Page<VictimRecord>>(
      `/victims${qs({
        q: name.trim(),
        died_from: inDates ? props.dates.start : undefined,
        died_to: inDates ? props.dates.end : undefined,
        limit: 20,
      })}`,
    )
      .then((page) => setFound(page.items))
      .catch(fail);
  return (
    <section aria-labelledby="victims-title">
      <h2 id="victims-title">{t('namedVictims')}</h2>
      {props.victims.length === 0 ? (
        <p class="note">{t('noNamedVictims')}</p>
      ) : (
        <>
          {props.killedBest !== undefined && (
            <p data-testid="named-share">
              {formatNumber(props.victims.length)} {t('namedOfKilled')} {formatNumber(props.killedBest)}{' '}
              {t('killedWord')}
            </p>
          )}
          <table>
            <thead>
              <tr>
                {(['name', 'sex', 'age', 'status', 'date', 'place', 'list'] as const).map((key) => (
                  <th scope="col" key={key}>
                    {t(key)}
                  </th>
                ))}
                <th scope="col" />
              </tr>
            </thead>
            <tbody>
              {props.victims.map((record) => (
                <tr key={record.id}>
                  <td>{record.name ?? '—'}</td>
                  <td>{record.sex ? term(record.sex) : ''}</td>
                  <td>{record.age.text ?? ''}</td>
                  <td>{term(record.status)}</td>
                  <td>{record.date_of_death.text ?? ''}</td>
                  <td>{place(record)}</td>
                  <td>{record.list}</td>
                  <td>
                    <button
                      type="button"
                      class="secondary"
                      onClick={() =>
                        change(api('DELETE', `/incidents/${props.incidentId}/victims/${record.id}`))
                      }
                    >
                      {t('unlinkVictim')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      <form
        class="row"
        onSubmit={(e) => {
          e.preventDefault();
          void search();
        }}
      >
        <label>
          {t('findVictims')}
          <input type="search" required value={name} onInput={(e) => setName(e.currentTarget.value)} />
        </label>
        <label class="check">
          <input type="checkbox" checked={inDates} onChange={(e) => setInDates(e.currentTarget.checked)} />
          {t('diedInDates')}
        </label>
        <button type="submit">{t('search')}</button>
      </form>
      {found && found.length === 0 && <p class="note">{t('noMatches')}</p>}
      {found && found.length > 0 && (
        <ul class="victim-matches">
          {found.map((record) => (
            <li key={record.id}>
              <button
                type="button"
                disabled={linked.has(record.id)}
                onClick={() =>
                  change(post(`/incidents/${props.incidentId}/victims`, { victim_record_ids: [record.id] }))
                }
              >
                {t('linkVictim')}
              </button>{' '}
              {record.name ?? '—'} · {record.date_of_death.text ?? '?'} · {place(record)}{' '}
              <small>{record.list}</small>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
