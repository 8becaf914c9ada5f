/**
 * One item of a feed, whatever it came from (an incident today; maintenance and notices later).
 * Every text is plain except a section's markdown, which only the sanitizing markdown renderer
 * turns into HTML: a builder of entries can never put markup into a feed, and nothing here is a template.
 */
export interface FeedSection {
  /** Short plain label, e.g. the status the update set (`復旧済み`). */
  heading: string;
  /** When this part was posted; shown in JST, labelled. Null for a part without a time. */
  at: Date | null;
  /** Plain text (escaped, line breaks kept), or markdown source when `markdown` is set. */
  text: string;
  /**
   * Set for an operator's body, which the pages render as markdown: feeds render it the same way
   * (and as plain text where a format wants text). Labels, names and dates are plain text.
   */
  markdown?: boolean;
}

export interface FeedEntry {
  /**
   * Permanent and unique per language: the Atom id, RSS guid and JSON Feed id. An absolute URL
   * (the entry's permanent page) or a `tag:` URI; never reused for another entry.
   */
  id: string;
  /** The entry's page (the alternate link). */
  url: string;
  title: string;
  /** When the entry first appeared. */
  published: Date;
  /** When its content last changed: readers use it to show the entry as updated. */
  updated: Date;
  /** Rendered in this order (for an incident: its updates, newest first). */
  sections: FeedSection[];
  /** Components the entry concerns; a component's feed keeps the entries that name it. */
  componentIds: string[];
}

/** What places an entry in a feed. */
export type EntryOrder = Pick<FeedEntry, 'id' | 'updated' | 'published'>;

/** Latest change first, then latest first appearance, then id: the same entries always give the same order. */
export function compareEntries(a: EntryOrder, b: EntryOrder): number {
  return (
    b.updated.getTime() - a.updated.getTime() ||
    b.published.getTime() - a.published.getTime() ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}

const keys = new WeakMap<FeedEntry, string>();

/** Everything an entry says, as one string (made once per entry object): equal keys, equal entries. */
export function entryKey(entry: FeedEntry): string {
  let key = keys.get(entry);
  if (key === undefined) {
    key = JSON.stringify(entry);
    keys.set(entry, key);
  }
  return key;
}
