import { useEffect, useRef, useState } from 'preact/hooks';
import { get, type Place, qs } from '../api.ts';
import { placeName, t } from '../i18n.ts';

export interface PickedPlace {
  id: string | null;
  text: string;
}

/**
 * A combobox over the gazetteer (GET /places?prefix=, public). Offline, or when nothing
 * matches, the words typed are kept as the place's text for an analyst to resolve.
 */
export function PlacePicker(props: {
  value: PickedPlace;
  onChange: (value: PickedPlace) => void;
  id: string;
}) {
  const [options, setOptions] = useState<Place[]>([]);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const timer = useRef<number | undefined>(undefined);
  const text = props.value.text;

  useEffect(() => {
    window.clearTimeout(timer.current);
    if (text.trim().length < 2 || props.value.id) {
      setOptions([]);
      return;
    }
    timer.current = window.setTimeout(() => {
      get<{ items: Place[] }>(`/places${qs({ prefix: text.trim(), limit: 8 })}`)
        .then((answer) => {
          setOptions(answer.items);
          setOpen(answer.items.length > 0);
          setActive(-1);
        })
        .catch(() => setOptions([]));
    }, 200);
  }, [text, props.value.id]);

  const choose = (place: Place) => {
    props.onChange({ id: place.id, text: placeName(place) });
    setOpen(false);
  };
  const listId = `${props.id}-list`;
  return (
    <div class="combo">
      <input
        id={props.id}
        role="combobox"
        aria-expanded={open}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={active >= 0 ? `${listId}-${active}` : undefined}
        autoComplete="off"
        placeholder={t('placeSearch')}
        value={text}
        onInput={(e) => props.onChange({ id: null, text: e.currentTarget.value })}
        onKeyDown={(e) => {
          if (!open) return;
          if (e.key === 'ArrowDown') setActive((i) => Math.min(options.length - 1, i + 1));
          else if (e.key === 'ArrowUp') setActive((i) => Math.max(0, i - 1));
          else if (e.key === 'Enter' && active >= 0) choose(options[active] as Place);
          else if (e.key === 'Escape') setOpen(false);
          else return;
          e.preventDefault();
        }}
        onBlur={() => window.setTimeout(() => setOpen(false), 150)}
      />
      {open && (
        <div id={listId} role="listbox" class="combo-list">
          {options.map((place, i) => (
            // biome-ignore lint/a11y/useKeyWithClickEvents: the input handles the keys (combobox pattern)
            <div
              key={place.id}
              tabIndex={-1}
              id={`${listId}-${i}`}
              role="option"
              aria-selected={i === active}
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => choose(place)}
            >
              {placeName(place)} <small>({place.level})</small>
            </div>
          ))}
        </div>
      )}
      {props.value.id && <small class="picked">✓ {props.value.id}</small>}
    </div>
  );
}
