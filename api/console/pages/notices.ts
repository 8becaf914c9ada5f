import type { Context } from 'hono';
import { html } from 'hono/html';
import { pick } from '../../../site/i18n/index.ts';
import { createNotice } from '../../core/commands/create-notice.ts';
import type { FieldIssue } from '../../core/errors.ts';
import { createNoticeInput } from '../../core/input/maintenance.ts';
import { measureLeadTime } from '../../core/maintenance/lead-time.ts';
import { NOTICE_RECORD_KINDS, type NoticeView } from '../../core/maintenance/types.ts';
import { findNotice, loadMaintenances } from '../../core/queries/maintenance-model.ts';
import type { AppDeps } from '../../http/context.ts';
import { presentNotice } from '../../http/present/maintenance.ts';
import { type FormFields, type Markup, one, readForm, seeOther } from '../forms.ts';
import { renderPage } from '../layout.ts';
import { requireRole } from '../shell.ts';
import type { ConsoleEnv, PageModule } from '../types.ts';
import {
  dateField,
  jstField,
  many,
  optional,
  otherIssues,
  shortNoticeField,
  shortNoticeOf,
  textFields,
  ts,
} from './maintenance-form.ts';
import {
  type ComponentNames,
  componentBoxes,
  componentOptions,
  fieldsOf,
  formPage,
  jst,
  listOr,
  mayWrite,
  notFound,
  orNull,
  submit,
  textBlocks,
} from './maintenance-kit.ts';
import { componentNames, leadLine, policyBox } from './maintenance-view.ts';
import { noticeEditPages, noticeVerbsFor, NOTICE_VERB_LABEL } from './notices-edit.ts';
import { scrollRegion } from '../scroll-region.ts';

type C = Context<ConsoleEnv>;

function table(c: C, items: readonly NoticeView[], labelledby: string): Markup {
  return html`${scrollRegion({ labelledby })}<table>
<thead><tr><th scope="col">${ts(c, 'sc.title')}</th><th scope="col">${ts(c, 'nt.kind')}</th><th scope="col">${ts(c, 'nt.effective')}</th></tr></thead>
<tbody>${items.map(
    (n) =>
      html`<tr><td><a href="${c.var.base}/notices/${n.id}">${pick(c.var.lang, n.title, n.titleEn)}</a>${
        n.shortNotice ? html` <strong class="badge">${ts(c, 'sc.shortMark')}</strong>` : ''
      }${n.withdrawnAt ? html` <strong class="badge">${ts(c, 'nt.withdrawn')}</strong>` : ''}</td><td>${ts(
        c,
        `nt.kind.${n.kind}`,
      )}</td><td>${jst(c, n.effectiveAt)}</td></tr>`,
  )}</tbody></table></div>`;
}

function noticeList(c: C, notices: readonly NoticeView[], now: Date): Markup {
  const upcoming = notices.filter((n) => n.effectiveAt > now && !n.withdrawnAt);
  const past = notices.filter((n) => !upcoming.includes(n));
  return html`<h1>${ts(c, 'nt.title')}</h1>
${mayWrite(c, 'maintenance') ? html`<p><a class="button" href="${c.var.base}/notices/new">${ts(c, 'nt.new')}</a></p>` : html`<p>${ts(c, 'sc.viewOnly')}</p>`}
<section aria-labelledby="nt-upcoming"><h2 id="nt-upcoming">${ts(c, 'mt.upcoming')}</h2>${listOr(upcoming, ts(c, 'sc.none'), (l) => table(c, l, 'nt-upcoming'))}</section>
<section aria-labelledby="nt-past"><h2 id="nt-past">${ts(c, 'mt.past')}</h2>${listOr(past, ts(c, 'sc.none'), (l) => table(c, l, 'nt-past'))}</section>`;
}

function noticeDetail(c: C, n: NoticeView, ctx: { names: ComponentNames; deps: AppDeps }): Markup {
  const { leadTimePolicy: policy, siteUrl } = ctx.deps.settings;
  const verbs = mayWrite(c, 'maintenance') ? noticeVerbsFor(n, ctx.deps.now()) : [];
  return html`<h1>${pick(c.var.lang, n.title, n.titleEn)}</h1>
<dl class="facts">
<dt>${ts(c, 'nt.kind')}</dt><dd>${ts(c, `nt.kind.${n.kind}`)}</dd>
<dt>${ts(c, 'nt.effective')}</dt><dd>${jst(c, n.effectiveAt)}</dd>
<dt>${ts(c, 'mt.announced')}</dt><dd>${jst(c, n.announcedAt)}</dd>
<dt>${ts(c, 'sc.policy.title')}</dt><dd>${leadLine(c, measureLeadTime(n.kind, n.announcedAt, n.effectiveAt, policy), n.shortNotice, n.shortNoticeReason)}</dd>
<dt>${ts(c, 'sc.components')}</dt><dd>${n.componentIds.length ? componentNames(c, ctx.names, n.componentIds) : ts(c, 'sc.all')}</dd>
${n.withdrawnAt ? html`<dt>${ts(c, 'nt.withdrawn')}</dt><dd>${jst(c, n.withdrawnAt)} · ${n.withdrawReason ?? ''}</dd>` : ''}
<dt>${ts(c, 'mt.public')}</dt><dd><a href="${siteUrl}/notices/${n.id}/">${siteUrl}/notices/${n.id}/</a></dd>
</dl>
${verbs.length ? html`<ul class="actions">${verbs.map((v) => html`<li><a class="button" href="${c.var.base}/notices/${n.id}/${v}">${ts(c, NOTICE_VERB_LABEL[v])}</a></li>`)}</ul>` : ''}
${textBlocks(pick(c.var.lang, n.body, n.bodyEn))}
<p><a href="${c.var.base}/notices">${ts(c, 'sc.back')}</a></p>`;
}

