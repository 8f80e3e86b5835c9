import type { FakeChatwoot } from '../server';
import type { Row } from '../state';

import { body, NOT_FOUND, num } from './common';
import { invalid, registerCrud } from './crud';

const UNAUTHORIZED = { status: 401, body: { error: 'You are not authorized to do this action' } };
const ARTICLE_STATUSES = ['draft', 'published', 'archived'];

/**
 * Help Center (PortalsController, CategoriesController, ArticlesController of Chatwoot
 * 4.15.1) and integrations (Integrations::AppsController, HooksController). Portals are
 * found by slug, in their own path and as the parent of categories and articles.
 */
export function registerHelpCenter(fake: FakeChatwoot) {
	const { state } = fake;
	const A = '/api/v1/accounts/:account_id';
	const isAdmin = (accountId: string) => state.role(num(accountId)) === 'administrator';

	// portals/_portal.json.jbuilder: config.allowed_locales as [{code, …}], default_locale.
	const portalView = (p: Row) => {
		const config = (p.config ?? {}) as Row;
		const locales = (config.allowed_locales as string[] | undefined) ?? ['en'];
		return { id: p.id, color: p.color ?? null, custom_domain: p.custom_domain ?? null, header_text: p.header_text ?? null, homepage_link: p.homepage_link ?? null, name: p.name, page_title: p.page_title ?? null, slug: p.slug, archived: p.archived ?? false, account_id: p.account_id, config: { allowed_locales: locales.map((code) => ({ code, articles_count: 0, categories_count: 0 })), default_locale: config.default_locale ?? locales[0] }, meta: { categories_count: state.categories.filter((c) => c.portal_id === p.id).length } };
	};
	registerCrud(fake, {
		path: '/portals',
		rows: () => state.portals,
		actions: ['index', 'create', 'update'],
		wrap: 'portal',
		permit: ['color', 'custom_domain', 'header_text', 'homepage_link', 'name', 'page_title', 'slug', 'archived', 'config'],
		required: ['name', 'slug'],
		admin: ['create', 'update'],
		idKey: 'slug',
		view: portalView,
		list: (rows) => ({ payload: rows.map(portalView), meta: { current_page: 1, portals_count: rows.length } }),
		prepare(fields, _params, existing) {
			// Portal slugs are unique across the installation.
			if (fields.slug && state.portals.some((p) => p !== existing && p.slug === fields.slug)) return invalid('slug', 'has already been taken');
			if (fields.color && !/^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i.test(String(fields.color))) return invalid('color', 'is invalid');
			return undefined;
		},
	});
	const portal = (account_id: string, slug: string) => state.portals.find((p) => p.account_id === num(account_id) && p.slug === slug);
	const categoryView = (c: Row) => ({ id: c.id, name: c.name, slug: c.slug, locale: c.locale, description: c.description ?? null, position: c.position ?? null, account_id: c.account_id, icon: c.icon ?? '', icon_color: null, related_categories: [], meta: { articles_count: 0 } });

	fake.route('GET', `${A}/portals/:portal/categories`, (_r, { account_id, portal: slug }) => {
		const p = portal(account_id, slug);
		if (!p) return NOT_FOUND;
		const rows = state.categories.filter((c) => c.portal_id === p.id);
		return { body: { payload: rows.map(categoryView), meta: { current_page: 1, categories_count: rows.length } } };
	});
	fake.route('POST', `${A}/portals/:portal/categories`, (request, { account_id, portal: slug }) => {
		const p = portal(account_id, slug);
		if (!p) return NOT_FOUND;
		if (!isAdmin(account_id)) return UNAUTHORIZED;
		const fields = ((body(request).category as Row | undefined) ?? body(request)) as Row;
		for (const key of ['name', 'slug']) if (!fields[key]) return invalid(key, "can't be blank");
		const locales = (((p.config ?? {}) as Row).allowed_locales as string[] | undefined) ?? ['en'];
		// Category#allowed_locales
		if (!locales.includes(String(fields.locale))) return invalid('locale', `${String(fields.locale ?? '')} of category is not part of portal's ${JSON.stringify(locales)}.`);
		const category: Row = { id: state.nextId('record'), account_id: p.account_id, portal_id: p.id, ...fields };
		state.categories.push(category);
		return { body: { payload: categoryView(category) } };
	});
	fake.route('POST', `${A}/portals/:portal/articles`, (request, { account_id, portal: slug }) => {
		const p = portal(account_id, slug);
		if (!p) return NOT_FOUND;
		if (!isAdmin(account_id)) return UNAUTHORIZED;
		const fields = ((body(request).article as Row | undefined) ?? body(request)) as Row;
		const status = fields.status === undefined ? 'draft' : typeof fields.status === 'number' ? ARTICLE_STATUSES[fields.status] : String(fields.status);
		if (!ARTICLE_STATUSES.includes(status)) return { status: 500, body: { error: `'${String(fields.status)}' is not a valid status` } };
		if (!fields.title) return invalid('title', "can't be blank");
		if (!fields.author_id) return invalid('author_id', "can't be blank");
		if (status === 'published' && !fields.content) return invalid('content', "can't be blank");
		const category = state.categories.find((c) => c.id === num(fields.category_id) && c.portal_id === p.id);
		const article: Row = { id: state.nextId('record'), account_id: p.account_id, portal_id: p.id, views: 0, ...fields, status, slug: fields.slug ?? `${state.clock}-${String(fields.title).toLowerCase().replace(/\W+/g, '-')}`, locale: category?.locale ?? fields.locale ?? ((p.config ?? {}) as Row).default_locale ?? 'en' };
		state.articles.push(article);
		const author = state.agents.find((a) => a.id === num(article.author_id));
		return { body: { payload: { id: article.id, slug: article.slug, title: article.title, content: article.content ?? null, description: article.description ?? null, status, position: article.position ?? 10, account_id: article.account_id, updated_at: state.clock, meta: article.meta ?? {}, category: { id: category?.id ?? null, name: category?.name ?? null }, views: 0, author, associated_articles: [] } } };
	});

	// Integrations: apps active for the account (with their hooks), hooks of an app.
	const hookView = (h: Row) => ({ id: h.id, app_id: h.app_id, status: h.status !== 'disabled', inbox: h.inbox_id ? { id: h.inbox_id, name: state.inbox(num(h.inbox_id))?.name } : null, account_id: h.account_id, hook_type: h.hook_type, ...(isAdmin(String(h.account_id)) ? { settings: h.settings ?? {}, reference_id: null } : {}) });
	fake.route('GET', `${A}/integrations/apps`, (_r, { account_id }) => ({
		body: { payload: state.integrationApps.map((app) => ({ ...app, enabled: state.hooks.some((h) => h.app_id === app.id && h.account_id === num(account_id)), hooks: state.hooks.filter((h) => h.app_id === app.id && h.account_id === num(account_id)).map(hookView) })) },
	}));
	registerCrud(fake, {
		path: '/integrations/hooks',
		rows: () => state.hooks,
		actions: ['create', 'update', 'destroy'],
		wrap: 'hook',
		permit: ['app_id', 'inbox_id', 'status', 'settings'],
		required: ['app_id'],
		admin: ['create', 'update', 'destroy'],
		view: hookView,
		prepare(fields, params, existing) {
			if (existing) {
				// update: permitted_params.slice(:status, :settings); app_id, inbox_id are read-only.
				delete fields.app_id;
				delete fields.inbox_id;
			} else {
				const app = state.integrationApps.find((a) => a.id === fields.app_id);
				if (!app) return invalid('app_id', 'is invalid');
				if (!app.allow_multiple_hooks && state.hooks.some((h) => h.app_id === app.id && h.account_id === num(params.account_id))) return invalid('app_id', 'has already been taken');
				fields.hook_type = app.hook_type;
				if (app.hook_type === 'inbox' && !fields.inbox_id) return invalid('inbox_id', "can't be blank");
			}
			if ('status' in fields) fields.status = [0, 'disabled'].includes(fields.status as never) ? 'disabled' : 'enabled';
			return undefined;
		},
	});
}
