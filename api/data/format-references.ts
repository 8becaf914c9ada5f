/** Just the parts of a data file that name other records (format.ts's types are built from this check's schema). */
interface Referencing {
  component_groups: { id: string }[];
  components: { id: string; group_id: string | null }[];
  incidents: { id: string; updates: { id: string; components: Record<string, unknown> }[]; edits: { id: string }[] }[];
  maintenances: { id: string; components: string[]; updates: { id: string }[]; history: { id: string }[] }[];
  notices: { id: string; components: string[]; history: { id: string }[] }[];
  contacts?: { id: string; email: string; components: string[] | null }[];
  subscribers?: { id: string; email: string; components: string[] | null }[];
  webhooks?: { id: string; components: string[] | null }[];
}

export interface ReferenceIssue {
  path: (string | number)[];
  message: string;
}

/**
 * What would break the database's keys: a reference to a component or group the file does not
 * hold, and an id (or a recipient's address) used twice within one kind. Every component a file
 * names must be in its `components`, so that an import can match it to one that exists.
 */
export function danglingReferences(data: Referencing): ReferenceIssue[] {
  const issues: ReferenceIssue[] = [];
  const once = (kind: string, seen: Set<string>, key: string, path: (string | number)[]) => {
    if (seen.has(key)) issues.push({ path, message: `The ${kind} ${key} appears twice in the file.` });
    seen.add(key);
  };
  const ids = (kind: string, rows: { id: string }[], path: string) => {
    const seen = new Set<string>();
    for (const [i, row] of rows.entries()) once(kind, seen, row.id, [path, i, 'id']);
    return seen;
  };
  const groups = ids('group id', data.component_groups, 'component_groups');
  const components = ids('component id', data.components, 'components');
  const known = (componentIds: Iterable<string> | null, path: (string | number)[]) => {
    for (const [j, c] of [...(componentIds ?? [])].entries())
      if (!components.has(c))
        issues.push({
          path: [...path, j],
          message: `Names the component ${c}, which is not in the file's components.`,
        });
  };
  for (const [i, c] of data.components.entries())
    if (c.group_id !== null && !groups.has(c.group_id))
      issues.push({
        path: ['components', i, 'group_id'],
        message: `Names the group ${c.group_id}, which is not in the file's component_groups.`,
      });
  ids('incident id', data.incidents, 'incidents');
  const updateIds = new Set<string>();
  const editIds = new Set<string>();
  for (const [i, incident] of data.incidents.entries()) {
    for (const [j, u] of incident.updates.entries()) {
      once('update id', updateIds, u.id, ['incidents', i, 'updates', j, 'id']);
      for (const c of Object.keys(u.components))
        if (!components.has(c))
          issues.push({
            path: ['incidents', i, 'updates', j, 'components', c],
            message: `Names the component ${c}, which is not in the file's components.`,
          });
    }
    for (const [j, e] of incident.edits.entries()) once('edit id', editIds, e.id, ['incidents', i, 'edits', j, 'id']);
  }
  ids('maintenance id', data.maintenances, 'maintenances');
  const maintenanceChildren = new Set<string>();
  for (const [i, m] of data.maintenances.entries()) {
    known(m.components, ['maintenances', i, 'components']);
    for (const [j, u] of m.updates.entries())
      once('update id', maintenanceChildren, u.id, ['maintenances', i, 'updates', j, 'id']);
    for (const [j, h] of m.history.entries())
      once('history id', maintenanceChildren, h.id, ['maintenances', i, 'history', j, 'id']);
  }
  ids('notice id', data.notices, 'notices');
  const noticeHistory = new Set<string>();
  for (const [i, n] of data.notices.entries()) {
    known(n.components, ['notices', i, 'components']);
    for (const [j, h] of n.history.entries())
      once('history id', noticeHistory, h.id, ['notices', i, 'history', j, 'id']);
  }
  for (const kind of ['contacts', 'subscribers', 'webhooks'] as const) {
    const rows: { id: string; email?: string; components: string[] | null }[] = data[kind] ?? [];
    ids(`${kind.slice(0, -1)} id`, rows, kind);
    const addresses = new Set<string>();
    for (const [i, row] of rows.entries()) {
      if (row.email !== undefined) once('address', addresses, row.email.toLowerCase(), [kind, i, 'email']);
      known(row.components, [kind, i, 'components']);
    }
  }
  return issues;
}
