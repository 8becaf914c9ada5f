import type { ComponentStatus } from '../../core/vocab.ts';
import type { ShiraseDataInput } from '../format.ts';
import { bilingual, type LanguageOption, languageOf } from './language.ts';
import type { StatuspageComponent, StatuspageDocument } from './shapes.ts';

type GroupRecord = NonNullable<ShiraseDataInput['component_groups']>[number];
type ComponentRecord = NonNullable<ShiraseDataInput['components']>[number];

/** A component a post names by its id and name only (`affected_components`), and when it first did. */
export interface NamedComponent {
  id: string;
  name: string;
  at: string;
}

const isGroup = (c: StatuspageComponent) => c.group === true || c.components !== undefined;

/** Ours derives "under maintenance" from the maintenance windows; kept by hand it would outlive them. */
const manualStatus = (status: ComponentStatus): ComponentStatus =>
  status === 'under_maintenance' ? 'operational' : status;

function texts(c: StatuspageComponent, option: LanguageOption) {
  const lang = languageOf([c.name, c.description ?? ''], option);
  const name = bilingual(c.name, lang);
  const description = c.description ? bilingual(c.description, lang) : { ja: null, en: null };
  return { name: name.ja, name_en: name.en, description: description.ja, description_en: description.en };
}

function groupRecord(c: StatuspageComponent, option: LanguageOption, at: string): GroupRecord {
  return {
    id: c.id,
    ...texts(c, option),
    position: c.position ?? 0,
    created_at: c.created_at ?? at,
    updated_at: c.updated_at ?? c.created_at ?? at,
  };
}

function componentRecord(
  c: StatuspageComponent,
  groups: ReadonlySet<string>,
  option: LanguageOption,
  at: string,
): ComponentRecord {
  return {
    id: c.id,
    // A group the file does not hold (an incident's component from a page whose groups were not saved) is left out.
    group_id: c.group_id && groups.has(c.group_id) ? c.group_id : null,
    ...texts(c, option),
    position: c.position ?? 0,
    status: manualStatus(c.status),
    showcase: c.showcase ?? true,
    only_show_if_degraded: c.only_show_if_degraded ?? false,
    start_date: c.start_date ?? null,
    created_at: c.created_at ?? at,
    updated_at: c.updated_at ?? c.created_at ?? at,
  };
}

/**
 * Groups and components: the page's own list (components.json, summary.json) first, then the
 * components its incidents and maintenance carry in full, then those only named by a post (a
 * component deleted since). Every component a record names must be in the file, so that the
 * importer can match it to one that exists (by id, then by name) or create it. Each appears once,
 * as its fullest description says; a component described nowhere gets the time it was first named.
 */
export function componentRecords(
  doc: StatuspageDocument,
  named: readonly NamedComponent[],
  option: LanguageOption,
): { component_groups: GroupRecord[]; components: ComponentRecord[] } {
  const firstNamed = new Map<string, string>();
  for (const n of named) if (!firstNamed.has(n.id)) firstNamed.set(n.id, n.at);
  const listed = doc.components ?? [];
  const carried = [...(doc.incidents ?? []), ...(doc.scheduled_maintenances ?? [])].flatMap((r) => r.components ?? []);
  const seen = new Set<string>();
  const described = [...listed, ...carried].filter((c) => !seen.has(c.id) && seen.add(c.id));
  const groupRows = listed.filter(isGroup);
  const groups = new Set(groupRows.map((g) => g.id));
  const fallback = (id: string) => firstNamed.get(id) ?? named[0]?.at ?? '2000-01-01T00:00:00Z';
  const components = described
    .filter((c) => !isGroup(c))
    .map((c) => componentRecord(c, groups, option, fallback(c.id)));
  for (const n of named) {
    if (seen.has(n.id)) continue;
    seen.add(n.id);
    const lang = languageOf([n.name], option);
    const name = bilingual(n.name, lang);
    components.push({ id: n.id, name: name.ja, name_en: name.en, created_at: n.at, updated_at: n.at });
  }
  return { component_groups: groupRows.map((g) => groupRecord(g, option, fallback(g.id))), components };
}
