import { useEffect, useState } from 'preact/hooks';
import { get } from '../api.ts';
import {
  type OutboxItem,
  outbox,
  retry,
  saveReport,
  startOutbox,
  syncing,
  syncOutbox,
  uuid,
} from '../field/outbox.ts';
import { outcomes } from '../filters.ts';
import { formatDateTime, formatNumber, lang, t, term } from '../i18n.ts';
import { atLeast, user } from '../session.ts';
import { useSignal } from '../signal.ts';
import { type PickedPlace, PlacePicker } from './PlacePicker.tsx';

const fieldGroups = ['civilians', 'children', 'women', 'men', 'combatants', 'unknown'];
const SOURCE_KEY = 'tally.field.source';

interface CountRow {
  group: string;
  count: string;
}

function useOnline(): boolean {
  const [online, setOnline] = useState(navigator.onLine);
  useEffect(() => {
    const update = () => setOnline(navigator.onLine);
    window.addEventListener('online', update);
    window.addEventListener('offline', update);
    return () => {
      window.removeEventListener('online', update);
      window.removeEventListener('offline', update);
    };
  }, []);
  return online;
}

/** The field reporter's form: saved on the device first, then sent (see field/outbox.ts). */
export function FieldForm() {
  const me = useSignal(user);
  useSignal(lang);
  const items = useSignal(outbox);
  const busy = useSignal(syncing);
  const online = useOnline();
  const [sources, setSources] = useState<Array<{ id: string; pseudonym: string }>>([]);
  const [sourceId, setSourceId] = useState(localStorage.getItem(SOURCE_KEY) ?? '');
  const [what, setWhat] = useState('');
  const [outcome, setOutcome] = useState('killed');
  const [place, setPlace] = useState<PickedPlace>({ id: null, text: '' });
  const [date, setDate] = useState(new Date().toISOString().slice(0, 10));
  const [counts, setCounts] = useState<CountRow[]>([{ group: 'civilians', count: '' }]);
  const [names, setNames] = useState('');
  const [files, setFiles] = useState<File[]>([]);
  const [message, setMessage] = useState<string | null>(null);

  useEffect(() => startOutbox(), []);
  useEffect(() => {
    if (atLeast('analyst', me))
      get<{ items: Array<{ id: string; pseudonym: string }> }>('/sources?limit=200')
        .then((answer) => setSources(answer.items))
        .catch(() => undefined);
  }, [me?.id]);

  if (me === null)
    return (
      <p>
        <a href="/login?next=/field">{t('signIn')}</a>
      </p>
    );

  const submit = async (event: Event) => {
    event.preventDefault();
    localStorage.setItem(SOURCE_KEY, sourceId);
    const rows = counts
      .map((row) => ({ group: row.group, count: Number.parseInt(row.count, 10) }))
      .filter((row) => Number.isFinite(row.count) && row.count >= 0);
    const victimNames = names
      .split('\n')
      .map((n) => n.trim())
      .filter(Boolean);
    const id = uuid();
    const body = {
      id,
      source_id: sourceId.trim(),
      channel: 'form',
      reported_at: new Date().toISOString(),
      language: lang.value,
      text: what.trim() || undefined,
      payload: {
        form: 'field-report/1',
        what: what.trim(),
        outcome,
        place: { id: place.id, text: place.text.trim() || null },
        date,
        counts: rows,
        victims: victimNames.map((name) => ({ name })),
      },
      attachments: files.map((file) => ({
        name: file.name,
        media_type: file.type || undefined,
        size: file.size,
      })),
      claims: rows.map((row) => ({
        outcome,
        count: {
          text: String(row.count),
          qualifier: 'exact',
          min: row.count,
          best: row.count,
          max: row.count,
        },
        victims: { group: row.group },
        place: place.text.trim() || place.id ? { text: place.text.trim() || null, id: place.id } : null,
        date: { text: date, start: date, end: date, precision: 'day' },
      })),
    };
    await saveReport(body, files);
    setMessage(t('saved'));
    setWhat('');
    setCounts([{ group: 'civilians', count: '' }]);
    setNames('');
    setFiles([]);
    setPlace({ id: null, text: '' });
    if (navigator.onLine) void syncOutbox();
  };

  return (
    <div class="field">
      <h1>{t('field')}</h1>
      <p class={online ? 'status online' : 'status offline'} role="status" data-online={online}>
        {online ? t('online') : t('offline')}
      </p>
      <form onSubmit={(e) => void submit(e)} class="stack" aria-label={t('field')}>
        <label htmlFor="field-source">
          {t('yourSource')}
          {sources.length > 0 ? (
            <select
              id="field-source"
              name="source"
              required
              value={sourceId}
              onChange={(e) => setSourceId(e.currentTarget.value)}
            >
              <option value="" />
              {sources.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.pseudonym}
                </option>
              ))}
            </select>
          ) : (
            <input
              id="field-source"
              name="source"
              required
              pattern="[0-9a-fA-F-]{36}"
              value={sourceId}
              onInput={(e) => setSourceId(e.currentTarget.value)}
            />
          )}
        </label>
        <label>
          {t('what')}
          <textarea
            name="what"
            rows={4}
            required
            value={what}
            onInput={(e) => setWhat(e.currentTarget.value)}
          />
        </label>
        <label>
          {t('outcome')}
          <select name="outcome" value={outcome} onChange={(e) => setOutcome(e.currentTarget.value)}>
            {outcomes.map((o) => (
              <option key={o} value={o}>
                {term(o)}
              </option>
            ))}
          </select>
        </label>
        <div class="label-block">
          <label for="field-place">{t('where')}</label>
          <PlacePicker id="field-place" value={place} onChange={setPlace} />
        </div>
        <label>
          {t('when')}
          <input
            type="date"
            name="date"
            required
            value={date}
            onInput={(e) => setDate(e.currentTarget.value)}
          />
        </label>
        <fieldset>
          <legend>{t('howMany')}</legend>
          {counts.map((row, i) => (
            <div class="row" key={i}>
              <label>
                <span class="sr-only">{t('group')}</span>
                <select
                  name={`group-${i}`}
                  aria-label={t('group')}
                  value={row.group}
                  onChange={(e) =>
                    setCounts(counts.map((r, j) => (j === i ? { ...r, group: e.currentTarget.value } : r)))
                  }
                >
                  {fieldGroups.map((g) => (
                    <option key={g} value={g}>
                      {term(g)}
                    </option>
                  ))}
                </select>
              </label>
              <label>
                <span class="sr-only">{t('count')}</span>
                <input
                  name={`count-${i}`}
                  aria-label={t('count')}
                  type="number"
                  min={0}
                  inputMode="numeric"
                  value={row.count}
                  onInput={(e) =>
                    setCounts(counts.map((r, j) => (j === i ? { ...r, count: e.currentTarget.value } : r)))
                  }
                />
              </label>
            </div>
          ))}
          <button
            type="button"
            class="secondary"
            onClick={() => setCounts([...counts, { group: 'children', count: '' }])}
          >
            {t('addGroup')}
          </button>
        </fieldset>
        <label>
          {t('names')}
          <textarea name="names" rows={3} value={names} onInput={(e) => setNames(e.currentTarget.value)} />
        </label>
        <label>
          {t('attachments')}
          <input
            type="file"
            name="attachments"
            multiple
            onChange={(e) => setFiles([...(e.currentTarget.files ?? [])])}
          />
        </label>
        <button type="submit">{t('submit')}</button>
        {message && <p role="status">{message}</p>}
      </form>
      <section aria-labelledby="outbox-title" class="outbox">
        <h2 id="outbox-title">
          {t('outbox')} (<span data-outbox-count>{formatNumber(items.length)}</span>)
        </h2>
        {items.length === 0 ? <p>{t('outboxEmpty')}</p> : <OutboxList items={items} />}
        <button type="button" class="secondary" disabled={busy || !online} onClick={() => void syncOutbox()}>
          {t('sendNow')}
        </button>
      </section>
    </div>
  );
}

function OutboxList(props: { items: OutboxItem[] }) {
  return (
    <ul class="outbox-list">
      {props.items.map((item) => (
        <li key={item.id} data-report-id={item.id}>
          <strong>{formatDateTime(item.savedAt)}</strong> · {String(item.body.text ?? '').slice(0, 60)}
          {item.files.map((f) => (
            <span key={f.uploadId} class="file">
              {' '}
              · {f.name}{' '}
              {f.done ? '✓' : `${t('uploading')} ${Math.round((100 * f.sent) / Math.max(1, f.size))}%`}
            </span>
          ))}
          {item.attempts > 0 && (
            <small>
              {' '}
              ({formatNumber(item.attempts)} {t('attempts')})
            </small>
          )}
          {item.error && (
            <p class="error">
              {item.refused ? `${t('failed')}: ` : ''}
              {item.error}{' '}
              {item.refused && (
                <button type="button" class="link" onClick={() => void retry(item)}>
                  {t('sendNow')}
                </button>
              )}
            </p>
          )}
        </li>
      ))}
    </ul>
  );
}
