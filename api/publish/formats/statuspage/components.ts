import type { ComponentView, GroupView, SiteModel } from '../../../core/model.ts';
import { worstComponentStatus } from '../../../core/severity.ts';
import { toIsoOffset } from '../../../core/time.ts';
import type { ComponentObject } from './shapes.ts';

/** One component row. Exactly the contract's keys: strict readers reject anything more. */
export function componentObject(c: ComponentView, pageId: string): ComponentObject {
  return {
    id: c.id,
    name: c.name,
    status: c.status,
    created_at: toIsoOffset(c.createdAt),
    updated_at: toIsoOffset(c.updatedAt),
    position: c.position,
    description: c.description,
    showcase: c.showcase,
    start_date: c.startDate,
    group_id: c.groupId,
    page_id: pageId,
    group: false,
    only_show_if_degraded: c.onlyShowIfDegraded,
  };
}

/**
 * A group row. Statuspage has no status of its own for a group: it shows its members' worst
 * (an empty group is operational). Groups are never showcased or hidden-unless-degraded.
 */
function groupObject(g: GroupView, members: readonly ComponentView[], pageId: string): ComponentObject {
  return {
    id: g.id,
    name: g.name,
    status: worstComponentStatus(members.map((m) => m.status)),
    created_at: toIsoOffset(g.createdAt),
    updated_at: toIsoOffset(g.updatedAt),
    position: g.position,
    description: g.description,
    showcase: false,
    start_date: null,
    group_id: null,
    page_id: pageId,
    group: true,
    only_show_if_degraded: false,
    components: [...g.componentIds],
  };
}

type TopLevel = { kind: 'group'; group: GroupView } | { kind: 'component'; component: ComponentView };

function topLevelKey(t: TopLevel): [number, string, string] {
  const v = t.kind === 'group' ? t.group : t.component;
  return [v.position, v.name, v.id];
}

function compareTopLevel(a: TopLevel, b: TopLevel): number {
  const [pa, na, ia] = topLevelKey(a);
  const [pb, nb, ib] = topLevelKey(b);
  return pa - pb || (na < nb ? -1 : na > nb ? 1 : 0) || (ia < ib ? -1 : ia > ib ? 1 : 0);
}

/**
 * Every group row and component row, in page order: top-level entries (groups and ungrouped
 * components) by position, then name, then id; each group row followed by its members in the
 * model's order. A component whose group is missing from the model is shown at top level.
 */
export function componentObjects(model: SiteModel, pageId: string): ComponentObject[] {
  const groupIds = new Set(model.groups.map((g) => g.id));
  const membersOf = new Map<string, ComponentView[]>();
  const topLevel: TopLevel[] = model.groups.map((group) => ({ kind: 'group', group }));
  for (const component of model.components) {
    if (component.groupId !== null && groupIds.has(component.groupId)) {
      const list = membersOf.get(component.groupId) ?? [];
      list.push(component);
      membersOf.set(component.groupId, list);
    } else {
      topLevel.push({ kind: 'component', component });
    }
  }
  return topLevel.sort(compareTopLevel).flatMap((t) => {
    if (t.kind === 'component') return [componentObject(t.component, pageId)];
    const members = membersOf.get(t.group.id) ?? [];
    return [groupObject(t.group, members, pageId), ...members.map((m) => componentObject(m, pageId))];
  });
}