async function newForm(c: C, deps: AppDeps, values: FormFields, issues: readonly FieldIssue[]) {
  const { rows } = await componentOptions(deps);
  const kinds = NOTICE_RECORD_KINDS.map((k) => ({ value: k, label: ts(c, `nt.kind.${k}`) }));
  return formPage(c, {
    title: ts(c, 'nt.new'),
    action: '/notices/new',
    issues,
    fields: [
      fieldsOf(
        c,
        [{ name: 'kind', label: ts(c, 'nt.kind'), type: 'select', options: kinds, required: true }],
        values,
        issues,
      ),
      fieldsOf(c, textFields(c), values, issues),
      fieldsOf(c, [dateField(c, 'effective_at', ts(c, 'nt.effective'))], values, issues),
      componentBoxes(c, {
        name: 'components',
        legend: ts(c, 'sc.components'),
        hint: ts(c, 'nt.components.hint'),
        options: rows.map((r) => ({ value: r.id, label: pick(c.var.lang, r.name, r.nameEn) })),
        checked: many(values, 'components'),
        issues,
      }),
      fieldsOf(c, [shortNoticeField(c)], values, issues),
    ],
    submit: ts(c, 'nt.new'),
    back: { href: '/notices', label: ts(c, 'sc.back') },
    aside: policyBox(c, NOTICE_RECORD_KINDS, deps.settings.leadTimePolicy, deps.now()),
  });
}

function createInput(form: FormFields) {
  const issues: FieldIssue[] = [];
  const input = {
    kind: one(form, 'kind'),
    title: one(form, 'title'),
    title_en: optional(form, 'title_en'),
    body: one(form, 'body'),
    body_en: optional(form, 'body_en'),
    effective_at: jstField(form, 'effective_at', issues),
    components: many(form, 'components'),
    short_notice: shortNoticeOf(form),
  };
  if (issues.length) issues.push(...otherIssues(createNoticeInput, input, ['effective_at']));
  return { input, issues };
}

/** Termination and change notices: the list, writing one, and amending, moving or withdrawing it (api/http/routes/notices.ts). */
export const noticePages: PageModule = (app, deps) => {
  const policy = deps.settings.leadTimePolicy;
  const ctx = { siteUrl: deps.settings.siteUrl, policy };
  const present = async (id: string) => presentNotice(await findNotice(deps.db, id, deps.now()), ctx);

  app.get('/notices', requireRole('read'), async (c) => {
    const now = deps.now();
    const { notices } = await loadMaintenances({ db: deps.db, now });
    return renderPage(c, { title: ts(c, 'nt.title'), body: noticeList(c, notices, now) });
  });

  app.get('/notices/new', requireRole('maintenance'), (c) => newForm(c, deps, {}, []));

  app.post('/notices/new', requireRole('maintenance'), async (c) => {
    const form = await readForm(c);
    const { input, issues } = createInput(form);
    return submit(c, deps, {
      issues,
      action: 'console: publish notice',
      targetType: 'notice',
      run: () => createNotice({ db: deps.db, now: deps.now(), input, policy }),
      after: ({ id }) => present(id),
      change: ({ id }) => ({ kind: 'notice', id }),
      again: (wrong) => newForm(c, deps, form, wrong),
      answer: ({ id }) => seeOther(c, `/notices/${id}`, ts(c, 'nt.done.created')),
    });
  });

  app.get('/notices/:id', requireRole('read'), async (c) => {
    const n = await orNull(findNotice(deps.db, c.req.param('id'), deps.now()));
    if (!n) return notFound(c);
    const { names } = await componentOptions(deps);
    return renderPage(c, {
      title: pick(c.var.lang, n.title, n.titleEn),
      body: noticeDetail(c, n, { names, deps }),
    });
  });

  noticeEditPages(app, deps, present);
};
